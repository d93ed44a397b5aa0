#pragma once
// TranslateView: drop an image (or Open…) to see it and its translation side by side, in either
// direction, zoomed to fit or at a fixed scale with both sides scrolling together, and save the result; "Export folder…" translates a whole folder with a progress bar, ETA
// and Cancel, then lists what was skipped. A dropped video shows a chosen frame translated and exports
// the whole video (without its audio). It emits requests; the app's translate worker answers them.
// UI thread; owned by the main window.

#include <QImage>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QSlider;
class QDoubleSpinBox;
class QTimer;

namespace ui {

class TranslateView : public QWidget
{
    Q_OBJECT

public:
    explicit TranslateView(QWidget *parent = nullptr);

    QString direction() const; // "AtoB", "BtoA", or "to:NAME" for a multi-domain project
    // Multi-domain projects: (label, id) per target domain, id "to:NAME"; empty: A → B and B → A.
    void setTargets(const QVector<QPair<QString, QString>> &targets);
    QString modelFile() const { return m_modelFile; } // empty: the project's latest checkpoint
    void setModelFile(const QString &file);
    bool hasResult() const { return !m_result.isNull(); }
    QImage result() const { return m_result; }
    void requestTranslation(const QString &imagePath);
    // A video: shows its frame `frame` translated, with a frame slider and Export Video….
    void openVideo(const QString &videoPath);
    QString videoPath() const { return m_videoPath; }
    static bool isVideoName(const QString &fileName);
    // 0: fit the window; otherwise the scale (1.0 = 100 %). Both sides zoom and scroll together.
    void setZoom(double zoom);
    double zoom() const { return m_zoom; }

public Q_SLOTS:
    void showResult(const QString &path, const QImage &original, const QImage &result);
    void showExportProgress(int done, int total, double etaSeconds);
    void showExportFinished(int written, const QStringList &skipped, bool cancelled);
    void showError(const QString &message);
    void showVideoInfo(const QString &path, qint64 frames, double fps, const QSize &size);
    void showVideoFinished(const QString &outputFile, qint64 frames, bool cancelled);

Q_SIGNALS:
    void translateRequested(const QString &imagePath, const QString &direction, const QString &modelFile);
    // format: "" keeps each file's type, else "png", "jpg", "webp" or "tif".
    void exportRequested(const QString &inputDir, const QString &outputDir, const QString &direction, const QString &modelFile,
                         const QString &format);
    void cancelExportRequested();
    void videoFrameRequested(const QString &videoPath, qint64 frame, const QString &direction, const QString &modelFile);
    void videoExportRequested(const QString &videoPath, const QString &outputFile, const QString &direction, const QString &modelFile,
                              double smoothing);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void refreshPixmaps();
    void askExport();
    void askVideoExport();
    void setExporting(bool exporting);

    QComboBox *m_direction, *m_zoomBox;
    QScrollArea *m_originalScroll, *m_translatedScroll;
    QLabel *m_source, *m_original, *m_translated, *m_status;
    QPushButton *m_saveAs, *m_export, *m_cancel;
    QProgressBar *m_progress;
    QString m_lastPath, m_modelFile, m_videoPath;
    QWidget *m_videoBar;
    QSlider *m_frame;
    QLabel *m_videoInfo;
    QPushButton *m_exportVideo;
    QDoubleSpinBox *m_smoothing;
    QTimer *m_frameTimer;
    QImage m_originalImage, m_result;
    double m_zoom = 0;
};

} // namespace ui
