#include "engine/translation/export.h"

#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "engine/core/imageio.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace fs = std::filesystem;

namespace engine {

namespace {

// A bounded queue between two pipeline stages, by count and by bytes (so that a folder of huge images
// does not queue several of them); one item always fits. close() ends it.
template<typename T>
class Channel
{
public:
    Channel(size_t capacity, size_t maxBytes) : m_capacity(capacity), m_maxBytes(maxBytes) {}
    bool push(T value, size_t bytes)
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_cv.wait(lock, [&] { return m_closed || m_items.empty() || (m_items.size() < m_capacity && m_bytes + bytes <= m_maxBytes); });
        if (m_closed)
            return false;
        m_items.push_back({std::move(value), bytes});
        m_bytes += bytes;
        m_cv.notify_all();
        return true;
    }
    std::optional<T> pop()
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_cv.wait(lock, [&] { return m_finished || !m_items.empty(); });
        if (m_items.empty())
            return std::nullopt;
        T v = std::move(m_items.front().first);
        m_bytes -= m_items.front().second;
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
        m_bytes = 0;
        m_cv.notify_all();
    }

private:
    size_t m_capacity, m_maxBytes, m_bytes = 0;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<std::pair<T, size_t>> m_items;
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

ExportPlan planExport(const std::vector<fs::path> &inputs, const fs::path &outDir, const std::string &format)
{
    if (inputs.empty())
        throw Error("Nothing to export: no input files or folders were given.");
    ExportPlan plan;
    std::string ext = format;
    if (ext.size() > 2 && ext.compare(ext.size() - 2, 2, "16") == 0) {
        ext.resize(ext.size() - 2);
        plan.bitsPerChannel = 16;
    }
    if (!ext.empty() && ext[0] != '.')
        ext = "." + ext;
    if (plan.bitsPerChannel == 16 && ext != ".png" && ext != ".tif" && ext != ".tiff")
        throw Error("16 bits per channel are written as PNG or TIFF, not as \"" + format + "\".");
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

namespace {

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Three stages on three threads: the reader decodes ahead, the caller's thread translates, the writer
// encodes behind; queues of 4 keep memory bounded.
class ExportPipeline
{
public:
    ExportPipeline(const ExportPlan &plan, const std::function<Image(const Image &)> &translate)
        : m_plan(plan), m_translate(translate), m_start(std::chrono::steady_clock::now())
    {
        m_result.skipped = plan.skipped;
    }

    ExportResult run(const std::function<bool(const ExportProgress &)> &progress)
    {
        std::thread reader([this] { read(); });
        std::thread writer([this] { write(); });
        try {
            translateAll(progress);
        } catch (...) {
            finish(reader, writer);
            throw;
        }
        finish(reader, writer); // what was translated is still written: those files are complete
        m_result.written = m_written;
        m_result.seconds = secondsSince(m_start);
        return m_result;
    }

private:
    struct Decoded
    {
        size_t index;
        Image image;
        std::string error;
    };
    struct Encoded
    {
        size_t index;
        Image image;
    };

    void skip(size_t index, const std::string &reason)
    {
        std::lock_guard<std::mutex> lock(m_resultMutex);
        m_result.skipped.push_back({m_plan.items[index].input, reason});
    }

    void read()
    {
        for (size_t i = 0; i < m_plan.items.size(); ++i) {
            Decoded item{i, {}, {}};
            try {
                item.image = loadImage(m_plan.items[i].input);
            } catch (const Error &e) {
                item.error = e.what();
            }
            const size_t bytes = item.image.rgb.size();
            if (!m_decoded.push(std::move(item), bytes))
                return;
        }
        m_decoded.finish();
    }

    void write()
    {
        while (auto item = m_toWrite.pop()) {
            const auto &target = m_plan.items[item->index].output;
            try {
                std::error_code ec;
                fs::create_directories(target.parent_path(), ec);
                saveImage(item->image, target);
                ++m_written;
            } catch (const Error &e) {
                skip(item->index, e.what());
            }
        }
    }

    void translateAll(const std::function<bool(const ExportProgress &)> &progress)
    {
        int done = 0;
        while (auto item = m_decoded.pop()) {
            if (!item->error.empty()) {
                skip(item->index, item->error);
            } else {
                const auto started = std::chrono::steady_clock::now();
                Image out = m_translate(item->image);
                m_result.translatingSeconds += secondsSince(started);
                item->image = {}; // the input's memory goes before the output queues
                const size_t bytes = out.rgb.size();
                m_toWrite.push({item->index, std::move(out)}, bytes);
            }
            ++done;
            ExportProgress p;
            p.done = done;
            p.total = static_cast<int>(m_plan.items.size());
            p.current = m_plan.items[item->index].input;
            p.elapsedSeconds = secondsSince(m_start);
            p.etaSeconds = p.elapsedSeconds / done * (p.total - done);
            if (progress && !progress(p)) {
                m_result.cancelled = true;
                return;
            }
        }
    }

    void finish(std::thread &reader, std::thread &writer)
    {
        m_decoded.close();
        m_toWrite.finish();
        reader.join();
        writer.join();
    }

    const ExportPlan &m_plan;
    const std::function<Image(const Image &)> &m_translate;
    const std::chrono::steady_clock::time_point m_start;
    // Four images ahead and behind, or fewer when they are large (256 MB each way).
    Channel<Decoded> m_decoded{4, size_t(256) << 20};
    Channel<Encoded> m_toWrite{4, size_t(256) << 20};
    std::mutex m_resultMutex;
    std::atomic<int> m_written{0};
    ExportResult m_result;
};

} // namespace

ExportResult exportImages(const ExportPlan &plan, const std::function<Image(const Image &)> &translate,
                          const std::function<bool(const ExportProgress &)> &progress)
{
    return ExportPipeline(plan, translate).run(progress);
}

} // namespace engine
