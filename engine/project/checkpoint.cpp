#include "project/checkpointio.h"

#include "engine/core/atomicfile.h"
#include "core/tensorimage.h"
#include "models/cyclegan.h"
#include "models/modulestate.h"
#include "models/stargan.h"
#include "engine/project/project.h"
#include "engine/core/error.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <sstream>

namespace fs = std::filesystem;

namespace engine {

namespace {

constexpr const char *kCheckpointFormat = "cyclestudio-checkpoint";
constexpr const char *kModelFormat = "cyclestudio-model";
constexpr const char *kMultiDomainFormat = "cyclestudio-multidomain-checkpoint";

void writeString(torch::serialize::OutputArchive &a, const std::string &key, const std::string &value)
{
    a.write(key, c10::IValue(value));
}

std::string readString(torch::serialize::InputArchive &a, const std::string &key, const std::string &what)
{
    c10::IValue v;
    if (!a.try_read(key, v) || !v.isString())
        throw Error(what + " is not a CycleStudio file (no \"" + key + "\" entry).");
    return v.toStringRef();
}

nlohmann::json readHeader(torch::serialize::InputArchive &a, const fs::path &path, const char *format, int version,
                          const std::string &kind)
{
    const std::string what = "\"" + displayPath(path) + "\"";
    const auto found = readString(a, "format", what);
    if (found != format)
        throw Error(what + " is a " + found + " file, not a " + kind + ".");
    nlohmann::json header;
    try {
        header = nlohmann::json::parse(readString(a, "header", what));
    } catch (const nlohmann::json::exception &) {
        throw Error(what + " is damaged (its header cannot be read).");
    }
    const int fileVersion = header.value("version", 0);
    if (fileVersion > version)
        throw Error(what + " was written by a newer version of CycleStudio (" + header.value("created_with", std::string("?")) +
                    "); please update CycleStudio to open it.");
    if (fileVersion < 1)
        throw Error(what + " has an unknown format version.");
    return header;
}

} // namespace

void writeArchiveHeader(torch::serialize::OutputArchive &archive, const std::string &format, const std::string &headerJson)
{
    writeString(archive, "format", format);
    writeString(archive, "header", headerJson);
}

std::string readArchiveHeader(torch::serialize::InputArchive &archive, const fs::path &path, const std::string &format, int version,
                              const std::string &kind)
{
    return readHeader(archive, path, format.c_str(), version, kind).dump();
}

void writeArchiveAtomic(torch::serialize::OutputArchive &archive, const fs::path &path)
{
    std::ostringstream out;
    archive.save_to(out);
    writeFileAtomic(path, out.str());
}

void readArchive(torch::serialize::InputArchive &archive, const fs::path &path, const std::string &kind)
{
    const std::string bytes = readFileBytes(path);
    const std::string what = "\"" + displayPath(path) + "\"";
    if (bytes.size() < 4 || bytes.compare(0, 4, "PK\x03\x04") != 0)
        throw Error(what + " is not a CycleStudio " + kind + ".");
    try {
        std::istringstream in(bytes);
        archive.load_from(in, torch::kCPU);
    } catch (const std::exception &) {
        throw Error(what + " is damaged or truncated and cannot be read as a " + kind + ".");
    }
}

namespace {
// Every file: its format name, a header with the version and the program that wrote it, and one body
// entry written by `writeBody`, atomically.
void writeFile(const fs::path &path, const char *format, int version, nlohmann::json header, const char *bodyKey,
               const std::function<void(torch::serialize::OutputArchive &)> &writeBody)
{
    header["version"] = version;
    header["created_with"] = std::string("CycleStudio ") + CYCLESTUDIO_VERSION;
    torch::serialize::OutputArchive archive;
    writeArchiveHeader(archive, format, header.dump());
    torch::serialize::OutputArchive body;
    writeBody(body);
    archive.write(bodyKey, body);
    writeArchiveAtomic(archive, path);
}
} // namespace

void saveCheckpoint(const fs::path &path, const CycleGanModel &model, const CheckpointInfo &info)
{
    writeFile(path, kCheckpointFormat, kCheckpointVersion, {{"iteration", info.iteration}, {"settings", info.options}}, "state",
              [&](torch::serialize::OutputArchive &state) { model.save(state); });
}

namespace {
CheckpointInfo parseCheckpointHeader(torch::serialize::InputArchive &archive, const fs::path &path)
{
    const auto header = readHeader(archive, path, kCheckpointFormat, kCheckpointVersion, "checkpoint");
    CheckpointInfo info;
    try {
        info.options = header.at("settings").get<TrainOptions>();
        info.iteration = header.at("iteration").get<std::int64_t>();
    } catch (const nlohmann::json::exception &) {
        throw Error("\"" + displayPath(path) + "\" is damaged (its settings cannot be read).");
    }
    info.createdWith = header.value("created_with", std::string());
    return info;
}
} // namespace

CheckpointInfo readCheckpointInfo(const fs::path &path)
{
    torch::serialize::InputArchive archive;
    readArchive(archive, path, "checkpoint");
    return parseCheckpointHeader(archive, path);
}

namespace {
void loadState(torch::serialize::InputArchive &archive, const fs::path &path, const CheckpointInfo &info, CycleGanModel &model)
{
    if (!(info.options.model == model.options().model))
        throw Error("The checkpoint \"" + displayPath(path) + "\" was made for a different network size.");
    torch::serialize::InputArchive state;
    if (!archive.try_read("state", state))
        throw Error("\"" + displayPath(path) + "\" has no training state.");
    try {
        model.load(state);
    } catch (const Error &e) {
        throw Error("\"" + displayPath(path) + "\" cannot be loaded: " + e.what());
    } catch (const std::exception &) {
        throw Error("\"" + displayPath(path) + "\" is damaged and cannot be loaded.");
    }
}
} // namespace

CheckpointInfo loadCheckpoint(const fs::path &path, CycleGanModel &model)
{
    torch::serialize::InputArchive archive;
    readArchive(archive, path, "checkpoint");
    auto info = parseCheckpointHeader(archive, path);
    loadState(archive, path, info, model);
    return info;
}

LoadedCheckpoint loadCheckpointModel(const fs::path &path, ComputeDevice device)
{
    torch::serialize::InputArchive archive;
    readArchive(archive, path, "checkpoint");
    LoadedCheckpoint loaded;
    loaded.info = parseCheckpointHeader(archive, path);
    validate(loaded.info.options);
    loaded.model = std::make_unique<CycleGanModel>(loaded.info.options, torchDevice(device), loaded.info.options.seed);
    loadState(archive, path, loaded.info, *loaded.model);
    return loaded;
}

void saveGeneratorFile(const fs::path &path, const ResnetGeneratorImpl &generator, const ModelFileInfo &info)
{
    const nlohmann::json header = {{"model", info.model},
                                   {"direction", directionName(info.direction)},
                                   {"trained_size", info.trainedSize},
                                   {"iteration", info.iteration}};
    writeFile(path, kModelFormat, kModelFileVersion, header, "generator",
              [&](torch::serialize::OutputArchive &weights) { saveModule(generator, weights); });
}

namespace {
ModelFileInfo parseModelHeader(torch::serialize::InputArchive &archive, const fs::path &path)
{
    const auto header = readHeader(archive, path, kModelFormat, kModelFileVersion, "model file");
    ModelFileInfo info;
    try {
        info.model = header.at("model").get<ModelOptions>();
        info.direction = directionFromName(header.value("direction", std::string("AtoB"))).value_or(Direction::AtoB);
        info.trainedSize = header.value("trained_size", 256);
        info.iteration = header.value("iteration", std::int64_t(0));
    } catch (const nlohmann::json::exception &) {
        throw Error("\"" + displayPath(path) + "\" is damaged (its settings cannot be read).");
    }
    info.createdWith = header.value("created_with", std::string());
    if (info.model.ngf < 1 || info.model.ngf > 512 || info.model.blocks < 0 || info.model.blocks > 64 ||
        info.model.inputChannels != 3 || info.model.outputChannels != 3)
        throw Error("\"" + displayPath(path) + "\" describes a network this version cannot build.");
    return info;
}
} // namespace

ModelFileInfo readGeneratorFileInfo(const fs::path &path)
{
    torch::serialize::InputArchive archive;
    readArchive(archive, path, "model file");
    return parseModelHeader(archive, path);
}

ModelFileInfo loadGeneratorFile(const fs::path &path, ResnetGeneratorImpl &generator)
{
    torch::serialize::InputArchive archive;
    readArchive(archive, path, "model file");
    auto info = parseModelHeader(archive, path);
    torch::serialize::InputArchive weights;
    if (!archive.try_read("generator", weights))
        throw Error("\"" + displayPath(path) + "\" has no generator weights.");
    loadModule(generator, weights, "the generator");
    return info;
}

void saveMultiDomainCheckpoint(const fs::path &path, const StarGanModel &model, std::int64_t iteration,
                               const std::vector<std::string> &domainNames)
{
    writeFile(path, kMultiDomainFormat, kMultiDomainCheckpointVersion,
              {{"iteration", iteration}, {"domains", domainNames}, {"settings", model.options()}}, "state",
              [&](torch::serialize::OutputArchive &state) { model.save(state); });
}

LoadedMultiDomain loadNewestMultiDomain(const Project &project, ComputeDevice device, const std::function<void(const std::string &)> &warn)
{
    const auto domains = project.namedDomains.size();
    const auto files = project.checkpoints();
    int otherDomainCount = 0;
    for (auto it = files.rbegin(); it != files.rend(); ++it) {
        try {
            torch::serialize::InputArchive archive;
            readArchive(archive, *it, "multi-domain checkpoint");
            const auto header = nlohmann::json::parse(readArchiveHeader(archive, *it, kMultiDomainFormat, kMultiDomainCheckpointVersion,
                                                                        "multi-domain checkpoint"));
            const auto options = header.at("settings").get<MultiDomainOptions>();
            const auto trained = header.at("domains").get<std::vector<std::string>>().size();
            if (trained != domains) {
                otherDomainCount = static_cast<int>(trained);
                continue;
            }
            LoadedMultiDomain loaded;
            loaded.model = std::make_unique<StarGanModel>(options, static_cast<int>(domains), torchDevice(device), options.seed);
            torch::serialize::InputArchive state;
            if (!archive.try_read("state", state))
                throw Error("\"" + displayPath(*it) + "\" has no model state.");
            loaded.model->load(state);
            loaded.iteration = header.at("iteration").get<std::int64_t>();
            return loaded;
        } catch (const nlohmann::json::exception &) {
            if (warn)
                warn("Could not resume from \"" + displayPath(*it) + "\": its header is damaged. Trying an older one.");
        } catch (const std::exception &e) {
            if (warn)
                warn(std::string("Could not resume from a checkpoint: ") + e.what() + " Trying an older one.");
        }
    }
    if (otherDomainCount > 0)
        throw Error("This project's model was trained with " + std::to_string(otherDomainCount) + " domains and the project now has " +
                    std::to_string(domains) + ". Restore the domains, or start a new project for the new set.");
    return {};
}

} // namespace engine
