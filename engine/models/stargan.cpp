#include "models/stargan.h"

#include "models/fusedadam.h"
#include "models/modulestate.h"
#include "models/networks.h"
#include "engine/core/error.h"

#include <atomic>
#include <cmath>
#include <sstream>

namespace engine {

namespace {

using torch::nn::Conv2dOptions;

// The curves step() reports, in this order (the reference solver's loss keys).
enum Loss { DReal, DFake, DCls, DGp, GFake, GCls, GRec, LossCount };
const char *const kLossNames[LossCount] = {"D_real", "D_fake", "D_cls", "D_gp", "G_fake", "G_cls", "G_rec"};

std::atomic<bool> g_batchedCriticPasses{true};

torch::nn::InstanceNorm2d affineNorm(int channels)
{
    return torch::nn::InstanceNorm2d(torch::nn::InstanceNorm2dOptions(channels).affine(true).track_running_stats(false));
}

} // namespace

StarResidualBlockImpl::StarResidualBlockImpl(int c)
{
    main = register_module("main", torch::nn::Sequential(
                                       torch::nn::Conv2d(Conv2dOptions(c, c, 3).stride(1).padding(1).bias(false)), affineNorm(c),
                                       NormRelu(),
                                       torch::nn::Conv2d(Conv2dOptions(c, c, 3).stride(1).padding(1).bias(false)), affineNorm(c)));
}

torch::Tensor StarResidualBlockImpl::forward(const torch::Tensor &x) { return x + main->forward(x); }

StarGeneratorImpl::StarGeneratorImpl(int convDim, int domainCount, int repeat) : domains(domainCount)
{
    torch::nn::Sequential seq;
    seq->push_back(torch::nn::Conv2d(Conv2dOptions(3 + domains, convDim, 7).stride(1).padding(3).bias(false)));
    seq->push_back(affineNorm(convDim));
    seq->push_back(NormRelu());
    int c = convDim;
    for (int i = 0; i < 2; ++i, c *= 2) { // down-sampling
        seq->push_back(torch::nn::Conv2d(Conv2dOptions(c, c * 2, 4).stride(2).padding(1).bias(false)));
        seq->push_back(affineNorm(c * 2));
        seq->push_back(NormRelu());
    }
    for (int i = 0; i < repeat; ++i) // bottleneck
        seq->push_back(StarResidualBlock(c));
    for (int i = 0; i < 2; ++i, c /= 2) { // up-sampling
        seq->push_back(torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(c, c / 2, 4).stride(2).padding(1).bias(false)));
        seq->push_back(affineNorm(c / 2));
        seq->push_back(NormRelu());
    }
    seq->push_back(torch::nn::Conv2d(Conv2dOptions(c, 3, 7).stride(1).padding(3).bias(false)));
    seq->push_back(torch::nn::Tanh());
    main = register_module("main", seq);
}

torch::Tensor StarGeneratorImpl::forward(const torch::Tensor &x, const torch::Tensor &target)
{
    // The target domain's one-hot label, tiled over the image as extra channels.
    const auto c = torch::one_hot(target.to(torch::kLong), domains)
                       .to(x.dtype())
                       .view({x.size(0), domains, 1, 1})
                       .expand({x.size(0), domains, x.size(2), x.size(3)});
    return main->forward(torch::cat({x, c}, 1));
}

StarDiscriminatorImpl::StarDiscriminatorImpl(int imageSize, int convDim, int domains, int repeat)
{
    const auto lrelu = torch::nn::LeakyReLUOptions().negative_slope(0.01);
    torch::nn::Sequential seq;
    seq->push_back(torch::nn::Conv2d(Conv2dOptions(3, convDim, 4).stride(2).padding(1)));
    seq->push_back(torch::nn::LeakyReLU(lrelu));
    int c = convDim, side = imageSize / 2;
    for (int i = 1; i < repeat; ++i, c *= 2) {
        seq->push_back(torch::nn::Conv2d(Conv2dOptions(c, c * 2, 4).stride(2).padding(1)));
        seq->push_back(torch::nn::LeakyReLU(lrelu));
        side = (side - 2) / 2 + 1;
    }
    main = register_module("main", seq);
    conv1 = register_module("conv1", torch::nn::Conv2d(Conv2dOptions(c, 1, 3).stride(1).padding(1).bias(false)));
    // The classifier's kernel covers the whole last feature map (image_size / 2^repeat in the reference).
    conv2 = register_module("conv2", torch::nn::Conv2d(Conv2dOptions(c, domains, std::max(1, side)).bias(false)));
}

std::pair<torch::Tensor, torch::Tensor> StarDiscriminatorImpl::forward(const torch::Tensor &x)
{
    const auto h = main->forward(x);
    const auto cls = conv2->forward(h);
    return {conv1->forward(h), cls.view({cls.size(0), cls.size(1)})};
}

void setBatchedCriticPasses(bool on) { g_batchedCriticPasses = on; }

bool batchedCriticPasses() { return g_batchedCriticPasses; }

torch::Tensor gradientPenalty(const torch::Tensor &out, const torch::Tensor &x)
{
    const auto grad = torch::autograd::grad({out}, {x}, {torch::ones_like(out)}, /*retain_graph=*/true, /*create_graph=*/true)[0];
    const auto norm = grad.view({grad.size(0), -1}).norm(2, 1);
    return (norm - 1).pow(2).mean();
}

StarGanModel::StarGanModel(const MultiDomainOptions &options, int domains, torch::Device device, std::uint64_t seed)
    : rng(seed), m_options(options), m_domains(domains), m_device(device)
{
    validate(options, domains);
    torch::manual_seed(seed);
    G = StarGenerator(options.gConvDim, domains, options.gRepeat);
    D = StarDiscriminator(options.imageSize, options.dConvDim, domains, options.dRepeat);
    G->to(device);
    D->to(device);
    const auto adam = torch::optim::AdamOptions(options.lr).betas({options.beta1, options.beta2});
    optimizerG = std::make_unique<torch::optim::Adam>(G->parameters(), adam);
    optimizerD = std::make_unique<torch::optim::Adam>(D->parameters(), adam);
}

std::vector<std::string> StarGanModel::lossNames() { return {std::begin(kLossNames), std::end(kLossNames)}; }

LossValues StarGanModel::step(const torch::Tensor &realIn, const torch::Tensor &labelsIn)
{
    const auto real = realIn.to(m_device);
    const auto labels = labelsIn.to(torch::kLong).to(m_device);
    const int64_t n = real.size(0);
    // Targets from the other domains, and the gradient penalty's mixing weights, from our own generator so
    // that a resumed run draws the same numbers.
    std::vector<int64_t> targetValues(static_cast<size_t>(n));
    std::vector<float> alphaValues(static_cast<size_t>(n));
    const auto labelsCpu = labels.cpu();
    for (int64_t i = 0; i < n; ++i) {
        const auto shift = 1 + static_cast<int64_t>(rng() % static_cast<std::uint64_t>(m_domains - 1));
        targetValues[static_cast<size_t>(i)] = (labelsCpu[i].item<int64_t>() + shift) % m_domains;
        alphaValues[static_cast<size_t>(i)] = std::uniform_real_distribution<float>(0.f, 1.f)(rng);
    }
    const auto targets = torch::tensor(targetValues, torch::kLong).to(m_device);
    const auto alpha = torch::tensor(alphaValues).view({n, 1, 1, 1}).to(m_device);
    if (recordDraws) {
        recordDraws->push_back(torch::tensor(targetValues, torch::kLong));
        recordDraws->push_back(torch::tensor(alphaValues));
    }

    // Discriminator: real images scored high and classified, fakes scored low, gradient penalty on mixes.
    setRequiresGrad(*D, true);
    torch::Tensor fake;
    {
        torch::NoGradGuard noGrad;
        fake = G->forward(real, targets);
    }
    torch::Tensor srcReal, clsReal, srcFake;
    if (g_batchedCriticPasses) {
        const auto [src, cls] = D->forward(torch::cat({real, fake}));
        srcReal = src.narrow(0, 0, n);
        clsReal = cls.narrow(0, 0, n);
        srcFake = src.narrow(0, n, n);
    } else {
        std::tie(srcReal, clsReal) = D->forward(real);
        srcFake = D->forward(fake).first;
    }
    const auto dReal = -srcReal.mean();
    const auto dCls = torch::cross_entropy_loss(clsReal, labels);
    const auto dFake = srcFake.mean();
    const auto mixed = (alpha * real + (1 - alpha) * fake).detach().requires_grad_(true);
    const auto dGp = gradientPenalty(D->forward(mixed).first, mixed);
    const auto dLoss = dReal + dFake + m_options.lambdaCls * dCls + m_options.lambdaGp * dGp;
    optimizerD->zero_grad();
    dLoss.backward();
    if (beforeUpdate)
        beforeUpdate(*optimizerD);
    adamStep(*optimizerD);
    ++dUpdates;

    LossValues v;
    v.add(kLossNames[DReal], dReal.item<double>());
    v.add(kLossNames[DFake], dFake.item<double>());
    v.add(kLossNames[DCls], dCls.item<double>());
    v.add(kLossNames[DGp], dGp.item<double>());
    if (dUpdates % m_options.nCritic != 0)
        return v; // no generator update: its losses are absent from this iteration's record
    // Generator: fool D, be classified as the target, and come back to the original domain.
    setRequiresGrad(*D, false);
    const auto fakeG = G->forward(real, targets);
    const auto [src, cls] = D->forward(fakeG);
    const auto gFake = -src.mean();
    const auto gCls = torch::cross_entropy_loss(cls, targets);
    const auto gRec = torch::l1_loss(G->forward(fakeG, labels), real);
    const auto gLoss = gFake + m_options.lambdaRec * gRec + m_options.lambdaCls * gCls;
    optimizerG->zero_grad();
    gLoss.backward();
    if (beforeUpdate)
        beforeUpdate(*optimizerG);
    adamStep(*optimizerG);
    setRequiresGrad(*D, true);
    v.add(kLossNames[GFake], gFake.item<double>());
    v.add(kLossNames[GCls], gCls.item<double>());
    v.add(kLossNames[GRec], gRec.item<double>());
    return v;
}

void StarGanModel::setLearningRate(double lr) { setAdamLearningRate(*optimizerG, *optimizerD, lr); }

double StarGanModel::learningRate() const { return adamLearningRate(*optimizerG); }

void StarGanModel::save(torch::serialize::OutputArchive &archive) const
{
    torch::serialize::OutputArchive g, d;
    saveModule(*G, g);
    saveModule(*D, d);
    archive.write("G", g);
    archive.write("D", d);
    saveOptimizers(*optimizerG, *optimizerD, archive);
    std::ostringstream rngState;
    rngState << rng;
    archive.write("rng", c10::IValue(rngState.str()));
    archive.write("d_updates", torch::tensor(dUpdates));
    saveRankStates(archive, rankStates);
}

std::vector<torch::Tensor> StarGanModel::sharedTensors() const
{
    return stateTensors({G.get(), D.get()});
}

std::string StarGanModel::localState() const
{
    std::ostringstream rngState;
    rngState << rng;
    return rngState.str();
}

void StarGanModel::setLocalState(const std::string &bytes)
{
    std::istringstream in(bytes);
    in >> rng;
}

void StarGanModel::load(torch::serialize::InputArchive &archive)
{
    torch::serialize::InputArchive g, d;
    if (!archive.try_read("G", g) || !archive.try_read("D", d))
        throw Error("The checkpoint has no multi-domain networks.");
    loadModule(*G, g, "the generator");
    loadModule(*D, d, "the discriminator");
    loadOptimizers(*optimizerG, *optimizerD, archive, m_device);
    c10::IValue rngState;
    torch::Tensor updates;
    if (!archive.try_read("rng", rngState) || !rngState.isString() || !archive.try_read("d_updates", updates))
        throw Error("The checkpoint has no random state.");
    std::istringstream in(rngState.toStringRef());
    in >> rng;
    dUpdates = updates.item<int64_t>();
    rankStates = loadRankStates(archive);
}

bool StarGanModel::allFinite() const
{
    return engine::allFinite(*G) && engine::allFinite(*D) && engine::allFinite(*optimizerG) && engine::allFinite(*optimizerD);
}

} // namespace engine
