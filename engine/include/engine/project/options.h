#pragma once
// Option structs for the networks and the training run, with the reference CycleGAN defaults
// (Zhu et al. 2017; option names of the reference in comments). Saved as JSON in project.json and in
// every checkpoint. No torch here.

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace engine {

enum class GanMode { Lsgan, Vanilla }; // --gan_mode lsgan | vanilla
enum class Direction { AtoB, BtoA };
enum class Preset { Sketch, Quick, Standard, Custom };
// The arithmetic of a training step on a CUDA GPU: 32-bit floats, or mixed precision (autocast to
// bfloat16: convolutions in 16 bits, losses, norms and weights in 32, no loss scaling needed). A CPU
// always trains in 32 bits.
enum class Precision { Fp32, Bf16 };

struct ModelOptions
{
    int inputChannels = 3;  // --input_nc
    int outputChannels = 3; // --output_nc
    int ngf = 64;           // --ngf
    int ndf = 64;           // --ndf
    int blocks = 9;         // --netG resnet_9blocks
    int discriminatorLayers = 3; // --netD basic, --n_layers_D 3
    bool operator==(const ModelOptions &o) const;
};

struct TrainOptions
{
    ModelOptions model;
    int cropSize = 256;        // --crop_size
    int loadSize = 286;        // --load_size
    int batchSize = 1;         // --batch_size
    int epochs = 100;          // --n_epochs (constant learning rate)
    int epochsDecay = 100;     // --n_epochs_decay (linear decay to zero)
    double lr = 2e-4;          // --lr
    double beta1 = 0.5;        // --beta1
    double beta2 = 0.999;
    double lambdaA = 10.0;     // --lambda_A
    double lambdaB = 10.0;     // --lambda_B
    double lambdaIdentity = 0.5; // --lambda_identity (times lambda_A / lambda_B)
    GanMode ganMode = GanMode::Lsgan;
    int poolSize = 50;         // --pool_size
    bool flip = true;          // !--no_flip
    std::uint64_t seed = 0;    // chosen at project creation when not given, so resume stays exact
    int previewEvery = 25;     // iterations between cycle previews
    int checkpointEvery = 500; // iterations between automatic checkpoints
    int keepCheckpoints = 3;   // snapshots kept besides the newest
    // Fine-tuning (engine/finetune.h): parts of both generators that keep their loaded weights. The
    // encoder is conv_in, down1 and down2; freezeBlocks counts residual blocks from the first.
    bool freezeEncoder = false;
    int freezeBlocks = 0;
    std::string fineTunedFrom; // the source project or model file, for the record ("" = trained from scratch)
    // Optional cycle losses (engine/cycleloss.h), off by default and on in the Custom preset.
    // Multi-scale: the cycle L1 summed over the levels of a Laplacian pyramid, one weight per level (finest
    // first); {1} is the paper's plain L1.
    std::vector<double> cyclePyramidWeights{1.0};
    // Feature space: lambdaFeature * mean L1 between features of the input and of its reconstruction, from
    // the discriminator that judges that domain, or from a TorchScript file when featureNetwork is set.
    double lambdaFeature = 0.0; // 0 = off
    std::string featureNetwork;
    // May change between runs of a project (like the schedule), e.g. when it moves to another machine.
    Precision precision = Precision::Fp32;

    int cyclePyramidLevels() const { return static_cast<int>(cyclePyramidWeights.size()); }
    bool multiScaleCycle() const { return cyclePyramidWeights.size() > 1; }
    bool featureCycle() const { return lambdaFeature > 0; }
};

// The reference loads 286 px for 256 px crops (--load_size 286 --crop_size 256); other crop sizes keep
// that ratio.
int loadSizeFor(int cropSize);

// Learning-rate factor during epoch e (1-based): 1 - max(0, e - n_epochs) / (n_epochs_decay + 1)
// (--lr_policy linear).
double learningRateFactor(int epoch, int epochs, int epochsDecay);

// Fills the options of a preset: Sketch (96 px, ngf 32, 6 blocks), Quick (128 px, ngf 64, 6 blocks),
// Standard (the paper's 256 px, 9 blocks), each with the paper's plain cycle loss. Custom keeps the
// network and size and turns on the optional losses (kCustomPyramidWeights, kCustomLambdaFeature).
inline const std::vector<double> kCustomPyramidWeights{1.0, 1.0, 1.0};
constexpr double kCustomLambdaFeature = 1.0;
void applyPreset(TrainOptions &options, Preset preset);
std::optional<Preset> presetFromName(const std::string &name);
std::string presetName(Preset preset);
// Sketch on a CPU, Standard on a GPU.
Preset defaultPreset(bool cudaAvailable);

// Checks ranges and that every number is finite; throws engine::Error with a sentence naming the field.
constexpr int kMaxEpochs = 100000;
constexpr int kMaxInterval = 100'000'000;
void validate(const TrainOptions &options);
std::vector<Preset> allPresets();

std::string ganModeName(GanMode mode);
std::optional<GanMode> ganModeFromName(const std::string &name);
std::string precisionName(Precision p); // fp32, bf16
std::optional<Precision> precisionFromName(const std::string &name);
std::string directionName(Direction d);
std::optional<Direction> directionFromName(const std::string &name);

void to_json(nlohmann::json &j, const ModelOptions &o);
void from_json(const nlohmann::json &j, ModelOptions &o);
void to_json(nlohmann::json &j, const TrainOptions &o);
void from_json(const nlohmann::json &j, TrainOptions &o);

// The multi-domain (StarGAN) mode's settings, with the paper's defaults (reference option names in
// comments). Saved as JSON in a multi-domain project.json and in its checkpoints.
struct MultiDomainOptions
{
    int imageSize = 128;      // --image_size (images are resized to it; flipped at random)
    int gConvDim = 64;        // --g_conv_dim
    int dConvDim = 64;        // --d_conv_dim
    int gRepeat = 6;          // --g_repeat_num (residual blocks)
    int dRepeat = 6;          // --d_repeat_num (stride-2 layers)
    double lambdaCls = 1.0;   // --lambda_cls
    double lambdaRec = 10.0;  // --lambda_rec
    double lambdaGp = 10.0;   // --lambda_gp
    int nCritic = 5;          // --n_critic
    double lr = 1e-4;         // --g_lr, --d_lr
    double beta1 = 0.5;       // --beta1
    double beta2 = 0.999;     // --beta2
    int batchSize = 16;       // --batch_size
    int epochs = 10;          // constant learning rate (paper: 10 epochs, then linear decay over 10)
    int epochsDecay = 10;
    bool flip = true;
    std::uint64_t seed = 0;
    int previewEvery = 100;
    int checkpointEvery = 1000;
    int keepCheckpoints = 3;
};

// Throws engine::Error naming the field; domains is the number of domains (2 to kMaxDomains).
constexpr int kMaxDomains = 16;
void validate(const MultiDomainOptions &options, int domains);
void to_json(nlohmann::json &j, const MultiDomainOptions &o);
void from_json(const nlohmann::json &j, MultiDomainOptions &o);

// Resume is exact: a resumed run keeps its checkpoint's settings except these, which the project may
// change between runs (the schedule length and the preview and checkpoint intervals). Both modes.
template<typename Options>
void takeScheduleFrom(const Options &project, Options &resumed)
{
    resumed.epochs = project.epochs;
    resumed.epochsDecay = project.epochsDecay;
    resumed.previewEvery = project.previewEvery;
    resumed.checkpointEvery = project.checkpointEvery;
    resumed.keepCheckpoints = project.keepCheckpoints;
}

// The settings (JSON names, e.g. "lambda_A", "model.ngf") whose values differ between two option sets.
std::vector<std::string> differingSettings(const TrainOptions &a, const TrainOptions &b);
std::vector<std::string> differingSettings(const MultiDomainOptions &a, const MultiDomainOptions &b);

} // namespace engine
