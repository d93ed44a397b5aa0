#pragma once
// Checkpoint and model files. A checkpoint holds everything needed to resume exactly (settings, the four
// networks, both optimisers, pools, random state, iteration and epoch); a model file holds one generator
// for sharing and translation. Both are LibTorch archives with a format name and version, written
// atomically; reading validates them first and turns any failure into an engine::Error (design §4).

#include "engine/options.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace torch::serialize {
class InputArchive;
class OutputArchive;
} // namespace torch::serialize

namespace engine {

class CycleGanModel;
class ResnetGeneratorImpl;

constexpr int kCheckpointVersion = 1;
constexpr int kModelFileVersion = 1;

struct CheckpointInfo
{
    TrainOptions options;
    std::int64_t iteration = 0; // iterations completed
    std::string createdWith;    // program version
};

void saveCheckpoint(const std::filesystem::path &path, const CycleGanModel &model, const CheckpointInfo &info);
CheckpointInfo readCheckpointInfo(const std::filesystem::path &path);
// Loads into a model built with the same options; throws if they differ.
CheckpointInfo loadCheckpoint(const std::filesystem::path &path, CycleGanModel &model);

// Builds the model a checkpoint describes (on device "cpu" or "cuda") and loads it, reading the file once.
struct LoadedCheckpoint
{
    CheckpointInfo info;
    std::unique_ptr<CycleGanModel> model;
};
LoadedCheckpoint loadCheckpointModel(const std::filesystem::path &path, const std::string &device);

struct ModelFileInfo
{
    ModelOptions model;
    Direction direction = Direction::AtoB;
    int trainedSize = 256;   // crop size it was trained at
    std::int64_t iteration = 0;
    std::string createdWith;
};

void saveGeneratorFile(const std::filesystem::path &path, const ResnetGeneratorImpl &generator, const ModelFileInfo &info);
ModelFileInfo readGeneratorFileInfo(const std::filesystem::path &path);
// Loads the weights into a generator built from readGeneratorFileInfo(path).model.
ModelFileInfo loadGeneratorFile(const std::filesystem::path &path, ResnetGeneratorImpl &generator);

// Low-level helpers shared by all kinds of file (checkpoints, model files, multi-domain checkpoints).
// The header is a JSON text with at least "version"; reading checks the format name and the version.
void writeArchiveHeader(torch::serialize::OutputArchive &archive, const std::string &format, const std::string &headerJson);
std::string readArchiveHeader(torch::serialize::InputArchive &archive, const std::filesystem::path &path, const std::string &format,
                              int version, const std::string &kind);
void writeArchiveAtomic(torch::serialize::OutputArchive &archive, const std::filesystem::path &path);
void readArchive(torch::serialize::InputArchive &archive, const std::filesystem::path &path, const std::string &kind);

} // namespace engine
