#pragma once
// The multi-domain mode (StarGAN, Choi et al. 2018; reference: yunjey/stargan, model.py and solver.py):
// one generator conditioned on the target domain (its one-hot label tiled as extra input channels) and
// one discriminator with a real/fake patch output and an auxiliary domain classifier. Losses as in the
// paper: WGAN-GP adversarial (lambda_gp 10), domain classification (lambda_cls 1), reconstruction L1
// (lambda_rec 10); the generator is updated once every n_critic (5) discriminator updates; Adam(1e-4,
// 0.5, 0.999). Sizes for 5 domains at 128 px with the defaults: G 8,430,528 and D 44,762,048 parameters.
// Module names are checkpoint keys: never rename them. Used on the training or translating thread.

#include "engine/training/lossvalues.h"
#include "engine/project/options.h"
#include "models/replicated.h"

#include <torch/torch.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

namespace engine {

class StarResidualBlockImpl : public torch::nn::Module
{
public:
    explicit StarResidualBlockImpl(int channels);
    torch::Tensor forward(const torch::Tensor &x);
    torch::nn::Sequential main{nullptr};
};
TORCH_MODULE(StarResidualBlock);

// Conv 7×7 → 2 × (conv 4×4 stride 2) → repeat residual blocks → 2 × (transposed conv 4×4 stride 2) →
// conv 7×7 → tanh; no conv bias; instance norm with affine parameters (instance statistics always, as
// the reference generator runs in training mode at test time too).
class StarGeneratorImpl : public torch::nn::Module
{
public:
    StarGeneratorImpl(int convDim, int domains, int repeat);
    // x: [N, 3, H, W] in [-1, 1] (H, W multiples of 4); target: [N] domain indices.
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &target);
    int domains;
    torch::nn::Sequential main{nullptr};
};
TORCH_MODULE(StarGenerator);

// repeat × (conv 4×4 stride 2, LeakyReLU 0.01), then a 3×3 real/fake patch output and a domain classifier
// whose kernel covers the whole last feature map.
class StarDiscriminatorImpl : public torch::nn::Module
{
public:
    StarDiscriminatorImpl(int imageSize, int convDim, int domains, int repeat);
    // (patch scores [N, 1, h, w], domain logits [N, domains])
    std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor &x);
    torch::nn::Sequential main{nullptr};
    torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
};
TORCH_MODULE(StarDiscriminator);

// The discriminator's step scores the real and the generated images in one batch (the discriminator has no
// norms, so each image's scores are its own; the reference runs two passes). Each layer's weight gradient is
// then computed and accumulated once for both instead of twice: at 128 px the last layers' kernels hold 42 M
// weights, and passes over their gradients are a large part of a step. The same gradients to float rounding.
// On by default; off (bench --separate-critic-passes) for an A/B comparison.
void setBatchedCriticPasses(bool on);
bool batchedCriticPasses();

// mean((||d out / d x||_2 - 1)^2) over the batch (WGAN-GP, Gulrajani et al. 2017).
torch::Tensor gradientPenalty(const torch::Tensor &out, const torch::Tensor &x);

class StarGanModel final : public ReplicatedModel
{
public:
    StarGanModel(const MultiDomainOptions &options, int domains, torch::Device device, std::uint64_t seed);

    // One iteration: a discriminator update and, every n_critic iterations, a generator update. real:
    // [N, 3, S, S] in [-1, 1]; labels: [N] domain indices (int64). Each image's target domain is drawn
    // uniformly from the other domains (the reference shuffles the batch's labels, which with small
    // batches often asks for the image's own domain). The generator's losses are absent from the record
    // of iterations without a generator update.
    LossValues step(const torch::Tensor &real, const torch::Tensor &labels);
    static std::vector<std::string> lossNames();

    void setLearningRate(double lr);
    double learningRate() const;

    void save(torch::serialize::OutputArchive &archive) const;
    void load(torch::serialize::InputArchive &archive);
    // Every weight, optimiser state and pooled image is a finite number.
    bool allFinite() const;

    const MultiDomainOptions &options() const { return m_options; }
    int domains() const { return m_domains; }
    torch::Device device() const { return m_device; }

    StarGenerator G{nullptr};
    StarDiscriminator D{nullptr};
    std::unique_ptr<torch::optim::Adam> optimizerG, optimizerD;
    std::mt19937_64 rng;          // target domains and the gradient-penalty mixing
    std::int64_t dUpdates = 0;    // discriminator updates so far (the n_critic clock)
    // When set, each step appends its random draws: the target domains ([N], int64) and the gradient
    // penalty's mixing weights ([N], float). A replay in another implementation (the lockstep test
    // against the reference solver) uses the same numbers.
    std::vector<torch::Tensor> *recordDraws = nullptr;

    // Distributed training: G and D are shared; each rank's random generator is its own.
    std::vector<torch::Tensor> sharedTensors() const override;
    std::string localState() const override;
    void setLocalState(const std::string &bytes) override;
    void resetLocalState(std::uint64_t seed) override { rng.seed(seed); }

private:
    MultiDomainOptions m_options;
    int m_domains;
    torch::Device m_device;
};

} // namespace engine
