#pragma once
// Training and translation for multi-domain (StarGAN) projects (Project::mode == MultiDomain): the
// counterpart of Trainer and the image translator for N named domains, with the same callbacks, loss log,
// preview files and atomic checkpoints. Sampling is a pure function of (seed, iteration): each epoch is a
// seeded permutation of all images of all domains, so a resumed run sees the batches an uninterrupted one
// would. Lives on the thread that calls train() / translate(). No torch in this header.

#include "engine/image.h"
#include "engine/options.h"
#include "engine/trainer.h"
#include "engine/translator.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace engine {

class StarGanModel;
class Project;

constexpr int kMultiDomainCheckpointVersion = 1;

class MultiDomainTrainer
{
public:
    MultiDomainTrainer(const std::filesystem::path &projectDir, const RuntimeOptions &runtime, const TrainerCallbacks &callbacks = {});
    ~MultiDomainTrainer();

    // Trains `iterations` more iterations (<= 0: to the end of the schedule) unless stopped.
    void train(std::int64_t iterations);
    void saveCheckpoint();
    PreviewGrid makePreview();

    std::int64_t iteration() const;
    std::int64_t totalIterations() const;
    std::int64_t iterationsPerEpoch() const;
    int epoch() const; // 1-based epoch of the next iteration
    std::string deviceDescription() const;
    const Project &project() const;
    StarGanModel &model();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

// Translates images into a named domain with the newest readable checkpoint of a multi-domain project.
class MultiDomainTranslator
{
public:
    MultiDomainTranslator(const std::filesystem::path &projectDir, const RuntimeOptions &runtime);
    ~MultiDomainTranslator();

    // At the image's own size (padded to a multiple of 4; images larger than maxSide on their long side are
    // translated at maxSide and scaled back). target: a domain index.
    Image translate(const Image &image, int target, int maxSide = 2048);
    const std::vector<std::string> &domainNames() const;
    int domainIndex(const std::string &name) const; // -1 if unknown
    std::int64_t iteration() const;
    std::string deviceDescription() const;

    // Translates files into the target domain (see engine::exportImages).
    ExportResult exportFiles(const ExportPlan &plan, int target, const std::function<bool(const ExportProgress &)> &progress);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace engine
