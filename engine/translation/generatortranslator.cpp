#include "translation/generatortranslator.h"

#include "core/gpu.h"
#include "core/tensorimage.h"
#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "engine/project/project.h"
#include "interop/official.h"
#include "models/cyclegan.h"
#include "models/networks.h"
#include "project/checkpointcatalog.h"
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
    if (isPytorchFile(file)) {
        // A PyTorch generator (.pth) is read directly, as if imported.
        const auto official = readOfficialGenerator(file);
        t->m_info = describeImported(file, official).info;
        t->d->generator = ResnetGenerator(official.model);
        loadWeights(*t->d->generator, official.weights, "\"" + displayPath(file) + "\"");
    } else {
        t->m_info = readGeneratorFileInfo(file);
        t->d->generator = ResnetGenerator(t->m_info.model);
        loadGeneratorFile(file, *t->d->generator);
    }
    t->readyGenerator();
    return t;
}

std::unique_ptr<GeneratorTranslator> GeneratorTranslator::fromProject(const fs::path &projectDir, Direction direction, const RuntimeOptions &runtime)
{
    const Project project = Project::open(projectDir);
    if (project.mode == ProjectMode::MultiDomain)
        throw Error("\"" + displayPath(projectDir) + "\" is a multi-domain project: translate with its domain names (translate --to NAME). "
                    "Model files (.csm) hold two-domain generators only.");
    CheckpointCatalog catalog(project, kCheckpointFormat, kCheckpointVersion);
    if (catalog.empty())
        throw Error("The project \"" + displayPath(projectDir) + "\" has not been trained yet: there is no checkpoint to translate with.");
    std::unique_ptr<GeneratorTranslator> t(new GeneratorTranslator);
    t->d->device = selectDevice(runtime);
    const auto loaded = loadNewestCheckpoint(ComputeDevice::Cpu, catalog);
    if (!loaded.model)
        throw Error("No checkpoint of the project \"" + displayPath(projectDir) + "\" can be used. " +
                    (catalog.rejected().empty() ? std::string() : catalog.rejected().front().reason));
    t->d->generator = direction == Direction::AtoB ? loaded.model->G_A : loaded.model->G_B;
    t->m_info.model = loaded.info.options.model;
    t->m_info.direction = direction;
    t->m_info.trainedSize = loaded.info.options.cropSize;
    t->m_info.iteration = loaded.info.iteration;
    t->readyGenerator();
    return t;
}

void GeneratorTranslator::readyGenerator()
{
    d->generator->to(torchDevice(d->device));
    usePreferredFormat(*d->generator, torchDevice(d->device));
    d->generator->eval();
    if (d->device == ComputeDevice::Cuda)
        m_tileAbove = 16'000'000; // GPU memory holds larger whole images
}

void GeneratorTranslator::saveModel(const fs::path &file) const { saveGeneratorFile(file, *d->generator, m_info); }

const ResnetGeneratorImpl &GeneratorTranslator::generator() const { return *d->generator; }

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
        const auto x = toDevice(padForNetwork(imageToTensor(image)), torchDevice(d->device));
        const auto y = d->generator->forward(x).narrow(2, 0, image.height).narrow(3, 0, image.width);
        return tensorToImage(y, deepOutput());
    } catch (const c10::Error &e) {
        if (isOutOfMemory(e))
            return translateTiled(image, 512);
        throw Error(std::string("Translation failed: ") + e.what_without_backtrace());
    }
}

namespace {

// A rectangle of the padded image: the region a tile reads (core plus halo) and the core it writes.
struct Tile
{
    int rx0, ry0, rx1, ry1, cx0, cy0, cx1, cy1;
};

// The tile's region as the network's input, [1, 3, h, w] in [-1, 1], read from the 8-bit image. Outside
// the image (the padding to a multiple of 4) the edge pixels repeat, as padForNetwork() does for a whole
// image. Only the tile is ever held as floats, so memory stays bounded by the tile size.
torch::Tensor tileInput(const Image &image, const Tile &t)
{
    const int w = t.rx1 - t.rx0, h = t.ry1 - t.ry0;
    auto bytes = torch::empty({h, w, 3}, torch::kUInt8);
    auto *dst = bytes.data_ptr<std::uint8_t>();
    for (int y = 0; y < h; ++y) {
        const int sy = std::min(t.ry0 + y, image.height - 1);
        const int inside = std::clamp(image.width - t.rx0, 0, w);
        std::copy_n(image.pixel(std::min(t.rx0, image.width - 1), sy), static_cast<size_t>(inside) * 3, dst);
        for (int x = inside; x < w; ++x)
            std::copy_n(image.pixel(image.width - 1, sy), 3, dst + static_cast<size_t>(x) * 3);
        dst += static_cast<size_t>(w) * 3;
    }
    return bytes.permute({2, 0, 1}).to(torch::kFloat).div_(127.5).sub_(1.0).unsqueeze(0).contiguous();
}

// Writes the tile's core (as much of it as lies inside the image) into the result (and its 16-bit
// copy where the result has one).
void writeTile(Image &out, const torch::Tensor &y, const Tile &t)
{
    const int x1 = std::min(t.cx1, out.width), y1 = std::min(t.cy1, out.height);
    if (x1 <= t.cx0 || y1 <= t.cy0)
        return;
    const auto core = y.index({0, torch::indexing::Slice(), torch::indexing::Slice(t.cy0 - t.ry0, y1 - t.ry0),
                               torch::indexing::Slice(t.cx0 - t.rx0, x1 - t.rx0)});
    const auto bytes = tensorToBytes(core);
    const auto *src = bytes.data_ptr<std::uint8_t>();
    const int w = x1 - t.cx0;
    const size_t row = static_cast<size_t>(w) * 3;
    for (int yy = t.cy0; yy < y1; ++yy, src += row)
        std::copy_n(src, row, out.pixel(t.cx0, yy));
    if (!out.deep())
        return;
    const auto words = tensorToWords(core);
    const auto *deep = words.data_ptr<std::int32_t>();
    for (int yy = t.cy0; yy < y1; ++yy, deep += row)
        std::copy_n(deep, row, out.rgb16.begin() + static_cast<std::ptrdiff_t>((static_cast<size_t>(yy) * out.width + t.cx0) * 3));
}

} // namespace

Image GeneratorTranslator::translateTiled(const Image &image, int tileSize, int halo)
{
    if (image.empty())
        throw Error("Cannot translate an empty image.");
    torch::NoGradGuard noGrad;
    const auto dev = torchDevice(d->device);
    // The padded size (a multiple of 4, at least kMinSide), as whole-image translation pads.
    const int H = std::max(kMinSide, (image.height + 3) / 4 * 4), W = std::max(kMinSide, (image.width + 3) / 4 * 4);
    const int T = std::max(16, tileSize / 4 * 4);
    const int h = halo >= 0 ? (halo + 3) / 4 * 4 : (receptiveRadius() + 4 + 3) / 4 * 4;
    std::vector<Tile> tiles;
    for (int y0 = 0; y0 < H; y0 += T)
        for (int x0 = 0; x0 < W; x0 += T) {
            const int x1 = std::min(W, x0 + T), y1 = std::min(H, y0 + T);
            tiles.push_back({std::max(0, x0 - h), std::max(0, y0 - h), std::min(W, x1 + h), std::min(H, y1 + h), x0, y0, x1, y1});
        }

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
                d->generator->forwardControlled(tileInput(image, t).to(dev), control);
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
    Image out(image.width, image.height);
    if (deepOutput())
        out.rgb16.assign(out.rgb.size(), 0);
    for (const auto &t : tiles)
        writeTile(out, d->generator->forwardControlled(tileInput(image, t).to(dev), control), t);
    return out;
}


} // namespace engine
