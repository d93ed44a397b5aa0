#pragma once
// A CycleStudio project folder:
//   project.json      format name and version, the two domains' image folders/files and names, the settings
//   checkpoints/      ckpt_<iteration>.ckpt, the newest few kept
//   logs/losses.csv   one row per iteration
//   previews/         preview_<iteration>.png cycle grids
//   models/           exported generators
// Plain value type; no torch.

#include "engine/project/options.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace engine {

constexpr int kProjectVersion = 1;

enum class ProjectMode { CycleGan, MultiDomain };

// A named domain of a multi-domain project and its sources (folders or files).
struct NamedDomain
{
    std::string name;
    std::vector<std::filesystem::path> sources;
};

// Domain names are shown, typed after --to and used as loss-log columns: 1–40 characters, no commas, no
// control characters, unique ignoring case. Throws engine::Error naming the problem.
void validateDomainNames(const std::vector<NamedDomain> &domains);

class Project
{
public:
    // Creates the folder layout and project.json; refuses to overwrite an existing project.
    static Project create(const std::filesystem::path &dir, std::vector<std::filesystem::path> domainA,
                          std::vector<std::filesystem::path> domainB, const TrainOptions &options,
                          const std::string &preset);
    // A multi-domain (StarGAN) project: mode MultiDomain, N named domains, MultiDomainOptions.
    static Project createMultiDomain(const std::filesystem::path &dir, std::vector<NamedDomain> domains,
                                     const MultiDomainOptions &options);
    static Project open(const std::filesystem::path &dir);
    static bool exists(const std::filesystem::path &dir);

    void save() const; // atomic
    // Gives a project made before projects had ids its id, and saves it (checkpoints name their project).
    void ensureId();

    const std::filesystem::path &dir() const { return m_dir; }
    std::filesystem::path checkpointsDir() const { return m_dir / "checkpoints"; }
    std::filesystem::path previewsDir() const { return m_dir / "previews"; }
    std::filesystem::path modelsDir() const { return m_dir / "models"; }
    std::filesystem::path lossesCsv() const { return m_dir / "logs" / "losses.csv"; }
    std::filesystem::path checkpointPath(std::int64_t iteration) const;
    std::filesystem::path previewPath(std::int64_t iteration) const;

    // Saved previews, oldest first.
    struct PreviewFile
    {
        std::int64_t iteration = 0;
        std::filesystem::path file;
    };
    std::vector<PreviewFile> previewFiles() const;
    // Where a model file exported from this project goes by default: models/<project>_<direction>.csm.
    std::filesystem::path modelFilePath(Direction direction) const;

    // Checkpoint files by name, oldest first (engine/project/checkpoint.h says which can be used).
    std::vector<std::filesystem::path> checkpoints() const;

    // Sources as stored (relative ones are relative to the project folder) and resolved image lists.
    const std::vector<std::filesystem::path> &domainA() const { return m_domainA; }
    const std::vector<std::filesystem::path> &domainB() const { return m_domainB; }
    // The names the user gave the two styles ("Photos", "Watercolours"), shown wherever A and B would be;
    // empty when unnamed. setStyleNames validates them like domain names (both or neither; throws
    // engine::Error naming the problem); save() writes them.
    std::string nameA, nameB;
    void setStyleNames(std::string a, std::string b);
    void validateStyleNames() const;
    void setDomains(std::vector<std::filesystem::path> a, std::vector<std::filesystem::path> b);
    std::vector<std::filesystem::path> imagesA() const;
    std::vector<std::filesystem::path> imagesB() const;

    // Multi-domain mode: the domains in label order and the settings (options above are then unused).
    std::vector<NamedDomain> namedDomains;
    std::vector<std::filesystem::path> domainImages(size_t index) const;
    int domainIndex(const std::string &name) const; // -1 when no domain has that name (ignoring case)

    ProjectMode mode = ProjectMode::CycleGan;
    std::string id; // random, written at creation; checkpoints carry it
    TrainOptions options;
    MultiDomainOptions multiDomain;
    std::string preset = "custom";
    // Sentences about the project's origin that the window and `info` show ("Adam starts fresh: ...").
    std::vector<std::string> notes;

private:
    void readJson(const nlohmann::json &j);
    std::filesystem::path resolve(const std::filesystem::path &p) const;
    std::vector<std::filesystem::path> images(const std::vector<std::filesystem::path> &sources, const std::string &domain) const;
    static void createFolders(const std::filesystem::path &dir);

    std::filesystem::path m_dir;
    std::vector<std::filesystem::path> m_domainA, m_domainB;
};

} // namespace engine
