#pragma once
// CycleGanModel: the two generators, two discriminators, their optimisers, image pools and losses, and
// one training iteration in the reference's order (models/cycle_gan_model.py). Paper mapping:
// G_A = G (A→B), G_B = F (B→A), D_A = D_Y (judges B), D_B = D_X (judges A).
// Owned by the Trainer (or a test/benchmark) on the thread that trains.

#include "models/imagepool.h"
#include "models/replicated.h"
#include "engine/training/lossvalues.h"
#include "models/networks.h"
#include "engine/project/options.h"

#include <torch/torch.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

namespace engine {

class ScriptedFeatures;

class CycleGanModel final : public ReplicatedModel
{
public:
    CycleGanModel(const TrainOptions &options, torch::Device device, std::uint64_t seed);
    ~CycleGanModel() override;

    // The losses step() reports, in order: the reference's eight, then cycle_ms_A/B (multi-scale cycle,
    // optimised instead of the plain cycle_A/B, which are still logged for comparison) and
    // cycle_feat_A/B (feature-space cycle) when those are on.
    static std::vector<std::string> lossNames(const TrainOptions &options);

    // One iteration on a batch of A and a batch of B images in [-1, 1], [N, 3, H, W].
    LossValues step(const torch::Tensor &realA, const torch::Tensor &realB);

    // Adversarial loss (LSGAN: MSE to 1/0; vanilla: BCE with logits), Eq. (1) of the paper.
    torch::Tensor ganLoss(const torch::Tensor &prediction, bool targetIsReal) const;

    void setLearningRate(double lr);
    double learningRate() const;

    const TrainOptions &options() const { return m_options; }
    void setPrecision(Precision precision) { m_options.precision = precision; }
    torch::Device device() const { return m_device; }

    // Serialisation of everything that evolves during training (weights, optimisers, pools, RNG).
    void save(torch::serialize::OutputArchive &archive) const;
    void load(torch::serialize::InputArchive &archive);
    // Every weight, optimiser state and pooled image is a finite number.
    bool allFinite() const;

    // Distributed training: the four networks are shared; the pools and their generator are local.
    std::vector<torch::Tensor> sharedTensors() const override;
    std::string localState() const override;
    void setLocalState(const std::string &bytes) override;
    void resetLocalState(std::uint64_t seed) override;

    ResnetGenerator G_A{nullptr}, G_B{nullptr};
    PatchDiscriminator D_A{nullptr}, D_B{nullptr};
    std::unique_ptr<torch::optim::Adam> optimizerG, optimizerD;
    ImagePool poolA, poolB; // poolA holds fake A images (for D_B), poolB fake B images (for D_A)
    std::mt19937_64 rng;    // the pools' coin flips

private:
    // The losses of one step, as computed (cycle: the pyramid's when multi-scale is on).
    struct StepLosses
    {
        torch::Tensor gA, gB, dA, dB, cycleA, cycleB, idtA, idtB, featA, featB;
    };
    // The step's losses as named numbers, in lossNames() order.
    LossValues report(const StepLosses &losses, const torch::Tensor &recA, const torch::Tensor &realA, const torch::Tensor &recB,
                      const torch::Tensor &realB) const;
    torch::Tensor cycleLoss(const torch::Tensor &reconstructed, const torch::Tensor &real, double lambda) const;
    std::vector<torch::Tensor> features(PatchDiscriminatorImpl &judge, const torch::Tensor &x);

    TrainOptions m_options;
    torch::Device m_device;
    std::unique_ptr<ScriptedFeatures> m_scriptedFeatures; // the user's feature network, when chosen
};

// The parameters of a generator that fine-tuning keeps fixed (options.freezeEncoder, freezeBlocks).
std::vector<torch::Tensor> frozenParameters(ResnetGeneratorImpl &generator, const TrainOptions &options);

} // namespace engine
