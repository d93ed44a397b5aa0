#pragma once
// Checkpoint and model files, as far as callers outside the engine see them: what a file holds, read from
// its header without loading any weights. A checkpoint holds everything needed to resume exactly
// (settings, the four networks, both optimisers, pools, random state, iteration and epoch); a model file
// holds one generator for sharing and translation. Both are LibTorch archives with a format name and
// version, written atomically; reading validates them first and turns any failure into an engine::Error.
// Writing and loading weights is inside the engine (project/checkpointio.h). No torch here.

#include "engine/project/options.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace engine {

constexpr int kCheckpointVersion = 1;
constexpr int kModelFileVersion = 1;

struct CheckpointInfo
{
    TrainOptions options;
    std::int64_t iteration = 0; // iterations completed
    std::string projectId;      // the project it belongs to ("" in files written before projects had ids)
    std::string createdWith;    // program version
};

struct ModelFileInfo
{
    ModelOptions model;
    Direction direction = Direction::AtoB;
    int trainedSize = 256;   // crop size it was trained at
    std::int64_t iteration = 0;
    std::string createdWith;
    std::string name;   // given when imported or renamed ("" : the file's name)
    std::string source; // where it came from: a project, or an imported file ("" : trained here)
};

CheckpointInfo readCheckpointInfo(const std::filesystem::path &path);

class Project;

// The project's checkpoints that belong to it and whose headers read, newest first by the iteration in
// the header (not by file name). Weights are not loaded: a file may still fail its full check.
struct CheckpointSummary
{
    std::filesystem::path file;
    std::int64_t iteration = 0;
};
std::vector<CheckpointSummary> usableCheckpoints(const Project &project);
ModelFileInfo readGeneratorFileInfo(const std::filesystem::path &path);

} // namespace engine
