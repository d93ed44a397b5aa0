#include "models/cycleloss.h"

#include "engine/core/error.h"
#include "engine/core/atomicfile.h"

#include <torch/script.h>

namespace engine {

namespace {

// Separable 5-tap binomial blur [1 4 6 4 1]/16 with reflect padding, per channel.
torch::Tensor blur(const torch::Tensor &x)
{
    const auto k1 = torch::tensor({1.0, 4.0, 6.0, 4.0, 1.0}, x.options()) / 16.0;
    const auto channels = x.size(1);
    const auto kernel = torch::outer(k1, k1).expand({channels, 1, 5, 5}).contiguous();
    const auto padded = torch::nn::functional::pad(
        x, torch::nn::functional::PadFuncOptions({2, 2, 2, 2}).mode(torch::kReflect));
    return torch::nn::functional::conv2d(padded, kernel, torch::nn::functional::Conv2dFuncOptions().groups(channels));
}

torch::Tensor upsampleTo(const torch::Tensor &x, const torch::Tensor &like)
{
    return torch::nn::functional::interpolate(
        x, torch::nn::functional::InterpolateFuncOptions()
               .size(std::vector<int64_t>{like.size(2), like.size(3)})
               .mode(torch::kBilinear)
               .align_corners(false));
}

} // namespace

std::vector<torch::Tensor> laplacianPyramid(const torch::Tensor &x, int levels)
{
    std::vector<torch::Tensor> out;
    torch::Tensor current = x;
    for (int k = 0; k + 1 < levels; ++k) {
        const auto down = blur(current).slice(2, 0, {}, 2).slice(3, 0, {}, 2);
        out.push_back(current - upsampleTo(down, current));
        current = down;
    }
    out.push_back(current);
    return out;
}

torch::Tensor multiScaleCycleLoss(const torch::Tensor &reconstructed, const torch::Tensor &real, const std::vector<double> &weights)
{
    const int levels = static_cast<int>(weights.size());
    if (levels == 1) // the paper's loss, without the pyramid's arithmetic
        return torch::l1_loss(reconstructed, real) * weights.front();
    const auto a = laplacianPyramid(reconstructed, levels), b = laplacianPyramid(real, levels);
    torch::Tensor loss = torch::zeros({}, real.options());
    for (int k = 0; k < levels; ++k)
        if (weights[static_cast<size_t>(k)] > 0)
            loss = loss + torch::l1_loss(a[static_cast<size_t>(k)], b[static_cast<size_t>(k)]) * weights[static_cast<size_t>(k)];
    return loss;
}

std::vector<torch::Tensor> discriminatorFeatures(PatchDiscriminatorImpl &discriminator, const torch::Tensor &x)
{
    std::vector<torch::Tensor> features;
    torch::Tensor y = x;
    auto &layers = *discriminator.model;
    size_t i = 0;
    for (auto it = layers.begin(); it != layers.end() && i + 1 < layers.size(); ++it, ++i) { // the last is the prediction
        y = it->forward(y);
        if (it->ptr()->as<torch::nn::LeakyReLUImpl>())
            features.push_back(y);
    }
    return features;
}

torch::Tensor featureDistance(const std::vector<torch::Tensor> &features, int64_t half)
{
    torch::Tensor sum;
    for (const auto &f : features) {
        const auto d = torch::l1_loss(f.narrow(0, half, half), f.narrow(0, 0, half));
        sum = sum.defined() ? sum + d : d;
    }
    return features.empty() ? sum : sum / static_cast<double>(features.size());
}

struct ScriptedFeatures::Private
{
    torch::jit::script::Module module;
};

ScriptedFeatures::ScriptedFeatures(const std::string &file, const torch::Device &device) : d(std::make_unique<Private>())
{
    const auto shown = displayPath(std::filesystem::u8path(file));
    try {
        d->module = torch::jit::load(std::filesystem::u8path(file).string(), device);
    } catch (const c10::Error &e) {
        throw Error("The feature network \"" + shown + "\" is not a TorchScript file that LibTorch can load (" +
                    e.what_without_backtrace() + ").");
    }
    d->module.eval();
    for (auto p : d->module.parameters())
        p.set_requires_grad(false);
    // Refuse a network that does not take an image here, rather than at the first training iteration.
    try {
        torch::NoGradGuard noGrad;
        if ((*this)(torch::zeros({1, 3, 64, 64}, torch::TensorOptions().device(device))).empty())
            throw Error("The feature network \"" + shown + "\" returned no features for an image.");
    } catch (const c10::Error &e) {
        throw Error("The feature network \"" + shown + "\" does not accept a [1, 3, H, W] image in [-1, 1] (" +
                    e.what_without_backtrace() + ").");
    }
}

ScriptedFeatures::~ScriptedFeatures() = default;

std::vector<torch::Tensor> ScriptedFeatures::operator()(const torch::Tensor &x)
{
    const auto out = d->module.forward({x});
    std::vector<torch::Tensor> features;
    auto take = [&](const c10::IValue &v) {
        if (v.isTensor())
            features.push_back(v.toTensor());
    };
    if (out.isTuple()) {
        for (const auto &v : out.toTuple()->elements())
            take(v);
    } else if (out.isList()) {
        for (const auto &v : out.toListRef())
            take(v);
    } else {
        take(out);
    }
    return features;
}

} // namespace engine
