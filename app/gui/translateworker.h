#pragma once
// TranslateWorker: translates single images and video frames, and exports folders and videos, on its
// own thread (so translating works while the training thread is busy). Requests arrive as
// queued calls with typed requests (ui::TranslateRequest); cancelling an export is an atomic read by the
// engine's progress callback. The translator is cached per request (source, target) and reloaded when
// the project has a newer checkpoint. Every failure becomes failed() with a sentence, in one place.

#include "ui/types.h"

#include <QImage>
#include <QObject>
#include <QSize>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>

namespace engine {
class Translator;
}

namespace app {

class LiveModels;

class TranslateWorker : public QObject
{
    Q_OBJECT

public:
    explicit TranslateWorker(QObject *parent = nullptr);
    ~TranslateWorker() override;
    void requestCancel() { m_cancel = true; } // thread-safe
    // While this project trains, translations from it use the weights in training (set before use).
    void setLiveModels(LiveModels *live) { m_live = live; }

public Q_SLOTS:
    void translate(const QString &imagePath, const ui::TranslateRequest &request);
    void exportFolder(const ui::ExportRequest &request);
    // The translation of `imagePath` at 16 bits per channel into `outputFile` (PNG or TIFF), atomically;
    // answers with saved() or failed().
    void saveDeep(const QString &imagePath, const ui::TranslateRequest &request, const QString &outputFile);
    // One frame of a video, translated (answers with videoOpened(), then translated()).
    void previewVideoFrame(const QString &videoPath, qint64 frame, const ui::TranslateRequest &request);
    // The whole video into `outputFile`, frame by frame; progress as exportProgress(), then videoFinished().
    void exportVideo(const QString &videoPath, const QString &outputFile, const ui::TranslateRequest &request, double smoothing);
    // Loads a model file completely (checksums, shapes, finite weights) and answers with modelInspected()
    // or modelProblem().
    void inspectModel(const QString &file);

Q_SIGNALS:
    // madeBy: the model and its training step, for the result pane.
    void translated(const QString &path, const QImage &original, const QImage &result, const QString &madeBy);
    void exportProgress(int done, int total, double etaSeconds);
    void exportFinished(int written, const QStringList &skipped, bool cancelled);
    void failed(const QString &error);
    void saved(const QString &outputFile);
    // `size` upright; `soundTracks` -1 where this build drops the sound.
    void videoOpened(const QString &path, qint64 frames, double fps, const QSize &size, int soundTracks);
    void videoFinished(const QString &outputFile, qint64 frames, bool cancelled);
    void modelInspected(const QString &file, const QString &description);
    void modelProblem(const QString &file, const QString &error);

private:
    engine::Translator &translator(const ui::TranslateRequest &request);
    QString madeBy(const ui::TranslateRequest &request, const engine::Translator &translator) const;
    // Runs `work`; an exception becomes `failure` with the engine's sentence, or `prefix` and the reason.
    void guarded(const std::function<void()> &work, void (TranslateWorker::*failure)(const QString &), const QString &prefix);

    std::unique_ptr<engine::Translator> m_translator;
    QString m_key;
    LiveModels *m_live = nullptr;
    std::atomic<bool> m_cancel{false};
};

} // namespace app
