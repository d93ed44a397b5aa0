#include "app/gui/translateworker.h"

#include "app/gui/conversions.h"
#include "engine/error.h"
#include "engine/imageio.h"
#include "engine/multidomain.h"
#include "engine/project.h"
#include "engine/translator.h"
#include "engine/video.h"

#include <QElapsedTimer>

#include <algorithm>

namespace app {

TranslateWorker::TranslateWorker(QObject *parent) : QObject(parent) {}
TranslateWorker::~TranslateWorker() = default;

engine::MultiDomainTranslator &TranslateWorker::multiTranslator(const QString &projectDir, const QString &direction, int *target)
{
    const auto checkpoints = engine::Project::open(toPath(projectDir)).checkpoints();
    const QString key = projectDir + QLatin1Char(':') + (checkpoints.empty() ? QString() : toQString(checkpoints.back()));
    if (!m_multi || key != m_multiKey) {
        m_multi.reset();
        m_multi = std::make_unique<engine::MultiDomainTranslator>(toPath(projectDir), engine::RuntimeOptions());
        m_multiKey = key;
    }
    const QString name = direction.mid(3);
    *target = m_multi->domainIndex(name.toStdString());
    if (*target < 0)
        throw engine::Error("The project has no domain called \"" + name.toStdString() + "\" (save the project after renaming a domain).");
    return *m_multi;
}

engine::Translator &TranslateWorker::translator(const QString &projectDir, const QString &modelFile, const QString &direction)
{
    if (direction.startsWith(QLatin1String("to:")))
        throw engine::Error("Video translation and model files are for two-domain projects in this version.");
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
        const auto image = engine::loadImage(toPath(imagePath));
        engine::Image result;
        if (direction.startsWith(QLatin1String("to:")) && modelFile.isEmpty()) {
            int target = 0;
            result = multiTranslator(projectDir, direction, &target).translate(image, target);
        } else {
            result = translator(projectDir, modelFile, direction).translate(image);
        }
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
        const auto plan = engine::planExport({toPath(inputDir)}, toPath(outputDir), format.toStdString());
        QElapsedTimer sinceEmit;
        sinceEmit.start();
        const auto progress = [&](const engine::ExportProgress &p) {
            if (sinceEmit.elapsed() >= 50 || p.done == p.total) {
                sinceEmit.restart();
                Q_EMIT exportProgress(p.done, p.total, p.etaSeconds);
            }
            return !m_cancel.load();
        };
        engine::ExportResult result;
        if (direction.startsWith(QLatin1String("to:")) && modelFile.isEmpty()) {
            int target = 0;
            auto &t = multiTranslator(projectDir, direction, &target);
            result = t.exportFiles(plan, target, progress);
        } else {
            result = translator(projectDir, modelFile, direction).exportFiles(plan, progress);
        }
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
