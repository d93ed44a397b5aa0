#include "engine/training/finetune.h"

#include "interop/official.h"
#include "project/checkpointcatalog.h"
#include "project/checkpointio.h"
#include "models/cyclegan.h"
#include "engine/core/error.h"
#include "engine/core/atomicfile.h"

#include <torch/torch.h>

#include <optional>

namespace fs = std::filesystem;

namespace engine {

namespace {
void copyWeights(torch::nn::Module &to, const torch::nn::Module &from)
{
    torch::NoGradGuard noGrad;
    auto source = from.named_parameters(true);
    for (auto &p : to.named_parameters(true))
        p.value().copy_(source[p.key()]);
    auto buffers = from.named_buffers(true);
    for (auto &b : to.named_buffers(true))
        b.value().copy_(buffers[b.key()]);
}
} // namespace

std::string describeFrozen(const TrainOptions &o)
{
    std::string text;
    if (o.freezeEncoder)
        text = "the encoder";
    if (o.freezeBlocks > 0) {
        if (!text.empty())
            text += " and ";
        text += o.freezeBlocks == 1 ? "residual block 1" : "residual blocks 1–" + std::to_string(o.freezeBlocks);
    }
    return text.empty() ? "nothing" : text + " of both generators";
}

Project createFineTuneProject(const fs::path &dir, std::vector<fs::path> domainA, std::vector<fs::path> domainB,
                              const FineTuneOptions &ft, const TrainOptions &base)
{
    std::error_code ec;
    if (!fs::exists(ft.source, ec))
        throw Error("The model to fine-tune, \"" + displayPath(ft.source) + "\", does not exist.");

    TrainOptions options;
    std::unique_ptr<CycleGanModel> source;
    ModelFileInfo modelFile;
    std::optional<OfficialGenerator> imported; // a PyTorch generator's weights
    const bool fromProject = fs::is_directory(ft.source, ec);
    if (fromProject) {
        const auto sourceProject = Project::open(ft.source);
        if (sourceProject.mode != ProjectMode::CycleGan)
            throw Error("\"" + displayPath(ft.source) + "\" is a multi-domain project; fine-tuning starts from a two-domain model.");
        CheckpointCatalog catalog(sourceProject, kCheckpointFormat, kCheckpointVersion);
        // The newest checkpoint that loads: a damaged newest one falls back to an older one.
        auto loaded = loadNewestCheckpoint(ComputeDevice::Cpu, catalog);
        if (!loaded.model)
            throw Error("The project \"" + displayPath(ft.source) + "\" has no trained model that can be used (" +
                        (catalog.rejected().empty() ? std::string("no checkpoint") : catalog.rejected().front().reason) + ").");
        options = loaded.info.options;
        source = std::move(loaded.model);
    } else if (isPytorchFile(ft.source)) {
        imported = readOfficialGenerator(ft.source);
        modelFile = describeImported(ft.source, *imported).info;
        options.model = modelFile.model;
        options.cropSize = modelFile.trainedSize;
        options.loadSize = loadSizeFor(modelFile.trainedSize);
    } else {
        modelFile = readGeneratorFileInfo(ft.source);
        options.model = modelFile.model;
        options.cropSize = modelFile.trainedSize;
        options.loadSize = loadSizeFor(modelFile.trainedSize);
    }
    // Chosen afresh; the architecture and losses stay the source's.
    options.lr = ft.lr;
    options.epochs = ft.epochs;
    options.epochsDecay = ft.epochsDecay;
    options.freezeEncoder = ft.freezeEncoder;
    options.freezeBlocks = ft.freezeBlocks;
    options.fineTunedFrom = fs::absolute(ft.source).u8string();
    options.batchSize = base.batchSize;
    options.seed = base.seed;
    options.previewEvery = base.previewEvery;
    options.checkpointEvery = base.checkpointEvery;
    options.keepCheckpoints = base.keepCheckpoints;
    validate(options);

    CycleGanModel model(options, torch::kCPU, options.seed);
    if (fromProject) {
        copyWeights(*model.G_A, *source->G_A);
        copyWeights(*model.G_B, *source->G_B);
        copyWeights(*model.D_A, *source->D_A);
        copyWeights(*model.D_B, *source->D_B);
    } else if (imported) {
        loadWeights(modelFile.direction == Direction::AtoB ? *model.G_A : *model.G_B, imported->weights, "\"" + displayPath(ft.source) + "\"");
    } else {
        loadGeneratorFile(ft.source, modelFile.direction == Direction::AtoB ? *model.G_A : *model.G_B);
    }
    auto project = Project::create(dir, std::move(domainA), std::move(domainB), options, "custom");
    CheckpointInfo info;
    info.options = options;
    info.iteration = 0;
    info.projectId = project.id;
    saveCheckpoint(project.checkpointPath(0), model, info);
    return project;
}

} // namespace engine
