#include "engine/translator.h"

#include "engine/atomicfile.h"
#include "engine/cyclegan.h"
#include "engine/error.h"
#include "engine/imageio.h"
#include "engine/networks.h"
#include "engine/project.h"
#include "engine/tensorimage.h"
#include "engine/trainer.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace fs = std::filesystem;
namespace F = torch::nn::functional;

namespace engine {

namespace {

constexpr int kMinSide = 16;

// A bounded queue between two pipeline stages; close() ends it.
template<typename T>
class Channel
{
public:
    explicit Channel(size_t capacity) : m_capacity(capacity) {}
    bool push(T value)
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_cv.wait(lock, [&] { return m_closed || m_items.size() < m_capacity; });
        if (m_closed)
            return false;
        m_items.push_back(std::move(value));
        m_cv.notify_all();
        return true;
    }
    std::optional<T> pop()
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_cv.wait(lock, [&] { return m_finished || !m_items.empty(); });
        if (m_items.empty())
            return std::nullopt;
        T v = std::move(m_items.front());
        m_items.pop_front();
        m_cv.notify_all();
        return v;
    }
    void finish() // no more pushes; pops drain what is there
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_finished = true;
        m_cv.notify_all();
    }
    void close() // abandon: wake everybody, drop the rest
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_closed = m_finished = true;
        m_items.clear();
        m_cv.notify_all();
    }

private:
    size_t m_capacity;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<T> m_items;
    bool m_closed = false, m_finished = false;
};

bool isInside(const fs::path &child, const fs::path &parent)
{
    std::error_code ec;
    const auto c = fs::weakly_canonical(child, ec);
    const auto p = fs::weakly_canonical(parent, ec);
    auto ci = c.begin();
    for (auto pi = p.begin(); pi != p.end(); ++pi, ++ci) {
        if (pi->empty())
            continue;
        if (ci == c.end() || *ci != *pi)
            return false;
    }
    return true;
}

} // namespace

struct Translator::Private
{
    ResnetGenerator generator{nullptr};
    std::string device;
};

Translator::Translator() : d(std::make_unique<Private>()) {}
Translator::~Translator() = default;

std::unique_ptr<Translator> Translator::fromModelFile(const fs::path &file, const RuntimeOptions &runtime)
{
    std::unique_ptr<Translator> t(new Translator);
    t->d->device = selectDevice(runtime);
    t->m_info = readGeneratorFileInfo(file);
    t->d->generator = ResnetGenerator(t->m_info.model);
    loadGeneratorFile(file, *t->d->generator);
    t->readyGenerator();
    return t;
}

std::unique_ptr<Translator> Translator::fromProject(const fs::path &projectDir, Direction direction, const RuntimeOptions &runtime)
{
    const Project project = Project::open(projectDir);
    if (project.mode == ProjectMode::MultiDomain)
        throw Error("\"" + displayPath(projectDir) + "\" is a multi-domain project: translate with its domain names (translate --to NAME). "
                    "Model files (.csm) hold two-domain generators only.");
    const auto checkpoints = project.checkpoints();
    if (checkpoints.empty())
        throw Error("The project \"" + displayPath(projectDir) + "\" has not been trained yet: there is no checkpoint to translate with.");
    std::unique_ptr<Translator> t(new Translator);
    t->d->device = selectDevice(runtime);
    std::string firstProblem;
    for (auto it = checkpoints.rbegin(); it != checkpoints.rend(); ++it) {
        try {
            const auto loaded = loadCheckpointModel(*it, "cpu");
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

void Translator::readyGenerator()
{
    d->generator->to(torch::Device(d->device));
    d->generator->eval();
    if (d->device == "cuda")
        m_tileAbove = 16'000'000; // GPU memory holds larger whole images
}

void Translator::saveModel(const fs::path &file) const { saveGeneratorFile(file, *d->generator, m_info); }

std::string Translator::deviceDescription() const { return describeDevice(d->device); }

int Translator::receptiveRadius() const
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

Image Translator::translate(const Image &image)
{
    if (static_cast<std::int64_t>(image.width) * image.height > m_tileAbove)
        return translateTiled(image, 512);
    return translateWhole(image);
}

Image Translator::translateWhole(const Image &image)
{
    if (image.empty())
        throw Error("Cannot translate an empty image.");
    torch::NoGradGuard noGrad;
    try {
        const auto x = padForNetwork(imageToTensor(image)).to(torch::Device(d->device));
        const auto y = d->generator->forward(x).narrow(2, 0, image.height).narrow(3, 0, image.width);
        return tensorToImage(y);
    } catch (const c10::Error &e) {
        const std::string what = e.what_without_backtrace();
        if (what.find("out of memory") != std::string::npos || what.find("DefaultCPUAllocator") != std::string::npos)
            return translateTiled(image, 512);
        throw Error("Translation failed: " + what);
    }
}

Image Translator::translateTiled(const Image &image, int tileSize, int halo)
{
    if (image.empty())
        throw Error("Cannot translate an empty image.");
    torch::NoGradGuard noGrad;
    const torch::Device dev(d->device);
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

ExportPlan planExport(const std::vector<fs::path> &inputs, const fs::path &outDir, const std::string &format)
{
    if (inputs.empty())
        throw Error("Nothing to export: no input files or folders were given.");
    std::error_code ec;
    for (const auto &in : inputs) {
        if (!fs::exists(in, ec))
            throw Error("\"" + displayPath(in) + "\" does not exist.");
        if (fs::is_directory(in, ec) && isInside(outDir, in))
            throw Error("The output folder \"" + displayPath(outDir) + "\" is inside the input folder \"" + displayPath(in) +
                        "\". Choose an output folder outside the input, so the originals stay untouched.");
    }
    if (fs::exists(outDir, ec) && !fs::is_directory(outDir, ec))
        throw Error("The output \"" + displayPath(outDir) + "\" exists and is not a folder.");
    fs::create_directories(outDir, ec);
    if (ec)
        throw Error("Cannot create the output folder \"" + displayPath(outDir) + "\": " + ec.message() + ".");
    try {
        const auto probe = outDir / ".cyclestudio-write-test";
        writeFileAtomic(probe, "");
        fs::remove(probe, ec);
    } catch (const Error &) {
        throw Error("The output folder \"" + displayPath(outDir) + "\" is not writable. Choose another folder.");
    }

    std::string ext = format;
    if (!ext.empty() && ext[0] != '.')
        ext = "." + ext;
    ExportPlan plan;
    std::map<fs::path, int> used;
    auto add = [&](const fs::path &input, fs::path output) {
        if (!ext.empty())
            output.replace_extension(ext);
        if (!hasImageExtension(output))
            output.replace_extension(".png");
        if (int n = used[output]++; n > 0)
            output = output.parent_path() / (output.stem().string() + "_" + std::to_string(n + 1) + output.extension().string());
        if (fs::exists(output, ec) && fs::equivalent(output, input, ec)) {
            plan.skipped.push_back({input, "the output would overwrite the input"});
            return;
        }
        plan.items.push_back({input, output});
    };
    for (const auto &in : inputs) {
        if (fs::is_directory(in, ec)) {
            const fs::path base = inputs.size() == 1 ? outDir : outDir / in.filename();
            for (const auto &file : listImages(in))
                add(file, base / fs::relative(file, in, ec));
        } else {
            add(in, outDir / in.filename());
        }
    }
    return plan;
}

ExportResult Translator::exportFiles(const ExportPlan &plan, const std::function<bool(const ExportProgress &)> &progress)
{
    return exportImages(plan, [this](const Image &image) { return translate(image); }, progress);
}

ExportResult exportImages(const ExportPlan &plan, const std::function<Image(const Image &)> &translate,
                          const std::function<bool(const ExportProgress &)> &progress)
{
    ExportResult result;
    result.skipped = plan.skipped;
    struct Decoded { size_t index; Image image; std::string error; };
    struct Encoded { size_t index; Image image; };
    Channel<Decoded> decoded(4);
    Channel<Encoded> toWrite(4);
    std::mutex resultMutex;
    std::atomic<int> written{0};
    const auto start = std::chrono::steady_clock::now();

    std::thread reader([&] {
        for (size_t i = 0; i < plan.items.size(); ++i) {
            Decoded item{i, {}, {}};
            try {
                item.image = loadImage(plan.items[i].input);
            } catch (const Error &e) {
                item.error = e.what();
            }
            if (!decoded.push(std::move(item)))
                return;
        }
        decoded.finish();
    });
    std::thread writer([&] {
        while (auto item = toWrite.pop()) {
            const auto &target = plan.items[item->index].output;
            try {
                std::error_code ec;
                fs::create_directories(target.parent_path(), ec);
                saveImage(item->image, target);
                ++written;
            } catch (const Error &e) {
                std::lock_guard<std::mutex> lock(resultMutex);
                result.skipped.push_back({plan.items[item->index].input, e.what()});
            }
        }
    });

    int done = 0;
    try {
        while (auto item = decoded.pop()) {
            if (!item->error.empty()) {
                std::lock_guard<std::mutex> lock(resultMutex);
                result.skipped.push_back({plan.items[item->index].input, item->error});
            } else {
                Image out = translate(item->image);
                toWrite.push({item->index, std::move(out)});
            }
            ++done;
            ExportProgress p;
            p.done = done;
            p.total = static_cast<int>(plan.items.size());
            p.current = plan.items[item->index].input;
            p.elapsedSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            p.etaSeconds = p.elapsedSeconds / done * (p.total - done);
            if (progress && !progress(p)) {
                result.cancelled = true;
                break;
            }
        }
    } catch (...) {
        decoded.close();
        toWrite.finish();
        reader.join();
        writer.join();
        throw;
    }
    decoded.close();
    toWrite.finish(); // what was translated is still written: those files are complete
    reader.join();
    writer.join();
    result.written = written;
    return result;
}

} // namespace engine
