#include "app/gui/translateworker.h"

#include "app/gui/conversions.h"
#include "engine/error.h"
#include "engine/imageio.h"
#include "engine/project.h"
#include "engine/translator.h"
#include "engine/video.h"

#include <QElapsedTimer>

#include <algorithm>

namespace app {

TranslateWorker::TranslateWorker(QObject *parent) : QObject(parent) {}
TranslateWorker::~TranslateWorker() = default;

engine::Translator &TranslateWorker::translator(const QString &projectDir, const QString &modelFile, const QString &direction)
{
    engine::RuntimeOptions rt;
    QString key;
    if (!modelFile.isEmpty()) {
        key = QStringLiteral("model:") + modelFile;
    } else {
        const auto checkpoints = engine::Project::open(toPath(projectDir)).checkpoints();
        key = QStringLiteral("project:%1:%2:%3").arg(projectDir, direction, checkpoints.empty() ? QString() : toQString(checkpoints.back()));
    }
    if (!m_translator || key != m_key) {
        m_translator.reset();
        if (!modelFile.isEmpty())
            m_translator = engine::Translator::fromModelFile(toPath(modelFile), rt);
        else
            m_translator = engine::Translator::fromProject(toPath(projectDir),
                                                           direction == QLatin1String("BtoA") ? engine::Direction::BtoA : engine::Direction::AtoB, rt);
        m_key = key;
    }
    return *m_translator;
}

void TranslateWorker::translate(const QString &projectDir, const QString &modelFile, const QString &direction, const QString &imagePath)
{
    try {
        auto &t = translator(projectDir, modelFile, direction);
        const auto image = engine::loadImage(toPath(imagePath));
        const auto result = t.translate(image);
        Q_EMIT translated(imagePath, toQImage(image), toQImage(result));
    } catch (const engine::Error &e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    } catch (const std::exception &e) {
        Q_EMIT failed(tr("Translation failed: %1").arg(QString::fromStdString(e.what())));
    }
}

void TranslateWorker::exportFolder(const QString &projectDir, const QString &modelFile, const QString &direction,
                                   const QString &inputDir, const QString &outputDir, const QString &format)
{
    m_cancel = false;
    try {
        auto &t = translator(projectDir, modelFile, direction);
        const auto plan = engine::planExport({toPath(inputDir)}, toPath(outputDir), format.toStdString());
        QElapsedTimer sinceEmit;
        sinceEmit.start();
        const auto result = t.exportFiles(plan, [&](const engine::ExportProgress &p) {
            if (sinceEmit.elapsed() >= 50 || p.done == p.total) {
                sinceEmit.restart();
                Q_EMIT exportProgress(p.done, p.total, p.etaSeconds);
            }
            return !m_cancel.load();
        });
        QStringList skipped;
        for (const auto &s : result.skipped)
            skipped << tr("%1: %2").arg(toQString(s.path.filename()), QString::fromStdString(s.reason));
        Q_EMIT exportFinished(result.written, skipped, result.cancelled);
    } catch (const engine::Error &e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    } catch (const std::exception &e) {
        Q_EMIT failed(tr("Export failed: %1").arg(QString::fromStdString(e.what())));
    }
}

void TranslateWorker::previewVideoFrame(const QString &projectDir, const QString &modelFile, const QString &direction,
                                        const QString &videoPath, qint64 frame)
{
    try {
        auto &t = translator(projectDir, modelFile, direction);
        const auto info = engine::probeVideo(toPath(videoPath));
        Q_EMIT videoOpened(videoPath, info.frames, info.fps, QSize(info.width, info.height));
        const auto image = engine::readVideoFrame(toPath(videoPath), std::clamp<qint64>(frame, 0, std::max<qint64>(0, info.frames - 1)));
        Q_EMIT translated(videoPath, toQImage(image), toQImage(t.translate(image)));
    } catch (const engine::Error &e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    } catch (const std::exception &e) {
        Q_EMIT failed(tr("Translation failed: %1").arg(QString::fromStdString(e.what())));
    }
}

void TranslateWorker::exportVideo(const QString &projectDir, const QString &modelFile, const QString &direction, const QString &videoPath,
                                  const QString &outputFile, double smoothing)
{
    m_cancel = false;
    try {
        auto &t = translator(projectDir, modelFile, direction);
        engine::VideoOptions options;
        options.smoothing = smoothing;
        QElapsedTimer sinceEmit;
        sinceEmit.start();
        const auto r = engine::translateVideo(t, toPath(videoPath), toPath(outputFile), options, [&](const engine::VideoProgress &p) {
            if (sinceEmit.elapsed() >= 50 || p.done == p.total) {
                sinceEmit.restart();
                Q_EMIT exportProgress(int(p.done), int(p.total), p.etaSeconds);
            }
            return !m_cancel.load();
        });
        Q_EMIT videoFinished(outputFile, r.frames, r.cancelled);
    } catch (const engine::Error &e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
    } catch (const std::exception &e) {
        Q_EMIT failed(tr("Export failed: %1").arg(QString::fromStdString(e.what())));
    }
}

void TranslateWorker::exportModel(const QString &projectDir, const QString &direction, const QString &file)
{
    try {
        auto &t = translator(projectDir, QString(), direction);
        t.saveModel(toPath(file));
        Q_EMIT modelExported(file, tr("%1, %2 px, iteration %3")
                                       .arg(direction == QLatin1String("BtoA") ? tr("B → A") : tr("A → B"))
                                       .arg(t.info().trainedSize)
                                       .arg(t.info().iteration));
    } catch (const engine::Error &e) {
        Q_EMIT modelExportFailed(QString::fromStdString(e.what()));
    } catch (const std::exception &e) {
        Q_EMIT modelExportFailed(tr("The model could not be exported: %1").arg(QString::fromStdString(e.what())));
    }
}

} // namespace app
