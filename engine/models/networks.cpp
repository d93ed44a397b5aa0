#include "models/networks.h"

#include "models/narrowconv.h"
#include "models/transposedconv.h"
#include "models/winograd.h"

#include <atomic>

namespace engine {

namespace F = torch::nn::functional;
using torch::nn::Conv2dOptions;

namespace {

constexpr double kNormEps = 1e-5;

std::atomic<bool> g_outOfPlaceNormActivations{true};

// Instance norm at index *normIndex, or the whole-image statistics the NormControl supplies for it.
// factor: how many input pixels one pixel of x covers (1, 2 or 4), to find the tile's core.
torch::Tensor controlledNorm(const torch::Tensor &x, NormControl *control, int *normIndex, int factor)
{
    if (!control)
        return instanceNorm(x);
    const int index = (*normIndex)++;
    if (control->mode == NormControl::Mode::Accumulate && index == control->accumulateLayer) {
        const auto core = x.index({torch::indexing::Slice(), torch::indexing::Slice(),
                                   torch::indexing::Slice(control->coreY0 / factor, control->coreY1 / factor),
                                   torch::indexing::Slice(control->coreX0 / factor, control->coreX1 / factor)})
                              .to(torch::kDouble);
        control->sum = core.sum({0, 2, 3});
        control->sumSq = core.pow(2).sum({0, 2, 3});
        control->count = static_cast<double>(core.size(0) * core.size(2) * core.size(3));
        throw NormAccumulated{};
    }
    const auto &stats = control->fixed.at(static_cast<size_t>(index));
    const auto c = x.size(1);
    return (x - stats.first.view({1, c, 1, 1})) * torch::rsqrt(stats.second.view({1, c, 1, 1}) + kNormEps);
}

} // namespace

torch::Tensor instanceNorm(const torch::Tensor &x)
{
    return torch::instance_norm(x, {}, {}, {}, {}, /*use_input_stats=*/true, /*momentum=*/0.1, kNormEps,
                                /*cudnn_enabled=*/true);
}

void setOutOfPlaceNormActivations(bool on) { g_outOfPlaceNormActivations = on; }

bool outOfPlaceNormActivations() { return g_outOfPlaceNormActivations; }

torch::Tensor normRelu(const torch::Tensor &x)
{
    const bool recorded = torch::GradMode::is_enabled() && x.requires_grad();
    return recorded && g_outOfPlaceNormActivations ? torch::relu(x) : x.relu_();
}

torch::Tensor convTranspose3x3s2(const torch::Tensor &x, const torch::Tensor &weight, const torch::Tensor &bias)
{
    // out[2m+a] = sum over taps: a=0 uses x[m]·W[1]; a=1 uses x[m]·W[2] + x[m+1]·W[0] (per axis).
    const auto w = weight.transpose(0, 1); // [Cout, Cin, 3, 3]
    const auto zero = torch::zeros_like(w.select(2, 0).select(2, 0));
    auto tap = [&](int a, int d) -> int { return a == 0 ? (d == 0 ? 1 : -1) : (d == 0 ? 2 : 0); };
    std::vector<torch::Tensor> phases;
    phases.reserve(4);
    for (int a = 0; a < 2; ++a) {
        for (int b = 0; b < 2; ++b) {
            std::vector<torch::Tensor> rows;
            for (int dy = 0; dy < 2; ++dy) {
                std::vector<torch::Tensor> cols;
                for (int dx = 0; dx < 2; ++dx) {
                    const int ky = tap(a, dy), kx = tap(b, dx);
                    cols.push_back(ky < 0 || kx < 0 ? zero : w.select(2, ky).select(2, kx));
                }
                rows.push_back(torch::stack(cols, -1));
            }
            phases.push_back(torch::stack(rows, -2)); // [Cout, Cin, 2, 2]
        }
    }
    // Channel cout*4 + a*2 + b, the order pixel_shuffle expects.
    const auto kernel = torch::stack(phases, 1).flatten(0, 1);
    const auto b4 = bias.defined() ? bias.repeat_interleave(4) : torch::Tensor();
    const auto padded = F::pad(x, F::PadFuncOptions({0, 1, 0, 1}));
    return torch::pixel_shuffle(torch::conv2d(padded, kernel, b4), 2);
}

ResnetBlockImpl::ResnetBlockImpl(int c)
{
    conv1 = register_module("conv1", torch::nn::Conv2d(Conv2dOptions(c, c, 3).padding(1).padding_mode(torch::kReflect)));
    conv2 = register_module("conv2", torch::nn::Conv2d(Conv2dOptions(c, c, 3).padding(1).padding_mode(torch::kReflect)));
}

torch::Tensor ResnetBlockImpl::forward(const torch::Tensor &x, NormControl *control, int *normIndex)
{
    auto y = normRelu(controlledNorm(convolve(conv1, *m_kernel1, x), control, normIndex, 4));
    y = controlledNorm(convolve(conv2, *m_kernel2, y), control, normIndex, 4);
    return x + y;
}

torch::Tensor ResnetBlockImpl::convolve(torch::nn::Conv2d &conv, WinogradKernelCache &cache, const torch::Tensor &x)
{
    if (!winogradWorthwhile(x, conv->weight, conv->bias))
        return conv(x);
    if (winogradFoldsPadding(x))
        return winogradConvolution(x, conv->weight, conv->bias, cache, /*reflect=*/true);
    return winogradConvolution(F::pad(x, F::PadFuncOptions({1, 1, 1, 1}).mode(torch::kReflect)), conv->weight, conv->bias, cache);
}

ResnetGeneratorImpl::ResnetGeneratorImpl(const ModelOptions &o) : options(o)
{
    const int ngf = o.ngf;
    convIn = register_module("conv_in", torch::nn::Conv2d(Conv2dOptions(o.inputChannels, ngf, 7).padding(3).padding_mode(torch::kReflect)));
    down1 = register_module("down1", torch::nn::Conv2d(Conv2dOptions(ngf, ngf * 2, 3).stride(2).padding(1)));
    down2 = register_module("down2", torch::nn::Conv2d(Conv2dOptions(ngf * 2, ngf * 4, 3).stride(2).padding(1)));
    blocks = register_module("blocks", torch::nn::ModuleList());
    for (int i = 0; i < o.blocks; ++i)
        blocks->push_back(ResnetBlock(ngf * 4));
    auto upOptions = [](int in, int out) {
        return torch::nn::ConvTranspose2dOptions(in, out, 3).stride(2).padding(1).output_padding(1);
    };
    up1 = register_module("up1", torch::nn::ConvTranspose2d(upOptions(ngf * 4, ngf * 2)));
    up2 = register_module("up2", torch::nn::ConvTranspose2d(upOptions(ngf * 2, ngf)));
    convOut = register_module("conv_out", torch::nn::Conv2d(Conv2dOptions(ngf, o.outputChannels, 7).padding(3).padding_mode(torch::kReflect)));
}

int ResnetGeneratorImpl::normLayerCount() const { return 3 + 2 * options.blocks + 2; }

torch::Tensor ResnetGeneratorImpl::upsample(torch::nn::ConvTranspose2d &layer, const torch::Tensor &x) const
{
    if (fastUpsample && phaseTransposedConvolutionWorthwhile(x, layer->weight))
        return phaseTransposedConvolution(x, layer->weight, layer->bias);
    if (fastUpsample && x.is_cpu())
        return convTranspose3x3s2(x, layer->weight, layer->bias);
    return layer(x);
}

torch::Tensor ResnetGeneratorImpl::run(const torch::Tensor &x, NormControl *control)
{
    int normIndex = 0;
    auto y = normRelu(controlledNorm(convIn(x), control, &normIndex, 1));
    y = normRelu(controlledNorm(down1(y), control, &normIndex, 2));
    y = normRelu(controlledNorm(down2(y), control, &normIndex, 4));
    for (const auto &block : *blocks)
        y = block->as<ResnetBlock>()->forward(y, control, &normIndex);
    y = normRelu(controlledNorm(upsample(up1, y), control, &normIndex, 2));
    y = normRelu(controlledNorm(upsample(up2, y), control, &normIndex, 1));
    return torch::tanh(narrowConvolutionWorthwhile(y, convOut->weight) ? narrowConvolution(y, convOut->weight, convOut->bias) : convOut(y));
}

torch::Tensor ResnetGeneratorImpl::forward(const torch::Tensor &x) { return run(x, nullptr); }

torch::Tensor ResnetGeneratorImpl::forwardControlled(const torch::Tensor &x, NormControl &control)
{
    return run(x, &control);
}

PatchDiscriminatorImpl::PatchDiscriminatorImpl(const ModelOptions &o)
{
    // 70×70 PatchGAN (NLayerDiscriminator): 4×4 convs, LeakyReLU 0.2, no norm on the first layer.
    const int ndf = o.ndf;
    const auto lrelu = torch::nn::LeakyReLUOptions().negative_slope(0.2).inplace(true);
    const auto normLrelu = torch::nn::LeakyReLUOptions().negative_slope(0.2).inplace(!outOfPlaceNormActivations());
    auto norm = [](int c) {
        return torch::nn::InstanceNorm2d(torch::nn::InstanceNorm2dOptions(c).affine(false).track_running_stats(false));
    };
    torch::nn::Sequential seq;
    seq->push_back(torch::nn::Conv2d(Conv2dOptions(o.inputChannels, ndf, 4).stride(2).padding(1)));
    seq->push_back(torch::nn::LeakyReLU(lrelu));
    int mult = 1;
    for (int n = 1; n < o.discriminatorLayers; ++n) {
        const int prev = mult;
        mult = std::min(1 << n, 8);
        seq->push_back(torch::nn::Conv2d(Conv2dOptions(ndf * prev, ndf * mult, 4).stride(2).padding(1)));
        seq->push_back(norm(ndf * mult));
        seq->push_back(torch::nn::LeakyReLU(normLrelu));
    }
    const int prev = mult;
    mult = std::min(1 << o.discriminatorLayers, 8);
    seq->push_back(torch::nn::Conv2d(Conv2dOptions(ndf * prev, ndf * mult, 4).stride(1).padding(1)));
    seq->push_back(norm(ndf * mult));
    seq->push_back(torch::nn::LeakyReLU(normLrelu));
    seq->push_back(torch::nn::Conv2d(Conv2dOptions(ndf * mult, 1, 4).stride(1).padding(1)));
    model = register_module("model", seq);
}

torch::Tensor PatchDiscriminatorImpl::forward(const torch::Tensor &x) { return model->forward(x); }

void initWeights(torch::nn::Module &module)
{
    torch::NoGradGuard noGrad;
    for (auto &m : module.modules(/*include_self=*/true)) {
        if (auto *conv = m->as<torch::nn::Conv2d>()) {
            conv->weight.normal_(0.0, 0.02);
            if (conv->bias.defined())
                conv->bias.zero_();
        } else if (auto *tconv = m->as<torch::nn::ConvTranspose2d>()) {
            tconv->weight.normal_(0.0, 0.02);
            if (tconv->bias.defined())
                tconv->bias.zero_();
        }
    }
}

std::int64_t countParameters(const torch::nn::Module &module)
{
    std::int64_t n = 0;
    for (const auto &p : module.parameters())
        n += p.numel();
    return n;
}

} // namespace engine
