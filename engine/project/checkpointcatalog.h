#pragma once
// CheckpointCatalog: which of a project's checkpoint files can be trusted, newest first. Each
// checkpoints/ckpt_*.ckpt is identified from its header alone (project/archivepeek.h): its format, its
// iteration (which decides the order, not the file name) and the project it belongs to. Damaged files
// and files from another project are rejected with the reason; a trainer, which holds the project's
// lock, moves them into checkpoints/damaged/ with a note, so they are reported once and never push out
// good checkpoints. Pruning keeps the newest valid checkpoints only. No torch here.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace engine {

class Project;

class CheckpointCatalog
{
public:
    struct Entry
    {
        std::filesystem::path file;
        std::int64_t iteration = 0;
        nlohmann::json header;
    };
    struct Rejected
    {
        std::filesystem::path file;
        std::string reason; // one or more sentences
    };

    // Reads the headers of the project's checkpoints of this format (and version at most `version`).
    CheckpointCatalog(const Project &project, const std::string &format, int version);

    // Newest first by the iteration in the header.
    const std::vector<Entry> &valid() const { return m_valid; }
    const std::vector<Rejected> &rejected() const { return m_rejected; }
    bool empty() const { return m_valid.empty() && m_rejected.empty(); }

    // A file that failed to load completely (checksums, shapes, non-finite weights) after its header read.
    void reject(const std::filesystem::path &file, const std::string &reason);
    // Moves the rejected files into checkpoints/damaged/ with a note beside each; reports each to `warn`.
    void quarantine(const std::function<void(const std::string &)> &warn);
    // A checkpoint just written; then every valid one older than the newest keep + 1 is removed.
    void added(const std::filesystem::path &file, std::int64_t iteration, int keep);

    // Tries the valid checkpoints newest first with `load` until one succeeds; each that throws
    // engine::Error is rejected with its message. Returns whether one loaded.
    bool loadNewest(const std::function<void(const Entry &)> &load);

private:
    std::filesystem::path m_dir;
    std::vector<Entry> m_valid;
    std::vector<Rejected> m_rejected;
};

} // namespace engine
