#pragma once
// The reference CycleGAN networks (Zhu et al. 2017, models/networks.py): the ResNet generator
// (--netG resnet_{6,9}blocks) and the 70×70 PatchGAN discriminator (--netD basic), with instance norm
// without affine parameters (--norm instance), no dropout, conv bias on, weights N(0, 0.02) (--init_type
// normal). Module names are checkpoint keys: never rename them.

#include "engine/project/options.h"
#include "models/winograd.h"

#include <torch/torch.h>

#include <vector>

namespace engine {

// Lets the translator run the generator over tiles of a large image while every instance-norm layer
// uses the statistics of the whole image (so tiles agree with a whole-image pass). See translator.cpp.
struct NormControl
{
    enum class Mode { Own, Accumulate };
    Mode mode = Mode::Own;
    std::vector<std::pair<torch::Tensor, torch::Tensor>> fixed; // (mean, var) per norm layer, [C] each
    int accumulateLayer = -1;    // in Accumulate mode: the layer whose input statistics are summed
    int coreX0 = 0, coreY0 = 0, coreX1 = 0, coreY1 = 0; // the tile's core, in input pixels
    torch::Tensor sum, sumSq;    // accumulated over the core, [C], double
    double count = 0;
};

// Thrown internally when NormControl has gathered what it needed.
struct NormAccumulated {};

class ResnetBlockImpl : public torch::nn::Module
{
public:
    explicit ResnetBlockImpl(int channels);
    torch::Tensor forward(const torch::Tensor &x, NormControl *control = nullptr, int *normIndex = nullptr);

    torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};

private:
    // On a CPU the 3×3 convolutions run by Winograd's method where it pays (models/winograd.h), in training too.
    torch::Tensor convolve(torch::nn::Conv2d &conv, WinogradKernelCache &cache, const torch::Tensor &x);
    std::shared_ptr<WinogradKernelCache> m_kernel1 = std::make_shared<WinogradKernelCache>(),
                                         m_kernel2 = std::make_shared<WinogradKernelCache>();
};
TORCH_MODULE(ResnetBlock);

class ResnetGeneratorImpl : public torch::nn::Module
{
public:
    explicit ResnetGeneratorImpl(const ModelOptions &options);
    torch::Tensor forward(const torch::Tensor &x);
    torch::Tensor forwardControlled(const torch::Tensor &x, NormControl &control);
    int normLayerCount() const;

    // On the CPU, transposed convolutions run as an exactly equivalent sub-pixel convolution (faster
    // kernels) unless this is false; cuDNN's own transposed convolution is faster on a GPU. The weights
    // keep the reference's ConvTranspose2d shapes either way.
    bool fastUpsample = true;

    ModelOptions options;
    torch::nn::Conv2d convIn{nullptr}, down1{nullptr}, down2{nullptr}, convOut{nullptr};
    torch::nn::ModuleList blocks{nullptr};
    torch::nn::ConvTranspose2d up1{nullptr}, up2{nullptr};

private:
    torch::Tensor run(const torch::Tensor &x, NormControl *control);
    torch::Tensor upsample(torch::nn::ConvTranspose2d &layer, const torch::Tensor &x) const;
};
TORCH_MODULE(ResnetGenerator);

class PatchDiscriminatorImpl : public torch::nn::Module
{
public:
    explicit PatchDiscriminatorImpl(const ModelOptions &options);
    torch::Tensor forward(const torch::Tensor &x);

    torch::nn::Sequential model{nullptr};
};
TORCH_MODULE(PatchDiscriminator);

// ConvTranspose2d(k=3, stride=2, padding=1, output_padding=1) computed as a 2×2 convolution producing
// four phases followed by pixel_shuffle: the same numbers as torch::conv_transpose2d, through faster
// convolution kernels. weight is [Cin, Cout, 3, 3].
torch::Tensor convTranspose3x3s2(const torch::Tensor &x, const torch::Tensor &weight, const torch::Tensor &bias);

// Instance norm as in the reference (no affine, biased variance, eps 1e-5).
torch::Tensor instanceNorm(const torch::Tensor &x);

// The activations that follow an instance norm, in place or not. LibTorch's instance norm returns a view of
// its result, and an in-place activation on a view that autograd records costs the backward pass a copy of
// the whole tensor and a zeroed one like it (CopySlices, AsStridedBackward). So while autograd records they run
// out of place, which keeps no more memory: the ReLU's backward reads its own result, and nothing else holds
// the norm's. Without a gradient they stay in place. In place always, as the reference does, is for an A/B
// comparison (bench --inplace-norm-activation); read when a discriminator is built and when a generator runs.
void setOutOfPlaceNormActivations(bool on);
bool outOfPlaceNormActivations();

// ReLU of an instance norm's output `x`, as above.
torch::Tensor normRelu(const torch::Tensor &x);

// normRelu as a module, for the Sequential models (StarGAN's): no parameters, so it takes a ReLU's place
// without changing the parameters' names.
class NormReluImpl : public torch::nn::Module
{
public:
    torch::Tensor forward(const torch::Tensor &x) { return normRelu(x); }
};
TORCH_MODULE(NormRelu);

// N(0, 0.02) conv weights and zero biases (--init_type normal --init_gain 0.02).
void initWeights(torch::nn::Module &module);
std::int64_t countParameters(const torch::nn::Module &module);

} // namespace engine
