#pragma once
// TranslateView: drop an image (or Open…) to see it and its translation side by side, in either
// direction, and save the result; "Export folder…" translates a whole folder with a progress bar, ETA
// and Cancel, then lists what was skipped. It emits requests; the app's translate worker answers them.
// UI thread; owned by the main window.

#include <QImage>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace ui {

class TranslateView : public QWidget
{
    Q_OBJECT

public:
    explicit TranslateView(QWidget *parent = nullptr);

    QString direction() const; // "AtoB" or "BtoA"
    QString modelFile() const { return m_modelFile; } // empty: the project's latest checkpoint
    bool hasResult() const { return !m_result.isNull(); }
    QImage result() const { return m_result; }
    void requestTranslation(const QString &imagePath);

public Q_SLOTS:
    void showResult(const QString &path, const QImage &original, const QImage &result);
    void showExportProgress(int done, int total, double etaSeconds);
    void showExportFinished(int written, const QStringList &skipped, bool cancelled);
    void showError(const QString &message);

Q_SIGNALS:
    void translateRequested(const QString &imagePath, const QString &direction, const QString &modelFile);
    void exportRequested(const QString &inputDir, const QString &outputDir, const QString &direction, const QString &modelFile);
    void cancelExportRequested();

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void refreshPixmaps();

    QComboBox *m_direction;
    QLabel *m_source, *m_original, *m_translated, *m_status;
    QPushButton *m_saveAs, *m_export, *m_cancel;
    QProgressBar *m_progress;
    QString m_lastPath, m_modelFile;
    QImage m_originalImage, m_result;
};

} // namespace ui
