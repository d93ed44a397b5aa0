#include "app/gui/translateworker.h"

#include "app/gui/conversions.h"
#include "app/gui/enginetext.h"
#include "app/gui/livemodels.h"
#include "app/gui/throttle.h"
#include "engine/core/device.h"
#include "engine/core/error.h"
#include "engine/core/imageio.h"
#include "engine/interop/pytorch.h"
#include "engine/project/checkpoint.h"
#include "engine/project/project.h"
#include "engine/translation/translator.h"
#include "engine/translation/video.h"

#include <QFileInfo>

#include <algorithm>

namespace app {

TranslateWorker::TranslateWorker(QObject *parent) : QObject(parent) {}
TranslateWorker::~TranslateWorker() = default;

void TranslateWorker::guarded(const std::function<void()> &work, void (TranslateWorker::*failure)(const QString &), const QString &prefix)
{
    try {
        work();
    } catch (const engine::Error &e) {
        Q_EMIT(this->*failure)(engineText(e.what()));
    } catch (const std::exception &e) {
        Q_EMIT(this->*failure)(prefix.arg(engineText(e.what())));
    }
}

engine::Translator &TranslateWorker::translator(const ui::TranslateRequest &request)
{
    // The key names what the translator was made from: the model file, or the project's newest checkpoint
    // and the target, so that a newer checkpoint or another target loads again.
    // While the project trains, the weights in training (a model file written for this request) replace
    // the newest checkpoint.
    QString key;
    engine::ModelSource source = toEngine(request.model);
    const auto *direction = std::get_if<ui::Direction>(&request.target);
    std::optional<LiveModels::Snapshot> live;
    if (const auto *file = std::get_if<ui::ModelFile>(&request.model)) {
        key = QStringLiteral("model:") + file->path;
    } else {
        const QString dir = std::get<ui::ProjectModel>(request.model).projectDir;
        if (m_live && direction)
            live = m_live->request(dir, int(*direction));
        if (live) {
            key = QStringLiteral("live:%1:%2").arg(dir).arg(live->iteration);
            source = engine::ModelFile{toPath(live->file)};
        } else {
            const auto checkpoints = engine::usableCheckpoints(engine::Project::open(toPath(dir)));
            key = QStringLiteral("project:%1:%2").arg(dir, checkpoints.empty() ? QString() : toQString(checkpoints.front().file));
        }
    }
    if (const auto *domain = std::get_if<ui::DomainTarget>(&request.target))
        key += QStringLiteral(":to:%1").arg(domain->index);
    else
        key += QStringLiteral(":%1").arg(int(*direction));
    if (!m_translator || key != m_key) {
        m_translator.reset();
        m_translator = engine::openTranslator(source, toEngine(request.target), engine::RuntimeOptions());
        m_key = key;
    }
    return *m_translator;
}

QString TranslateWorker::madeBy(const ui::TranslateRequest &request, const engine::Translator &t) const
{
    if (m_key.startsWith(QLatin1String("live:"))) // m_translator holds the weights in training
        return tr("the model in training, at step %1").arg(t.iteration());
    const auto *file = std::get_if<ui::ModelFile>(&request.model);
    const QString model = file ? QFileInfo(file->path).fileName() : tr("this project's model");
    return tr("%1 at step %2").arg(model).arg(t.iteration());
}

void TranslateWorker::translate(const QString &imagePath, const ui::TranslateRequest &request)
{
    guarded(
        [&] {
            const auto image = engine::loadImage(toPath(imagePath));
            auto &t = translator(request);
            const auto result = t.translate(image);
            Q_EMIT translated(imagePath, toQImage(image), toQImage(result), madeBy(request, t));
        },
        &TranslateWorker::failed, tr("Translation failed: %1"));
}

void TranslateWorker::saveDeep(const QString &imagePath, const ui::TranslateRequest &request, const QString &outputFile)
{
    guarded(
        [&] {
            const auto image = engine::loadImage(toPath(imagePath));
            engine::saveImage(translator(request).translateDeep(image), toPath(outputFile));
            Q_EMIT saved(outputFile);
        },
        &TranslateWorker::failed, tr("Saving failed: %1"));
}

void TranslateWorker::exportFolder(const ui::ExportRequest &request)
{
    m_cancel = false;
    guarded(
        [&] {
            const auto plan = engine::planExport({toPath(request.inputDir)}, toPath(request.outputDir), request.format.toStdString());
            Throttle throttle;
            const auto result = translator(request.translation).exportFiles(plan, [&](const engine::ExportProgress &p) {
                if (throttle.ready(p.done == p.total))
                    Q_EMIT exportProgress(p.done, p.total, p.etaSeconds);
                return !m_cancel.load();
            });
            QStringList skipped;
            for (const auto &s : result.skipped)
                skipped << tr("%1: %2").arg(toQString(s.path.filename()), QString::fromStdString(s.reason));
            Q_EMIT exportFinished(result.written, skipped, result.cancelled);
        },
        &TranslateWorker::failed, tr("Export failed: %1"));
    engine::releaseFreeMemory(); // what the export's images and activations took
}

namespace {
// Video translation is for two-domain models in this version.
void refuseDomainTarget(const ui::TranslateRequest &request)
{
    if (std::holds_alternative<ui::DomainTarget>(request.target))
        throw engine::Error("Video translation and model files are for two-domain projects in this version.");
}
} // namespace

void TranslateWorker::previewVideoFrame(const QString &videoPath, qint64 frame, const ui::TranslateRequest &request)
{
    guarded(
        [&] {
            refuseDomainTarget(request);
            auto &t = translator(request);
            const auto info = engine::probeVideo(toPath(videoPath));
            const bool turned = info.rotation == 90 || info.rotation == 270;
            const QSize upright = turned ? QSize(info.height, info.width) : QSize(info.width, info.height);
            Q_EMIT videoOpened(videoPath, info.frames, info.fps, upright, engine::videoKeepsSound() ? int(info.audio.size()) : -1);
            const auto image =
                engine::readVideoFrame(toPath(videoPath), std::clamp<qint64>(frame, 0, std::max<qint64>(0, info.frames - 1)));
            Q_EMIT translated(videoPath, toQImage(image), toQImage(t.translate(image)), madeBy(request, t));
        },
        &TranslateWorker::failed, tr("Translation failed: %1"));
}

void TranslateWorker::exportVideo(const QString &videoPath, const QString &outputFile, const ui::TranslateRequest &request, double smoothing)
{
    m_cancel = false;
    guarded(
        [&] {
            refuseDomainTarget(request);
            auto &t = translator(request);
            engine::VideoOptions options;
            options.smoothing = smoothing;
            Throttle throttle;
            const auto r = engine::translateVideo(t, toPath(videoPath), toPath(outputFile), options, [&](const engine::VideoProgress &p) {
                if (throttle.ready(p.done == p.total))
                    Q_EMIT exportProgress(int(p.done), int(p.total), p.etaSeconds);
                return !m_cancel.load();
            });
            Q_EMIT videoFinished(outputFile, r.frames, r.cancelled);
        },
        &TranslateWorker::failed, tr("Export failed: %1"));
    engine::releaseFreeMemory(); // what the export's images and activations took
}

void TranslateWorker::inspectModel(const QString &file)
{
    try {
        const auto info = engine::anyModelFileInfo(toPath(file));
        ui::TranslateRequest request;
        request.model = ui::ModelFile{file};
        request.target = info.direction == engine::Direction::BtoA ? ui::Direction::BtoA : ui::Direction::AtoB;
        translator(request); // loads every weight: a damaged file is refused now, not at the first image
        Q_EMIT modelInspected(file, tr("%1, trained at %2 px, iteration %3")
                                        .arg(info.direction == engine::Direction::BtoA ? tr("B → A") : tr("A → B"))
                                        .arg(info.trainedSize)
                                        .arg(info.iteration));
    } catch (const std::exception &e) {
        Q_EMIT modelProblem(file, engineText(e.what()));
    }
}

} // namespace app
