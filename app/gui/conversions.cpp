#include "app/gui/conversions.h"

#include "app/gui/enginetext.h"
#include "engine/core/imageio.h"
#include "engine/translation/video.h"

#include <QCoreApplication>

namespace app {

std::filesystem::path toPath(const QString &s) { return std::filesystem::u8path(s.toStdString()); }

QString toQString(const std::filesystem::path &p)
{
    const auto u8 = p.u8string();
    return QString::fromUtf8(reinterpret_cast<const char *>(u8.data()), static_cast<qsizetype>(u8.size()));
}

QImage toQImage(const engine::Image &image)
{
    // Deep copy: the QImage outlives the engine buffer and crosses threads.
    return QImage(image.rgb.data(), image.width, image.height, image.width * 3, QImage::Format_RGB888).copy();
}

engine::Preset toEngine(ui::Preset preset)
{
    switch (preset) {
    case ui::Preset::Sketch: return engine::Preset::Sketch;
    case ui::Preset::Quick: return engine::Preset::Quick;
    case ui::Preset::Standard: return engine::Preset::Standard;
    case ui::Preset::Custom: break;
    }
    return engine::Preset::Custom;
}

ui::Preset toUi(engine::Preset preset)
{
    switch (preset) {
    case engine::Preset::Sketch: return ui::Preset::Sketch;
    case engine::Preset::Quick: return ui::Preset::Quick;
    case engine::Preset::Standard: return ui::Preset::Standard;
    case engine::Preset::Custom: break;
    }
    return ui::Preset::Custom;
}

engine::Direction toEngine(ui::Direction direction)
{
    return direction == ui::Direction::BtoA ? engine::Direction::BtoA : engine::Direction::AtoB;
}

engine::RuntimeOptions toRuntime(ui::Device device, int threads)
{
    engine::RuntimeOptions rt;
    rt.device = device == ui::Device::Cpu ? engine::DeviceChoice::Cpu
                : device == ui::Device::Cuda || device == ui::Device::AllGpus ? engine::DeviceChoice::Cuda
                                             : engine::DeviceChoice::Auto;
    rt.threads = threads;
    return rt;
}

engine::ModelSource toEngine(const ui::ModelSource &source)
{
    if (const auto *file = std::get_if<ui::ModelFile>(&source))
        return engine::ModelFile{toPath(file->path)};
    return engine::ProjectModel{toPath(std::get<ui::ProjectModel>(source).projectDir)};
}

engine::TranslationTarget toEngine(const ui::TranslateTarget &target)
{
    if (const auto *domain = std::get_if<ui::DomainTarget>(&target))
        return engine::DomainIndex{domain->index};
    return toEngine(std::get<ui::Direction>(target));
}

ui::TrainSettings toSettings(const engine::TrainOptions &o, engine::Preset preset)
{
    ui::TrainSettings s;
    s.fineTunedFrom = toQString(std::filesystem::u8path(o.fineTunedFrom));
    s.freezeEncoder = o.freezeEncoder;
    s.freezeBlocks = o.freezeBlocks;
    s.preset = toUi(preset);
    s.size = o.cropSize;
    s.ngf = o.model.ngf;
    s.blocks = o.model.blocks;
    s.batch = o.batchSize;
    s.epochs = o.epochs;
    s.epochsDecay = o.epochsDecay;
    s.lambdaCycle = o.lambdaA;
    s.lambdaIdentity = o.lambdaIdentity;
    s.ganLoss = o.ganMode == engine::GanMode::Vanilla ? ui::GanLoss::Vanilla : ui::GanLoss::Lsgan;
    s.seed = o.seed;
    s.previewEvery = o.previewEvery;
    s.checkpointEvery = o.checkpointEvery;
    s.cyclePyramidWeights = QVector<double>(o.cyclePyramidWeights.begin(), o.cyclePyramidWeights.end());
    s.lambdaFeature = o.lambdaFeature;
    s.featureNetwork = toQString(std::filesystem::u8path(o.featureNetwork));
    return s;
}

engine::TrainOptions toOptions(const ui::TrainSettings &s, engine::TrainOptions o)
{
    o.cropSize = s.size;
    o.loadSize = engine::loadSizeFor(s.size);
    o.model.ngf = s.ngf;
    o.model.blocks = s.blocks;
    o.batchSize = s.batch;
    o.epochs = s.epochs;
    o.epochsDecay = s.epochsDecay;
    o.lambdaA = o.lambdaB = s.lambdaCycle;
    o.lambdaIdentity = s.lambdaIdentity;
    o.ganMode = s.ganLoss == ui::GanLoss::Vanilla ? engine::GanMode::Vanilla : engine::GanMode::Lsgan;
    o.seed = s.seed;
    o.previewEvery = s.previewEvery;
    o.checkpointEvery = s.checkpointEvery;
    o.cyclePyramidWeights.assign(s.cyclePyramidWeights.begin(), s.cyclePyramidWeights.end());
    o.lambdaFeature = s.lambdaFeature;
    o.featureNetwork = toPath(s.featureNetwork).u8string();
    return o;
}

ui::TrainSettings toSettings(const engine::MultiDomainOptions &o)
{
    ui::TrainSettings s;
    s.multiDomain = true;
    s.preset = ui::Preset::Custom;
    s.size = o.imageSize;
    s.ngf = o.gConvDim;
    s.blocks = o.gRepeat;
    s.batch = o.batchSize;
    s.epochs = o.epochs;
    s.epochsDecay = o.epochsDecay;
    s.nCritic = o.nCritic;
    s.seed = o.seed;
    s.previewEvery = o.previewEvery;
    s.checkpointEvery = o.checkpointEvery;
    return s;
}

engine::MultiDomainOptions toMultiDomainOptions(const ui::TrainSettings &s, engine::MultiDomainOptions o)
{
    o.imageSize = s.size;
    o.gConvDim = o.dConvDim = s.ngf;
    o.gRepeat = s.blocks;
    int layers = 0;
    while (layers < 6 && (s.size >> (layers + 1)) >= 1)
        ++layers;
    o.dRepeat = layers;
    o.batchSize = s.batch;
    o.epochs = s.epochs;
    o.epochsDecay = s.epochsDecay;
    o.nCritic = s.nCritic;
    o.seed = s.seed;
    o.previewEvery = s.previewEvery;
    o.checkpointEvery = s.checkpointEvery;
    return o;
}

QVector<ui::PresetValues> presetValues()
{
    QVector<ui::PresetValues> out;
    for (const auto preset : engine::allPresets()) {
        engine::TrainOptions o;
        engine::applyPreset(o, preset);
        ui::PresetValues v;
        v.preset = toUi(preset);
        v.size = o.cropSize;
        v.ngf = o.model.ngf;
        v.blocks = o.model.blocks;
        v.cyclePyramidWeights = QVector<double>(o.cyclePyramidWeights.begin(), o.cyclePyramidWeights.end());
        v.lambdaFeature = o.lambdaFeature;
        out << v;
    }
    return out;
}

ui::FineTuneRequest toRequest(const engine::FineTuneOptions &o)
{
    ui::FineTuneRequest r;
    r.source = toQString(o.source);
    r.freezeEncoder = o.freezeEncoder;
    r.freezeBlocks = o.freezeBlocks;
    r.lr = o.lr;
    r.epochs = o.epochs;
    r.epochsDecay = o.epochsDecay;
    return r;
}

engine::FineTuneOptions toFineTuneOptions(const ui::FineTuneRequest &r)
{
    engine::FineTuneOptions ft;
    ft.source = toPath(r.source);
    ft.freezeEncoder = r.freezeEncoder;
    ft.freezeBlocks = r.freezeBlocks;
    ft.lr = r.lr;
    ft.epochs = r.epochs;
    ft.epochsDecay = r.epochsDecay;
    return ft;
}

ui::FileTypes engineFileTypes()
{
    ui::FileTypes types;
    for (const auto &ext : engine::imageExtensions())
        types.imageSuffixes << QString::fromStdString(ext.substr(1));
    for (const auto &ext : engine::videoExtensions())
        types.videoSuffixes << QString::fromStdString(ext.substr(1));
    return types;
}

ui::LossPoint toLossPoint(std::int64_t iteration, const engine::LossValues &losses)
{
    ui::LossPoint p;
    p.iteration = iteration;
    for (const auto &[name, value] : losses.entries) {
        p.names << QString::fromStdString(name);
        p.values << value;
    }
    return p;
}

ui::ImageLoader engineImageLoader()
{
    return [](const QString &path, int maxSide, QString *error) -> QImage {
        try {
            return toQImage(engine::loadThumbnail(toPath(path), maxSide));
        } catch (const std::exception &e) { // engine::Error, and anything OpenCV lets through
            if (error)
                *error = engineText(e.what());
        }
        return {};
    };
}

} // namespace app

namespace app {

QString deviceText(const std::string &description)
{
    // "CPU, 2 threads" (or "1 thread"): the number of threads in the user's language; a GPU keeps its name.
    const std::string prefix = "CPU, ";
    if (description.compare(0, prefix.size(), prefix) == 0) {
        const std::string rest = description.substr(prefix.size());
        const size_t space = rest.find(' ');
        bool number = false;
        const int threads = QString::fromStdString(rest.substr(0, space)).toInt(&number);
        if (number && space != std::string::npos && rest.compare(space, std::string::npos, threads == 1 ? " thread" : " threads") == 0)
            return QCoreApplication::translate("app::deviceText", "CPU, %n thread(s)", nullptr, threads);
    }
    return QString::fromStdString(description);
}

} // namespace app
