#include "app/gui/modellibrary.h"

#include "app/gui/conversions.h"
#include "app/gui/enginetext.h"
#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "engine/core/imageio.h"
#include "engine/interop/pytorch.h"
#include "engine/translation/translator.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>

#include <random>

namespace app {

namespace {

// The library keeps `<model>.csm` and its `<model>.thumbnail.png`.
QString thumbnailPath(const QString &csm) { return csm.left(csm.size() - 4) + QStringLiteral(".thumbnail.png"); }

// One of the demo photographs, translated by the model, 128 px.
QImage makeThumbnail(const QString &csm)
{
    QFile sample(QStringLiteral(":/samples/chelsea_00.jpg"));
    if (!sample.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = sample.readAll();
    const auto image = engine::decodeImage(std::string(bytes.constData(), std::size_t(bytes.size())), "sample");
    engine::RuntimeOptions cpu;
    cpu.device = engine::DeviceChoice::Cpu;
    auto translator = engine::openTranslator(engine::ModelFile{toPath(csm)}, engine::Direction::AtoB, cpu);
    return toQImage(translator->translate(image));
}

template<typename Work>
bool attempt(const Work &work, QString &error)
{
    try {
        work();
        return true;
    } catch (const engine::Error &e) {
        error = engineText(e.what());
    } catch (const std::exception &e) {
        error = ModelLibrary::tr("Something went wrong: %1").arg(engineText(e.what()));
    }
    return false;
}

} // namespace

ModelLibrary::ModelLibrary(const QString &folder, QObject *parent) : QObject(parent), m_folder(folder) {}

QString ModelLibrary::defaultFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/models");
}

ui::ModelEntry ModelLibrary::entry(const QString &csm)
{
    const auto info = engine::anyModelFileInfo(toPath(csm));
    ui::ModelEntry m;
    m.path = csm;
    m.name = info.name.empty() ? QFileInfo(csm).completeBaseName() : QString::fromStdString(info.name);
    m.architecture = QString::fromStdString(engine::generatorArchitecture(info.model));
    m.source = info.source.empty() ? tr("trained in CycleStudio") : QString::fromStdString(info.source);
    m.direction = info.direction == engine::Direction::BtoA ? ui::Direction::BtoA : ui::Direction::AtoB;
    m.bytes = QFileInfo(csm).size();
    const QString thumb = thumbnailPath(csm);
    if (!m.thumbnail.load(thumb)) {
        m.thumbnail = makeThumbnail(csm);
        QSaveFile out(thumb);
        if (!m.thumbnail.isNull() && out.open(QIODevice::WriteOnly) && m.thumbnail.save(&out, "PNG"))
            out.commit();
    }
    return m;
}

void ModelLibrary::refresh()
{
    QVector<ui::ModelEntry> models;
    const QDir dir(m_folder);
    for (const auto &name : dir.entryList({QStringLiteral("*.csm")}, QDir::Files, QDir::Name)) {
        QString error;
        ui::ModelEntry m;
        if (attempt([&] { m = entry(dir.filePath(name)); }, error))
            models.append(m);
        else
            Q_EMIT failed(tr("The model library's \"%1\" cannot be used: %2").arg(name, error));
    }
    Q_EMIT listed(models);
}

QString ModelLibrary::uniquePath(const QString &stem) const
{
    QString clean = stem;
    clean.replace(QRegularExpression(QStringLiteral("[\\\\/:*?\"<>|\\x00-\\x1f]")), QStringLiteral("_"));
    if (clean.isEmpty())
        clean = QStringLiteral("model");
    QString path = QDir(m_folder).filePath(clean + QStringLiteral(".csm"));
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = QDir(m_folder).filePath(QStringLiteral("%1-%2.csm").arg(clean).arg(n));
    return path;
}

void ModelLibrary::importModel(const QString &file)
{
    QString error, target;
    const bool done = attempt(
        [&] {
            if (!QDir().mkpath(m_folder))
                throw engine::Error(tr("The model library's folder \"%1\" cannot be created.").arg(QDir::toNativeSeparators(m_folder)).toStdString());
            const QFileInfo source(file);
            if (source.absolutePath() == QFileInfo(m_folder).absoluteFilePath()) {
                target = source.absoluteFilePath(); // already in the library
                return;
            }
            target = uniquePath(source.completeBaseName());
            if (engine::isPytorchFile(toPath(file))) {
                engine::importPytorchGenerator(toPath(file), toPath(target));
            } else {
                // Every weight is loaded (and the sample translated) before the copy is made.
                makeThumbnail(file);
                engine::writeFileAtomic(toPath(target), engine::readFileBytes(toPath(file)));
            }
        },
        error);
    if (!done) {
        Q_EMIT failed(error);
        return;
    }
    ui::ModelEntry m;
    if (attempt([&] { m = entry(target); }, error))
        Q_EMIT imported(m);
    else
        Q_EMIT failed(error);
}

void ModelLibrary::rename(const QString &path, const QString &name)
{
    QString error;
    ui::ModelEntry m;
    if (attempt([&] { engine::renameModelFile(toPath(path), name.toStdString()); m = entry(path); }, error))
        Q_EMIT updated(m);
    else
        Q_EMIT failed(error);
}

void ModelLibrary::remove(const QString &path)
{
    if (QFileInfo(path).absolutePath() == QFileInfo(m_folder).absoluteFilePath()) {
        QFile::remove(thumbnailPath(path));
        if (!QFile::remove(path))
            Q_EMIT failed(tr("\"%1\" could not be removed from the model library.").arg(QFileInfo(path).fileName()));
    }
    refresh();
}

void ModelLibrary::exportModel(const QString &projectDir, ui::Direction direction, ui::ModelFormat format, const QString &file)
{
    QString error;
    engine::ModelFileInfo info;
    const auto engineFormat = static_cast<engine::ModelFormat>(int(format));
    if (attempt([&] { info = engine::exportModelAs(toPath(projectDir), toEngine(direction), engineFormat, toPath(file)); }, error))
        Q_EMIT exported(file, tr("%1, %2, %3 px, iteration %4")
                                  .arg(QString::fromStdString(engine::modelFormatName(engineFormat)),
                                       direction == ui::Direction::BtoA ? tr("B → A") : tr("A → B"))
                                  .arg(info.trainedSize)
                                  .arg(info.iteration));
    else
        Q_EMIT exportFailed(error);
}

void ModelLibrary::createFromOfficial(const ui::OfficialImportRequest &r)
{
    QString error;
    std::vector<std::string> notes;
    const bool done = attempt(
        [&] {
            engine::OfficialTraining source;
            source.folder = toPath(r.checkpointDir);
            source.epoch = r.epoch.toStdString();
            engine::TrainOptions base;
            base.previewEvery = 10;
            base.checkpointEvery = 100;
            base.seed = std::random_device{}();
            engine::createFromOfficialTraining(toPath(r.projectDir), {toPath(r.domainA)}, {toPath(r.domainB)}, source, base, &notes);
        },
        error);
    if (!done) {
        Q_EMIT projectFailed(error);
        return;
    }
    QStringList said;
    for (const auto &n : notes)
        said << QString::fromStdString(n);
    Q_EMIT projectCreated(r.projectDir, said);
}

} // namespace app
