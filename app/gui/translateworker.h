#pragma once
// TranslateWorker: translates single images and exports folders with engine::Translator, on its own
// thread (so translating works while the training thread is busy). Requests arrive as queued calls;
// cancelling an export is an atomic read by the engine's progress callback. The translator is cached
// per (source, direction) and reloaded when the project has a newer checkpoint.

#include <QImage>
#include <QObject>
#include <QSize>
#include <QStringList>

#include <atomic>
#include <memory>

namespace engine {
class MultiDomainTranslator;
class Translator;
}

namespace app {

class TranslateWorker : public QObject
{
    Q_OBJECT

public:
    explicit TranslateWorker(QObject *parent = nullptr);
    ~TranslateWorker() override;
    void requestCancel() { m_cancel = true; } // thread-safe

public Q_SLOTS:
    // modelFile empty: the project's newest checkpoint.
    void translate(const QString &projectDir, const QString &modelFile, const QString &direction, const QString &imagePath);
    void exportFolder(const QString &projectDir, const QString &modelFile, const QString &direction, const QString &inputDir,
                      const QString &outputDir, const QString &format = QString());
    // One frame of a video, translated (answers with videoOpened() the first time, then translated()).
    void previewVideoFrame(const QString &projectDir, const QString &modelFile, const QString &direction, const QString &videoPath,
                           qint64 frame);
    // The whole video into `outputFile`, frame by frame; progress as exportProgress(), then videoFinished().
    void exportVideo(const QString &projectDir, const QString &modelFile, const QString &direction, const QString &videoPath,
                     const QString &outputFile, double smoothing);
    // Writes the project's newest generator for `direction` as a shareable model file.
    void exportModel(const QString &projectDir, const QString &direction, const QString &file);

Q_SIGNALS:
    void translated(const QString &path, const QImage &original, const QImage &result);
    void exportProgress(int done, int total, double etaSeconds);
    void exportFinished(int written, const QStringList &skipped, bool cancelled);
    void failed(const QString &error);
    void videoOpened(const QString &path, qint64 frames, double fps, const QSize &size);
    void videoFinished(const QString &outputFile, qint64 frames, bool cancelled);
    void modelExported(const QString &file, const QString &description);
    void modelExportFailed(const QString &error);

private:
    engine::Translator &translator(const QString &projectDir, const QString &modelFile, const QString &direction);

    std::unique_ptr<engine::Translator> m_translator;
    QString m_key;
    // Multi-domain projects ("to:NAME" directions): the project's newest checkpoint, reloaded when it changes.
    engine::MultiDomainTranslator &multiTranslator(const QString &projectDir, const QString &direction, int *target);
    std::unique_ptr<engine::MultiDomainTranslator> m_multi;
    QString m_multiKey;
    std::atomic<bool> m_cancel{false};
};

} // namespace app
