#include "engine/project/options.h"

#include "engine/core/error.h"
#include "project/jsonfields.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace engine {

bool ModelOptions::operator==(const ModelOptions &o) const
{
    return inputChannels == o.inputChannels && outputChannels == o.outputChannels && ngf == o.ngf &&
           ndf == o.ndf && blocks == o.blocks && discriminatorLayers == o.discriminatorLayers;
}

void applyPreset(TrainOptions &o, Preset preset)
{
    switch (preset) {
    case Preset::Sketch:
        o.cropSize = 96;
        o.model.ngf = 32;
        o.model.ndf = 64;
        o.model.blocks = 6;
        break;
    case Preset::Quick:
        o.cropSize = 128;
        o.model.ngf = 64;
        o.model.ndf = 64;
        o.model.blocks = 6;
        break;
    case Preset::Standard:
        o.cropSize = 256;
        o.model.ngf = 64;
        o.model.ndf = 64;
        o.model.blocks = 9;
        break;
    case Preset::Custom:
        o.cyclePyramidWeights = kCustomPyramidWeights;
        o.lambdaFeature = kCustomLambdaFeature;
        return;
    }
    o.cyclePyramidWeights = {1.0};
    o.lambdaFeature = 0.0;
    o.loadSize = loadSizeFor(o.cropSize);
}

int loadSizeFor(int cropSize) { return (cropSize * 286 + 128) / 256; }

double learningRateFactor(int epoch, int epochs, int epochsDecay)
{
    return 1.0 - static_cast<double>(std::max(0, epoch - epochs)) / static_cast<double>(epochsDecay + 1);
}

std::vector<Preset> allPresets() { return {Preset::Sketch, Preset::Quick, Preset::Standard, Preset::Custom}; }

std::optional<Preset> presetFromName(const std::string &name)
{
    if (name == "sketch")
        return Preset::Sketch;
    if (name == "quick")
        return Preset::Quick;
    if (name == "standard")
        return Preset::Standard;
    if (name == "custom")
        return Preset::Custom;
    return std::nullopt;
}

std::string presetName(Preset p)
{
    switch (p) {
    case Preset::Sketch: return "sketch";
    case Preset::Quick: return "quick";
    case Preset::Standard: return "standard";
    case Preset::Custom: return "custom";
    }
    return "custom";
}

Preset defaultPreset(bool cudaAvailable) { return cudaAvailable ? Preset::Standard : Preset::Sketch; }

namespace {

void require(bool ok, const std::string &message)
{
    if (!ok)
        throw Error(message);
}

std::string number(double x)
{
    std::ostringstream out;
    out << x;
    return out.str();
}

// A finite number in [lo, hi] (NaN and infinity fail every comparison, so they are caught here too).
void requireRange(double x, double lo, double hi, const std::string &what)
{
    require(std::isfinite(x) && x >= lo && x <= hi, "The " + what + " must be a number from " + number(lo) + " to " + number(hi) + ".");
}

// The settings both modes share: schedule, learning rate and Adam, intervals.
template<typename Options>
void validateSchedule(const Options &o)
{
    require(o.epochs >= 0 && o.epochsDecay >= 0 && o.epochs <= kMaxEpochs && o.epochsDecay <= kMaxEpochs && o.epochs + o.epochsDecay >= 1,
            "Training needs at least one epoch, and at most " + std::to_string(kMaxEpochs) + " of each kind.");
    require(std::isfinite(o.lr) && o.lr > 0 && o.lr < 1, "The learning rate must be a number above 0 and below 1.");
    require(std::isfinite(o.beta1) && o.beta1 >= 0 && o.beta1 < 1 && std::isfinite(o.beta2) && o.beta2 >= 0 && o.beta2 < 1,
            "Adam's beta1 and beta2 must be numbers from 0 to below 1.");
    require(o.batchSize >= 1 && o.batchSize <= 256, "The batch size must be between 1 and 256.");
    require(o.previewEvery >= 1 && o.checkpointEvery >= 1 && o.previewEvery <= kMaxInterval && o.checkpointEvery <= kMaxInterval,
            "Preview and checkpoint intervals must be between 1 and " + std::to_string(kMaxInterval) + " iterations.");
    require(o.keepCheckpoints >= 0 && o.keepCheckpoints <= 1000, "The number of kept checkpoints must be between 0 and 1000.");
}

} // namespace

void validate(const TrainOptions &o)
{
    require(o.cropSize >= 16 && o.cropSize <= 4096 && o.cropSize % 4 == 0,
            "The image size must be a multiple of 4 between 16 and 4096.");
    require(o.loadSize >= o.cropSize && o.loadSize <= 8192, "The load size must be at least the image size, and at most 8192.");
    require(o.model.ngf >= 1 && o.model.ngf <= 512, "The generator width (ngf) must be between 1 and 512.");
    require(o.model.ndf >= 1 && o.model.ndf <= 512, "The discriminator width (ndf) must be between 1 and 512.");
    require(o.model.blocks >= 0 && o.model.blocks <= 64, "The number of residual blocks must be between 0 and 64.");
    require(o.model.discriminatorLayers >= 1 && o.model.discriminatorLayers <= 6,
            "The discriminator must have between 1 and 6 layers.");
    validateSchedule(o);
    requireRange(o.lambdaA, 0, 1000, "cycle weight (lambda_A)");
    requireRange(o.lambdaB, 0, 1000, "cycle weight (lambda_B)");
    requireRange(o.lambdaIdentity, 0, 100, "identity weight");
    require(o.poolSize >= 0 && o.poolSize <= 10000, "The image pool size must be between 0 and 10000.");
    require(o.model.inputChannels == 3 && o.model.outputChannels == 3, "Only RGB (3-channel) models are supported.");
    require(o.freezeBlocks >= 0 && o.freezeBlocks <= o.model.blocks,
            "Only the generator's " + std::to_string(o.model.blocks) + " residual blocks can be frozen.");
    const int levels = o.cyclePyramidLevels();
    require(levels >= 1 && levels <= 6, "The multi-scale cycle loss needs between 1 and 6 pyramid levels.");
    require((o.cropSize >> (levels - 1)) >= 8,
            "The image size is too small for " + std::to_string(levels) + " pyramid levels (the coarsest must be at least 8 px).");
    bool anyWeight = false;
    for (double w : o.cyclePyramidWeights) {
        requireRange(w, 0, 1000, "pyramid level weights");
        anyWeight = anyWeight || w > 0;
    }
    require(anyWeight, "At least one pyramid level weight must be above zero.");
    requireRange(o.lambdaFeature, 0, 1000, "feature cycle weight");
}

std::string ganModeName(GanMode m) { return m == GanMode::Lsgan ? "lsgan" : "vanilla"; }

std::optional<GanMode> ganModeFromName(const std::string &name)
{
    if (name == "lsgan")
        return GanMode::Lsgan;
    if (name == "vanilla")
        return GanMode::Vanilla;
    return std::nullopt;
}

std::string precisionName(Precision p) { return p == Precision::Bf16 ? "bf16" : "fp32"; }

std::optional<Precision> precisionFromName(const std::string &name)
{
    if (name == "fp32")
        return Precision::Fp32;
    if (name == "bf16")
        return Precision::Bf16;
    return std::nullopt;
}

std::string directionName(Direction d) { return d == Direction::AtoB ? "AtoB" : "BtoA"; }

std::optional<Direction> directionFromName(const std::string &name)
{
    if (name == "AtoB" || name == "atob" || name == "A2B")
        return Direction::AtoB;
    if (name == "BtoA" || name == "btoa" || name == "B2A")
        return Direction::BtoA;
    return std::nullopt;
}

void to_json(nlohmann::json &j, const ModelOptions &o)
{
    j = {{"input_nc", o.inputChannels}, {"output_nc", o.outputChannels}, {"ngf", o.ngf},
         {"ndf", o.ndf}, {"blocks", o.blocks}, {"n_layers_D", o.discriminatorLayers}};
}

void from_json(const nlohmann::json &j, ModelOptions &o)
{
    requireObject(j, "network settings (\"model\")");
    const ModelOptions d;
    o.inputChannels = intField(j, "input_nc", d.inputChannels);
    o.outputChannels = intField(j, "output_nc", d.outputChannels);
    o.ngf = intField(j, "ngf", d.ngf);
    o.ndf = intField(j, "ndf", d.ndf);
    o.blocks = intField(j, "blocks", d.blocks);
    o.discriminatorLayers = intField(j, "n_layers_D", d.discriminatorLayers);
}

void to_json(nlohmann::json &j, const TrainOptions &o)
{
    j = {{"model", o.model},
         {"crop_size", o.cropSize},
         {"load_size", o.loadSize},
         {"batch_size", o.batchSize},
         {"n_epochs", o.epochs},
         {"n_epochs_decay", o.epochsDecay},
         {"lr", o.lr},
         {"beta1", o.beta1},
         {"beta2", o.beta2},
         {"lambda_A", o.lambdaA},
         {"lambda_B", o.lambdaB},
         {"lambda_identity", o.lambdaIdentity},
         {"gan_mode", ganModeName(o.ganMode)},
         {"pool_size", o.poolSize},
         {"flip", o.flip},
         {"seed", o.seed},
         {"preview_every", o.previewEvery},
         {"checkpoint_every", o.checkpointEvery},
         {"keep_checkpoints", o.keepCheckpoints},
         {"freeze_encoder", o.freezeEncoder},
         {"freeze_blocks", o.freezeBlocks},
         {"fine_tuned_from", o.fineTunedFrom},
         {"cycle_pyramid_weights", o.cyclePyramidWeights},
         {"lambda_feature", o.lambdaFeature},
         {"feature_network", o.featureNetwork},
         {"precision", precisionName(o.precision)}};
}

void from_json(const nlohmann::json &j, TrainOptions &o)
{
    requireObject(j, "settings");
    const TrainOptions d;
    if (j.contains("model"))
        o.model = j.at("model").get<ModelOptions>();
    o.cropSize = intField(j, "crop_size", d.cropSize);
    o.loadSize = intField(j, "load_size", d.loadSize);
    o.batchSize = intField(j, "batch_size", d.batchSize);
    o.epochs = intField(j, "n_epochs", d.epochs);
    o.epochsDecay = intField(j, "n_epochs_decay", d.epochsDecay);
    o.lr = numberField(j, "lr", d.lr);
    o.beta1 = numberField(j, "beta1", d.beta1);
    o.beta2 = numberField(j, "beta2", d.beta2);
    o.lambdaA = numberField(j, "lambda_A", d.lambdaA);
    o.lambdaB = numberField(j, "lambda_B", d.lambdaB);
    o.lambdaIdentity = numberField(j, "lambda_identity", d.lambdaIdentity);
    const auto modeName = stringField(j, "gan_mode", ganModeName(d.ganMode));
    const auto mode = ganModeFromName(modeName);
    if (!mode)
        throw Error("The setting \"gan_mode\" must be \"lsgan\" or \"vanilla\", not \"" + modeName + "\".");
    o.ganMode = *mode;
    o.poolSize = intField(j, "pool_size", d.poolSize);
    o.flip = boolField(j, "flip", d.flip);
    o.seed = uint64Field(j, "seed", d.seed);
    o.previewEvery = intField(j, "preview_every", d.previewEvery);
    o.checkpointEvery = intField(j, "checkpoint_every", d.checkpointEvery);
    o.keepCheckpoints = intField(j, "keep_checkpoints", d.keepCheckpoints);
    o.freezeEncoder = boolField(j, "freeze_encoder", d.freezeEncoder);
    o.freezeBlocks = intField(j, "freeze_blocks", d.freezeBlocks);
    o.fineTunedFrom = stringField(j, "fine_tuned_from", d.fineTunedFrom);
    o.cyclePyramidWeights = numbersField(j, "cycle_pyramid_weights", d.cyclePyramidWeights);
    o.lambdaFeature = numberField(j, "lambda_feature", d.lambdaFeature);
    o.featureNetwork = stringField(j, "feature_network", d.featureNetwork);
    const auto precision = stringField(j, "precision", precisionName(d.precision));
    if (!precisionFromName(precision))
        throw Error("The setting \"precision\" must be \"fp32\" or \"bf16\", not \"" + precision + "\".");
    o.precision = *precisionFromName(precision);
}

void validate(const MultiDomainOptions &o, int domains)
{
    require(domains >= 2 && domains <= kMaxDomains,
            "A multi-domain project needs between 2 and " + std::to_string(kMaxDomains) + " domains.");
    require(o.imageSize >= 16 && o.imageSize <= 1024 && o.imageSize % 4 == 0,
            "The image size must be a multiple of 4 between 16 and 1024.");
    require(o.gConvDim >= 1 && o.gConvDim <= 256 && o.dConvDim >= 1 && o.dConvDim <= 256,
            "The network widths must be between 1 and 256.");
    require(o.gRepeat >= 0 && o.gRepeat <= 32, "The number of residual blocks must be between 0 and 32.");
    require(o.dRepeat >= 1 && o.dRepeat <= 8 && (o.imageSize >> o.dRepeat) >= 1,
            "The discriminator's stride-2 layers must leave at least one pixel of the image (at most log2(size)).");
    requireRange(o.lambdaCls, 0, 1000, "classification weight (lambda_cls)");
    requireRange(o.lambdaRec, 0, 1000, "reconstruction weight (lambda_rec)");
    requireRange(o.lambdaGp, 0, 1000, "gradient penalty weight (lambda_gp)");
    require(o.nCritic >= 1 && o.nCritic <= 100, "n_critic must be between 1 and 100.");
    validateSchedule(o);
}

void to_json(nlohmann::json &j, const MultiDomainOptions &o)
{
    j = {{"image_size", o.imageSize}, {"g_conv_dim", o.gConvDim}, {"d_conv_dim", o.dConvDim}, {"g_repeat_num", o.gRepeat},
         {"d_repeat_num", o.dRepeat}, {"lambda_cls", o.lambdaCls}, {"lambda_rec", o.lambdaRec}, {"lambda_gp", o.lambdaGp},
         {"n_critic", o.nCritic},     {"lr", o.lr},             {"beta1", o.beta1},        {"beta2", o.beta2},
         {"batch_size", o.batchSize}, {"n_epochs", o.epochs},   {"n_epochs_decay", o.epochsDecay}, {"flip", o.flip},
         {"seed", o.seed},            {"preview_every", o.previewEvery}, {"checkpoint_every", o.checkpointEvery},
         {"keep_checkpoints", o.keepCheckpoints}};
}

void from_json(const nlohmann::json &j, MultiDomainOptions &o)
{
    requireObject(j, "settings");
    const MultiDomainOptions d;
    o.imageSize = intField(j, "image_size", d.imageSize);
    o.gConvDim = intField(j, "g_conv_dim", d.gConvDim);
    o.dConvDim = intField(j, "d_conv_dim", d.dConvDim);
    o.gRepeat = intField(j, "g_repeat_num", d.gRepeat);
    o.dRepeat = intField(j, "d_repeat_num", d.dRepeat);
    o.lambdaCls = numberField(j, "lambda_cls", d.lambdaCls);
    o.lambdaRec = numberField(j, "lambda_rec", d.lambdaRec);
    o.lambdaGp = numberField(j, "lambda_gp", d.lambdaGp);
    o.nCritic = intField(j, "n_critic", d.nCritic);
    o.lr = numberField(j, "lr", d.lr);
    o.beta1 = numberField(j, "beta1", d.beta1);
    o.beta2 = numberField(j, "beta2", d.beta2);
    o.batchSize = intField(j, "batch_size", d.batchSize);
    o.epochs = intField(j, "n_epochs", d.epochs);
    o.epochsDecay = intField(j, "n_epochs_decay", d.epochsDecay);
    o.flip = boolField(j, "flip", d.flip);
    o.seed = uint64Field(j, "seed", d.seed);
    o.previewEvery = intField(j, "preview_every", d.previewEvery);
    o.checkpointEvery = intField(j, "checkpoint_every", d.checkpointEvery);
    o.keepCheckpoints = intField(j, "keep_checkpoints", d.keepCheckpoints);
}

namespace {
std::vector<std::string> differingKeys(const nlohmann::json &a, const nlohmann::json &b, const std::string &prefix = {})
{
    std::vector<std::string> out;
    for (const auto &item : a.items()) {
        const auto other = b.find(item.key());
        if (other == b.end()) {
            out.push_back(prefix + item.key());
        } else if (item.value().is_object() && other->is_object()) {
            const auto nested = differingKeys(item.value(), *other, prefix + item.key() + ".");
            out.insert(out.end(), nested.begin(), nested.end());
        } else if (item.value() != *other) {
            out.push_back(prefix + item.key());
        }
    }
    return out;
}
} // namespace

std::vector<std::string> differingSettings(const TrainOptions &a, const TrainOptions &b)
{
    return differingKeys(nlohmann::json(a), nlohmann::json(b));
}

std::vector<std::string> differingSettings(const MultiDomainOptions &a, const MultiDomainOptions &b)
{
    return differingKeys(nlohmann::json(a), nlohmann::json(b));
}

} // namespace engine
