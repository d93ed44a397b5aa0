#include "translation/generatortranslator.h"

#include "core/tensorimage.h"
#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "engine/project/project.h"
#include "models/cyclegan.h"
#include "models/networks.h"
#include "project/checkpointio.h"

#include <algorithm>

namespace fs = std::filesystem;
namespace F = torch::nn::functional;

namespace engine {

namespace {

constexpr int kMinSide = 16;

} // namespace

struct GeneratorTranslator::Private
{
    ResnetGenerator generator{nullptr};
    ComputeDevice device = ComputeDevice::Cpu;
};

GeneratorTranslator::GeneratorTranslator() : d(std::make_unique<Private>()) {}
GeneratorTranslator::~GeneratorTranslator() = default;

std::unique_ptr<GeneratorTranslator> GeneratorTranslator::fromModelFile(const fs::path &file, const RuntimeOptions &runtime)
{
    std::unique_ptr<GeneratorTranslator> t(new GeneratorTranslator);
    t->d->device = selectDevice(runtime);
    t->m_info = readGeneratorFileInfo(file);
    t->d->generator = ResnetGenerator(t->m_info.model);
    loadGeneratorFile(file, *t->d->generator);
    t->readyGenerator();
    return t;
}

std::unique_ptr<GeneratorTranslator> GeneratorTranslator::fromProject(const fs::path &projectDir, Direction direction, const RuntimeOptions &runtime)
{
    const Project project = Project::open(projectDir);
    if (project.mode == ProjectMode::MultiDomain)
        throw Error("\"" + displayPath(projectDir) + "\" is a multi-domain project: translate with its domain names (translate --to NAME). "
                    "Model files (.csm) hold two-domain generators only.");
    const auto checkpoints = project.checkpoints();
    if (checkpoints.empty())
        throw Error("The project \"" + displayPath(projectDir) + "\" has not been trained yet: there is no checkpoint to translate with.");
    std::unique_ptr<GeneratorTranslator> t(new GeneratorTranslator);
    t->d->device = selectDevice(runtime);
    std::string firstProblem;
    for (auto it = checkpoints.rbegin(); it != checkpoints.rend(); ++it) {
        try {
            const auto loaded = loadCheckpointModel(*it, ComputeDevice::Cpu);
            const auto &info = loaded.info;
            t->d->generator = direction == Direction::AtoB ? loaded.model->G_A : loaded.model->G_B;
            t->m_info.model = info.options.model;
            t->m_info.direction = direction;
            t->m_info.trainedSize = info.options.cropSize;
            t->m_info.iteration = info.iteration;
            break;
        } catch (const Error &e) {
            if (firstProblem.empty())
                firstProblem = e.what();
        }
    }
    if (!t->d->generator)
        throw Error("No checkpoint of the project can be read. " + firstProblem);
    t->readyGenerator();
    return t;
}

void GeneratorTranslator::readyGenerator()
{
    d->generator->to(torchDevice(d->device));
    d->generator->eval();
    if (d->device == ComputeDevice::Cuda)
        m_tileAbove = 16'000'000; // GPU memory holds larger whole images
}

void GeneratorTranslator::saveModel(const fs::path &file) const { saveGeneratorFile(file, *d->generator, m_info); }

std::string GeneratorTranslator::deviceDescription() const { return describeDevice(d->device); }

int GeneratorTranslator::receptiveRadius() const
{
    // 7×7 in (3) + two stride-2 3×3 convs (1 + 2) + 8 per residual block at 1/4 resolution + the two
    // upsampling layers (4 + 2) + 7×7 out (3).
    return 15 + 8 * m_info.model.blocks;
}

namespace {
// Pads [1,3,H,W] on the right and bottom (edge pixels repeated) to a multiple of 4 and at least kMinSide.
torch::Tensor padForNetwork(const torch::Tensor &x)
{
    const auto h = x.size(2), w = x.size(3);
    const auto ph = std::max<int64_t>(kMinSide, (h + 3) / 4 * 4) - h;
    const auto pw = std::max<int64_t>(kMinSide, (w + 3) / 4 * 4) - w;
    if (ph == 0 && pw == 0)
        return x;
    return F::pad(x, F::PadFuncOptions({0, pw, 0, ph}).mode(torch::kReplicate));
}
} // namespace

Image GeneratorTranslator::translate(const Image &image)
{
    if (static_cast<std::int64_t>(image.width) * image.height > m_tileAbove)
        return translateTiled(image, 512);
    return translateWhole(image);
}

Image GeneratorTranslator::translateWhole(const Image &image)
{
    if (image.empty())
        throw Error("Cannot translate an empty image.");
    torch::NoGradGuard noGrad;
    try {
        const auto x = padForNetwork(imageToTensor(image)).to(torchDevice(d->device));
        const auto y = d->generator->forward(x).narrow(2, 0, image.height).narrow(3, 0, image.width);
        return tensorToImage(y);
    } catch (const c10::Error &e) {
        const std::string what = e.what_without_backtrace();
        if (what.find("out of memory") != std::string::npos || what.find("DefaultCPUAllocator") != std::string::npos)
            return translateTiled(image, 512);
        throw Error("Translation failed: " + what);
    }
}

Image GeneratorTranslator::translateTiled(const Image &image, int tileSize, int halo)
{
    if (image.empty())
        throw Error("Cannot translate an empty image.");
    torch::NoGradGuard noGrad;
    const auto dev = torchDevice(d->device);
    const auto x = padForNetwork(imageToTensor(image)); // stays on the CPU; tiles go to the device
    const int H = static_cast<int>(x.size(2)), W = static_cast<int>(x.size(3));
    const int T = std::max(16, tileSize / 4 * 4);
    const int h = halo >= 0 ? (halo + 3) / 4 * 4 : (receptiveRadius() + 4 + 3) / 4 * 4;

    struct Tile { int rx0, ry0, rx1, ry1, cx0, cy0, cx1, cy1; };
    std::vector<Tile> tiles;
    for (int y0 = 0; y0 < H; y0 += T)
        for (int x0 = 0; x0 < W; x0 += T) {
            const int x1 = std::min(W, x0 + T), y1 = std::min(H, y0 + T);
            tiles.push_back({std::max(0, x0 - h), std::max(0, y0 - h), std::min(W, x1 + h), std::min(H, y1 + h), x0, y0, x1, y1});
        }
    auto region = [&](const Tile &t) {
        return x.index({torch::indexing::Slice(), torch::indexing::Slice(), torch::indexing::Slice(t.ry0, t.ry1),
                        torch::indexing::Slice(t.rx0, t.rx1)})
            .to(dev);
    };

    // Pass k gathers the whole image's statistics at norm layer k, with layers < k already fixed.
    NormControl control;
    const int layers = d->generator->normLayerCount();
    for (int k = 0; k < layers; ++k) {
        torch::Tensor sum, sumSq;
        double count = 0;
        control.mode = NormControl::Mode::Accumulate;
        control.accumulateLayer = k;
        for (const auto &t : tiles) {
            control.coreX0 = t.cx0 - t.rx0;
            control.coreY0 = t.cy0 - t.ry0;
            control.coreX1 = t.cx1 - t.rx0;
            control.coreY1 = t.cy1 - t.ry0;
            try {
                d->generator->forwardControlled(region(t), control);
            } catch (const NormAccumulated &) {
            }
            sum = sum.defined() ? sum + control.sum : control.sum;
            sumSq = sumSq.defined() ? sumSq + control.sumSq : control.sumSq;
            count += control.count;
        }
        const auto mean = sum / count;
        const auto var = (sumSq / count - mean * mean).clamp_min(0);
        control.fixed.emplace_back(mean.to(torch::kFloat), var.to(torch::kFloat));
    }

    control.mode = NormControl::Mode::Own;
    control.accumulateLayer = -1;
    auto out = torch::empty({1, 3, H, W});
    for (const auto &t : tiles) {
        const auto y = d->generator->forwardControlled(region(t), control).cpu();
        out.index_put_({torch::indexing::Slice(), torch::indexing::Slice(), torch::indexing::Slice(t.cy0, t.cy1),
                        torch::indexing::Slice(t.cx0, t.cx1)},
                       y.index({torch::indexing::Slice(), torch::indexing::Slice(),
                                torch::indexing::Slice(t.cy0 - t.ry0, t.cy1 - t.ry0),
                                torch::indexing::Slice(t.cx0 - t.rx0, t.cx1 - t.rx0)}));
    }
    return tensorToImage(out.narrow(2, 0, image.height).narrow(3, 0, image.width));
}


} // namespace engine
