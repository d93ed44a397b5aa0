#pragma once
// TranslateView: drop an image (or Open…) to see it and its translation side by side, in either
// direction (or into a named domain), zoomed to fit or at a fixed scale with both sides scrolling
// together, and save the result; "Export folder…" translates a whole folder with a progress bar, ETA
// and Cancel, then lists what was skipped. A dropped video shows a chosen frame translated and exports
// the whole video (without its audio). It emits typed requests; the app's translate worker answers them.
// UI thread; owned by the main window.

#include "ui/format.h"
#include "ui/types.h"

#include <QImage>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QHBoxLayout;
class QLabel;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QStackedWidget;
class QSlider;
class QTimer;

namespace ui {

class CompareView;

class TranslateView : public QWidget
{
    Q_OBJECT

public:
    explicit TranslateView(QWidget *parent = nullptr);

    // The open project, whose newest checkpoint translates unless a model file was chosen.
    // Another project forgets the image, its translation and any video shown (clear()).
    void setProjectDir(const QString &dir);
    // Back to the empty view: no image, no result (Save disabled), no video.
    void clear();
    // The model file chosen in the model list (empty: the project's latest checkpoint).
    QString modelFile() const { return m_modelFile; }
    void setModelFile(const QString &file);
    // Multi-domain projects: the domains to translate into; empty: A → B and B → A.
    void setTargets(const QVector<DomainTarget> &domains);
    // A two-domain project's style names, for the direction switch ("Photos → Watercolours").
    void setStyleNames(const StyleNames &names);
    // Chooses the direction or domain by its place in the switch (0: A → B or the first domain).
    void setTargetIndex(int index);
    // The target's name for file names: the style or domain translated into ("Watercolours"), or
    // "translated" for an unnamed two-domain project.
    QString targetFileTag() const;
    TranslateTarget target() const;
    TranslateRequest request() const;
    void setFileTypes(const FileTypes &types) { m_fileTypes = types; }

    bool hasResult() const { return !m_result.isNull(); }
    // Saves the shown result into `file` (atomically), or, with `deep`, asks for it again at 16 bits per
    // channel (deepSaveRequested; PNG or TIFF). Save As… asks for the file and calls this.
    void saveResultTo(const QString &file, bool deep);
    QImage result() const { return m_result; }
    void requestTranslation(const QString &imagePath);
    // A video: shows its frame `frame` translated, with a frame slider and Export Video….
    void openVideo(const QString &videoPath);
    QString videoPath() const { return m_videoPath; }
    // 0: fit the window; otherwise the scale (1.0 = 100 %). Both sides zoom and scroll together.
    void setZoom(double zoom);
    double zoom() const { return m_zoom; }

public Q_SLOTS:
    // madeBy: the model and training step that made the result ("this project's model, step 1200").
    void showResult(const QString &path, const QImage &original, const QImage &result, const QString &madeBy = QString());
    // Compare: one picture with a line to drag between the translation and the original, instead of
    // the two side by side.
    void setComparing(bool comparing);
    bool isComparing() const;
    CompareView *compareView() const { return m_compare; }
    QString statusText() const;
    void showExportProgress(int done, int total, double etaSeconds);
    void showExportFinished(int written, const QStringList &skipped, bool cancelled);
    void showError(const QString &message);
    // A 16-bit save asked for with deepSaveRequested was written.
    void showSaved(const QString &file);
    // `size` as shown (a rotated video upright); `soundTracks` -1 where this build drops the sound.
    void showVideoInfo(const QString &path, qint64 frames, double fps, const QSize &size, int soundTracks = 0);
    void showVideoFinished(const QString &outputFile, qint64 frames, bool cancelled);
    // The chosen model file checked: what it is, or why it cannot be used (the project's model is used then).
    void showModelInfo(const QString &file, const QString &description);
    void showModelProblem(const QString &file, const QString &message);

Q_SIGNALS:
    void translateRequested(const QString &imagePath, const ui::TranslateRequest &request);
    void exportRequested(const ui::ExportRequest &request);
    void cancelExportRequested();
    void modelFileChosen(const QString &file);
    void videoFrameRequested(const QString &videoPath, qint64 frame, const ui::TranslateRequest &request);
    void videoExportRequested(const QString &videoPath, const QString &outputFile, const ui::TranslateRequest &request, double smoothing);
    // The result of `imagePath` saved with 16 bits per channel (translated again at full precision).
    void deepSaveRequested(const QString &imagePath, const QString &outputFile, const ui::TranslateRequest &request);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QHBoxLayout *createToolbar();
    QHBoxLayout *createImagePanes();
    QWidget *createVideoBar();
    void connectToolbar(QPushButton *open);
    void fillTargets(QComboBox *box) const;
    TranslateTarget targetAt(int index) const;
    void refreshPixmaps();
    void askExport();
    void askVideoExport();
    void setExporting(bool exporting);

    QComboBox *m_direction, *m_zoomBox;
    QScrollArea *m_originalScroll, *m_translatedScroll;
    QLabel *m_source, *m_original, *m_translated, *m_status;
    QPushButton *m_saveAs, *m_export, *m_cancel;
    // After an export: opens the folder it wrote in the file manager (hidden until then).
    QPushButton *m_openOutput;
    QString m_outputFolder;
    StyleNames m_styles;
    CompareView *m_compare = nullptr;
    QStackedWidget *m_imageStack = nullptr;
    QPushButton *m_compareToggle = nullptr;
    QHBoxLayout *m_viewRow = nullptr;
    void offerOutputFolder(const QString &folder);
    QProgressBar *m_progress;
    QString m_lastPath, m_modelFile, m_videoPath, m_projectDir;
    QVector<DomainTarget> m_domains;
    FileTypes m_fileTypes;
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
