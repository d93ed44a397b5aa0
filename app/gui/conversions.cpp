#include "app/gui/conversions.h"

#include "engine/imageio.h"

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

ui::TrainSettings toSettings(const engine::TrainOptions &o, const QString &preset)
{
    ui::TrainSettings s;
    s.fineTunedFrom = toQString(std::filesystem::u8path(o.fineTunedFrom));
    s.freezeEncoder = o.freezeEncoder;
    s.freezeBlocks = o.freezeBlocks;
    s.preset = preset;
    s.size = o.cropSize;
    s.ngf = o.model.ngf;
    s.blocks = o.model.blocks;
    s.batch = o.batchSize;
    s.epochs = o.epochs;
    s.epochsDecay = o.epochsDecay;
    s.lambdaCycle = o.lambdaA;
    s.lambdaIdentity = o.lambdaIdentity;
    s.ganMode = QString::fromStdString(engine::ganModeName(o.ganMode));
    s.seed = static_cast<qint64>(o.seed & 0x7fffffff);
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
    o.loadSize = (s.size * 286 + 128) / 256;
    o.model.ngf = s.ngf;
    o.model.blocks = s.blocks;
    o.batchSize = s.batch;
    o.epochs = s.epochs;
    o.epochsDecay = s.epochsDecay;
    o.lambdaA = o.lambdaB = s.lambdaCycle;
    o.lambdaIdentity = s.lambdaIdentity;
    o.ganMode = engine::ganModeFromName(s.ganMode.toStdString()).value_or(engine::GanMode::Lsgan);
    o.seed = static_cast<std::uint64_t>(s.seed);
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
    s.preset = QStringLiteral("custom");
    s.size = o.imageSize;
    s.ngf = o.gConvDim;
    s.blocks = o.gRepeat;
    s.batch = o.batchSize;
    s.epochs = o.epochs;
    s.epochsDecay = o.epochsDecay;
    s.nCritic = o.nCritic;
    s.seed = static_cast<qint64>(o.seed & 0x7fffffff);
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
    o.seed = static_cast<std::uint64_t>(s.seed);
    o.previewEvery = s.previewEvery;
    o.checkpointEvery = s.checkpointEvery;
    return o;
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
                *error = QString::fromStdString(e.what());
        }
        return {};
    };
}

} // namespace app
