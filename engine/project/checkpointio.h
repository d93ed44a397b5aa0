#pragma once
// Writing and loading the weights of checkpoint and model files (engine/project/checkpoint.h says what
// they hold), and the archive helpers that every kind of file shares: a "format" name and a JSON
// "header" with at least "version", written atomically, read with the format and version checked.

#include "engine/core/device.h"
#include "engine/project/checkpoint.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>
#include <memory>
#include <string>

namespace torch::serialize {
class InputArchive;
class OutputArchive;
} // namespace torch::serialize

namespace engine {

class CycleGanModel;
class Project;
class ResnetGeneratorImpl;
class StarGanModel;

class CheckpointCatalog;

constexpr int kMultiDomainCheckpointVersion = 1;
constexpr const char *kCheckpointFormat = "cyclestudio-checkpoint";
constexpr const char *kModelFormat = "cyclestudio-model";
constexpr const char *kMultiDomainFormat = "cyclestudio-multidomain-checkpoint";
// The checkpoint format of the project's mode.
std::string checkpointFormat(const Project &project);

void saveCheckpoint(const std::filesystem::path &path, const CycleGanModel &model, const CheckpointInfo &info);
// Loads into a model built with the same options; throws if they differ.
CheckpointInfo loadCheckpoint(const std::filesystem::path &path, CycleGanModel &model);

// Builds the model a checkpoint describes and loads it, reading the file once.
struct LoadedCheckpoint
{
    CheckpointInfo info;
    std::unique_ptr<CycleGanModel> model;
};
LoadedCheckpoint loadCheckpointModel(const std::filesystem::path &path, ComputeDevice device);
// The newest checkpoint of the catalog that loads completely; each that does not is rejected in the
// catalog with the reason. No model: none loaded.
LoadedCheckpoint loadNewestCheckpoint(ComputeDevice device, CheckpointCatalog &catalog);

void saveGeneratorFile(const std::filesystem::path &path, const ResnetGeneratorImpl &generator, const ModelFileInfo &info);
// Loads the weights into a generator built from readGeneratorFileInfo(path).model.
ModelFileInfo loadGeneratorFile(const std::filesystem::path &path, ResnetGeneratorImpl &generator);

// Multi-domain checkpoints: the StarGAN model's state, its iteration and the domain names it was trained on.
void saveMultiDomainCheckpoint(const std::filesystem::path &path, const StarGanModel &model, std::int64_t iteration,
                               const std::vector<std::string> &domainNames, const std::string &projectId);
struct LoadedMultiDomain
{
    std::unique_ptr<StarGanModel> model;
    std::int64_t iteration = 0;
};
// The newest checkpoint of the catalog that loads and fits the project's domains; the others are
// rejected in the catalog. Throws when the only readable ones were trained with another number of
// domains (starting afresh would drop the earlier run's loss log; the user decides instead). No model:
// none loaded.
LoadedMultiDomain loadNewestMultiDomain(const Project &project, ComputeDevice device, CheckpointCatalog &catalog);

void writeArchiveHeader(torch::serialize::OutputArchive &archive, const std::string &format, const std::string &headerJson);
std::string readArchiveHeader(torch::serialize::InputArchive &archive, const std::filesystem::path &path, const std::string &format,
                              int version, const std::string &kind);
void writeArchiveAtomic(torch::serialize::OutputArchive &archive, const std::filesystem::path &path);
void readArchive(torch::serialize::InputArchive &archive, const std::filesystem::path &path, const std::string &kind);

} // namespace engine
