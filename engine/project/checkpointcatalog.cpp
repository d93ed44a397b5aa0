#include "project/checkpointcatalog.h"

#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "engine/project/project.h"
#include "project/archivepeek.h"
#include "project/jsonfields.h"

#include <algorithm>
#include <regex>

namespace fs = std::filesystem;

namespace engine {

namespace {

// The iteration a file name says, or -1 when it says none that fits.
std::int64_t nameIteration(const fs::path &file)
{
    static const std::regex pattern(R"(ckpt_(\d{1,18})\.ckpt)");
    std::smatch m;
    const auto name = file.filename().string();
    return std::regex_match(name, m, pattern) ? std::stoll(m[1].str()) : -1;
}

// Whether a checkpoint belongs to the project: its project id when it has one. A file written before
// projects had ids belongs when its name agrees with its header and its network is the project's.
std::string foreignReason(const Project &project, const fs::path &file, const nlohmann::json &header, std::int64_t iteration)
{
    const auto id = header.contains("project_id") ? stringField(header, "project_id", "") : std::string();
    if (!id.empty())
        return id == project.id ? std::string() : "It belongs to another project.";
    if (nameIteration(file) != iteration)
        return "Its name says iteration " + std::to_string(nameIteration(file)) + " but it holds iteration " + std::to_string(iteration) +
               ", so it was copied or renamed from elsewhere.";
    if (project.mode == ProjectMode::CycleGan && header.contains("settings") && header["settings"].is_object() &&
        header["settings"].contains("model") && !(header["settings"]["model"].get<ModelOptions>() == project.options.model))
        return "Its network is not this project's, so it belongs to another project.";
    return {};
}

} // namespace

CheckpointCatalog::CheckpointCatalog(const Project &project, const std::string &format, int version) : m_dir(project.checkpointsDir())
{
    std::error_code ec;
    for (fs::directory_iterator it(m_dir, ec), end; !ec && it != end; it.increment(ec)) {
        const auto name = it->path().filename().string();
        if (name.rfind("ckpt_", 0) != 0 || it->path().extension() != ".ckpt" || !it->is_regular_file(ec))
            continue;
        try {
            ArchivePeek peek;
            try {
                peek = peekArchive(it->path());
            } catch (const Error &) {
                throw Error("It is damaged or truncated.");
            }
            if (peek.format != format)
                throw Error("It is a " + peek.format + " file, not a " + format + " file.");
            const auto header = nlohmann::json::parse(peek.header);
            requireObject(header, "header");
            const int fileVersion = intField(header, "version", 0);
            if (fileVersion > version || fileVersion < 1)
                throw Error("It has format version " + std::to_string(fileVersion) + ", which this version of CycleStudio cannot read.");
            const auto iteration = int64Field(header, "iteration", -1);
            if (iteration < 0)
                throw Error("Its header has no iteration.");
            const auto foreign = foreignReason(project, it->path(), header, iteration);
            if (!foreign.empty())
                throw Error(foreign);
            m_valid.push_back({it->path(), iteration, header});
        } catch (const nlohmann::json::exception &) {
            m_rejected.push_back({it->path(), "Its header is damaged."});
        } catch (const Error &e) {
            m_rejected.push_back({it->path(), e.what()});
        }
    }
    std::sort(m_valid.begin(), m_valid.end(), [](const Entry &a, const Entry &b) {
        return a.iteration != b.iteration ? a.iteration > b.iteration : a.file.filename() > b.file.filename();
    });
}

void CheckpointCatalog::reject(const fs::path &file, const std::string &reason)
{
    m_valid.erase(std::remove_if(m_valid.begin(), m_valid.end(), [&](const Entry &e) { return e.file == file; }), m_valid.end());
    m_rejected.push_back({file, reason});
}

bool CheckpointCatalog::loadNewest(const std::function<void(const Entry &)> &load)
{
    while (!m_valid.empty()) {
        const Entry entry = m_valid.front();
        try {
            load(entry);
            return true;
        } catch (const Error &e) {
            reject(entry.file, e.what());
        }
    }
    return false;
}

void CheckpointCatalog::quarantine(const std::function<void(const std::string &)> &warn)
{
    if (m_rejected.empty())
        return;
    const fs::path damaged = m_dir / "damaged";
    std::error_code ec;
    fs::create_directories(damaged, ec);
    for (const auto &r : m_rejected) {
        fs::path target = damaged / r.file.filename();
        for (int n = 2; fs::exists(target, ec); ++n)
            target = damaged / (r.file.stem().string() + "-" + std::to_string(n) + r.file.extension().string());
        fs::rename(r.file, target, ec);
        const bool moved = !ec;
        if (moved) {
            try {
                writeFileAtomic(target.string() + ".txt", "CycleStudio moved this checkpoint here and did not use it. " + r.reason +
                                                               "\nIt is not deleted: remove it when you no longer need it.\n");
            } catch (const Error &) {
                // The note is a courtesy; the move is what protects the good checkpoints.
            }
        }
        if (warn)
            warn("The checkpoint \"" + displayPath(r.file.filename()) + "\" cannot be used: " + r.reason +
                 (moved ? " It was moved to checkpoints/damaged/." : ""));
    }
    m_rejected.clear();
}

void CheckpointCatalog::added(const fs::path &file, std::int64_t iteration, int keep)
{
    m_valid.erase(std::remove_if(m_valid.begin(), m_valid.end(), [&](const Entry &e) { return e.file == file; }), m_valid.end());
    m_valid.insert(m_valid.begin(), {file, iteration, {}});
    std::stable_sort(m_valid.begin(), m_valid.end(), [](const Entry &a, const Entry &b) { return a.iteration > b.iteration; });
    const size_t kept = static_cast<size_t>(std::max(0, keep)) + 1;
    while (m_valid.size() > kept) {
        std::error_code ec;
        fs::remove(m_valid.back().file, ec);
        m_valid.pop_back();
    }
}

} // namespace engine
