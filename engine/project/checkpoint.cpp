#include "project/checkpointio.h"

#include "core/tensorimage.h"
#include "core/zipcheck.h"
#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "engine/project/project.h"
#include "models/cyclegan.h"
#include "models/modulestate.h"
#include "models/stargan.h"
#include "project/checkpointcatalog.h"
#include "project/jsonfields.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <sstream>

namespace fs = std::filesystem;

namespace engine {

namespace {

std::string quoted(const fs::path &path) { return "\"" + displayPath(path) + "\""; }

std::string readString(torch::serialize::InputArchive &a, const std::string &key, const std::string &what)
{
    c10::IValue v;
    if (!a.try_read(key, v) || !v.isString())
        throw Error(what + " is not a CycleStudio file (no \"" + key + "\" entry).");
    return v.toStringRef();
}

nlohmann::json readHeader(torch::serialize::InputArchive &a, const fs::path &path, const std::string &format, int version,
                          const std::string &kind)
{
    const std::string what = quoted(path);
    const auto found = readString(a, "format", what);
    if (found != format)
        throw Error(what + " is a " + found + " file, not a " + kind + ".");
    nlohmann::json header;
    try {
        header = nlohmann::json::parse(readString(a, "header", what));
        requireObject(header, "header");
    } catch (const nlohmann::json::exception &) {
        throw Error(what + " is damaged (its header cannot be read).");
    } catch (const Error &) {
        throw Error(what + " is damaged (its header cannot be read).");
    }
    try {
        const int fileVersion = intField(header, "version", 0);
        if (fileVersion > version)
            throw Error(what + " was written by a newer version of CycleStudio (" + stringField(header, "created_with", "?") +
                        "); please update CycleStudio to open it.");
        if (fileVersion < 1)
            throw Error(what + " has an unknown format version.");
    } catch (const Error &e) {
        throw Error(std::string(e.what()).rfind(what, 0) == 0 ? e.what() : what + " is damaged: " + e.what());
    }
    return header;
}

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

// Settings from a header, with the file named in the sentence when they do not read.
template<typename Parse>
auto parseHeader(const fs::path &path, Parse parse)
{
    try {
        return parse();
    } catch (const nlohmann::json::exception &) {
        throw Error(quoted(path) + " is damaged (its settings cannot be read).");
    } catch (const Error &e) {
        throw Error(quoted(path) + " is damaged: " + e.what());
    }
}

// Loads weights (and optimiser state) into a model; any failure names the file. Weights that are not
// finite numbers are refused: training from them, or translating with them, gives nothing usable.
template<typename Load, typename Check>
void loadWeights(const fs::path &path, Load load, Check allFinite)
{
    try {
        load();
    } catch (const Error &e) {
        throw Error(quoted(path) + " cannot be loaded: " + e.what());
    } catch (const std::exception &) {
        throw Error(quoted(path) + " is damaged and cannot be loaded.");
    }
    if (!allFinite())
        throw Error(quoted(path) + " holds weights that are not finite numbers (NaN or infinity); the training that wrote it had "
                                   "diverged.");
}

CheckpointInfo parseCheckpointHeader(torch::serialize::InputArchive &archive, const fs::path &path)
{
    const auto header = readHeader(archive, path, kCheckpointFormat, kCheckpointVersion, "checkpoint");
    return parseHeader(path, [&] {
        CheckpointInfo info;
        if (!header.contains("settings"))
            throw Error("its header has no settings");
        info.options = header.at("settings").get<TrainOptions>();
        info.iteration = int64Field(header, "iteration", -1);
        if (info.iteration < 0)
            throw Error("its header has no iteration");
        info.projectId = stringField(header, "project_id", "");
        info.createdWith = stringField(header, "created_with", "");
        return info;
    });
}

void loadState(torch::serialize::InputArchive &archive, const fs::path &path, const CheckpointInfo &info, CycleGanModel &model)
{
    if (!(info.options.model == model.options().model))
        throw Error("The checkpoint " + quoted(path) + " was made for a different network size.");
    torch::serialize::InputArchive state;
    if (!archive.try_read("state", state))
        throw Error(quoted(path) + " has no training state.");
    loadWeights(path, [&] { model.load(state); }, [&] { return model.allFinite(); });
}

ModelFileInfo parseModelHeader(torch::serialize::InputArchive &archive, const fs::path &path)
{
    const auto header = readHeader(archive, path, kModelFormat, kModelFileVersion, "model file");
    auto info = parseHeader(path, [&] {
        ModelFileInfo info;
        if (!header.contains("model"))
            throw Error("its header has no network settings");
        info.model = header.at("model").get<ModelOptions>();
        const auto direction = stringField(header, "direction", "AtoB");
        info.direction = directionFromName(direction).value_or(Direction::AtoB);
        info.trainedSize = intField(header, "trained_size", 256);
        info.iteration = int64Field(header, "iteration", 0);
        info.createdWith = stringField(header, "created_with", "");
        info.name = stringField(header, "name", "");
        info.source = stringField(header, "source", "");
        return info;
    });
    if (info.model.ngf < 1 || info.model.ngf > 512 || info.model.blocks < 0 || info.model.blocks > 64 || info.model.inputChannels != 3 ||
        info.model.outputChannels != 3 || info.trainedSize < 16 || info.trainedSize > 4096)
        throw Error(quoted(path) + " describes a network this version cannot build.");
    return info;
}

} // namespace

void writeArchiveHeader(torch::serialize::OutputArchive &archive, const std::string &format, const std::string &headerJson)
{
    archive.write("format", c10::IValue(format));
    archive.write("header", c10::IValue(headerJson));
}

std::string readArchiveHeader(torch::serialize::InputArchive &archive, const fs::path &path, const std::string &format, int version,
                              const std::string &kind)
{
    return readHeader(archive, path, format, version, kind).dump();
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
    const std::string what = quoted(path);
    if (bytes.size() < 4 || bytes.compare(0, 4, "PK\x03\x04") != 0)
        throw Error(what + " is not a CycleStudio " + kind + ".");
    // LibTorch does not check the zip records' CRC-32s; a flipped bit would load silently.
    const auto problem = verifyZipChecksums(bytes);
    if (!problem.empty())
        throw Error(what + " is damaged or truncated and cannot be read as a " + kind + " (" + problem + ").");
    try {
        std::istringstream in(bytes);
        archive.load_from(in, torch::kCPU);
    } catch (const std::exception &) {
        throw Error(what + " is damaged or truncated and cannot be read as a " + kind + ".");
    }
}

void saveCheckpoint(const fs::path &path, const CycleGanModel &model, const CheckpointInfo &info)
{
    if (!model.allFinite())
        throw Error("The model's weights are no longer finite numbers (NaN or infinity); no checkpoint was written, so the last good "
                    "one is kept.");
    writeFile(path, kCheckpointFormat, kCheckpointVersion,
              {{"iteration", info.iteration}, {"settings", info.options}, {"project_id", info.projectId}}, "state",
              [&](torch::serialize::OutputArchive &state) { model.save(state); });
}

CheckpointInfo readCheckpointInfo(const fs::path &path)
{
    torch::serialize::InputArchive archive;
    readArchive(archive, path, "checkpoint");
    return parseCheckpointHeader(archive, path);
}

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
    try {
        validate(loaded.info.options);
    } catch (const Error &e) {
        throw Error(quoted(path) + " is damaged: " + e.what());
    }
    loaded.model = std::make_unique<CycleGanModel>(loaded.info.options, torchDevice(device), loaded.info.options.seed);
    loadState(archive, path, loaded.info, *loaded.model);
    return loaded;
}

void saveGeneratorFile(const fs::path &path, const ResnetGeneratorImpl &generator, const ModelFileInfo &info)
{
    const nlohmann::json header = {{"model", info.model},
                                   {"direction", directionName(info.direction)},
                                   {"trained_size", info.trainedSize},
                                   {"iteration", info.iteration},
                                   {"name", info.name},
                                   {"source", info.source}};
    writeFile(path, kModelFormat, kModelFileVersion, header, "generator",
              [&](torch::serialize::OutputArchive &weights) { saveModule(generator, weights); });
}

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
        throw Error(quoted(path) + " has no generator weights.");
    loadWeights(path, [&] { loadModule(generator, weights, "the generator"); }, [&] { return allFinite(generator); });
    return info;
}

void saveMultiDomainCheckpoint(const fs::path &path, const StarGanModel &model, std::int64_t iteration,
                               const std::vector<std::string> &domainNames, const std::string &projectId)
{
    if (!model.allFinite())
        throw Error("The model's weights are no longer finite numbers (NaN or infinity); no checkpoint was written, so the last good "
                    "one is kept.");
    writeFile(path, kMultiDomainFormat, kMultiDomainCheckpointVersion,
              {{"iteration", iteration}, {"domains", domainNames}, {"settings", model.options()}, {"project_id", projectId}}, "state",
              [&](torch::serialize::OutputArchive &state) { model.save(state); });
}

namespace {

LoadedMultiDomain loadMultiDomain(const fs::path &file, std::size_t domains, ComputeDevice device, int &otherDomainCount)
{
    torch::serialize::InputArchive archive;
    readArchive(archive, file, "multi-domain checkpoint");
    const auto header = readHeader(archive, file, kMultiDomainFormat, kMultiDomainCheckpointVersion, "multi-domain checkpoint");
    const auto [options, trained, iteration] = parseHeader(file, [&] {
        if (!header.contains("settings"))
            throw Error("its header has no settings");
        return std::make_tuple(header.at("settings").get<MultiDomainOptions>(), stringsField(header, "domains").size(),
                               int64Field(header, "iteration", 0));
    });
    if (trained != domains) {
        otherDomainCount = static_cast<int>(trained);
        throw Error(quoted(file) + " was trained with " + std::to_string(trained) + " domains.");
    }
    try {
        validate(options, static_cast<int>(domains));
    } catch (const Error &e) {
        throw Error(quoted(file) + " is damaged: " + e.what());
    }
    LoadedMultiDomain loaded;
    loaded.model = std::make_unique<StarGanModel>(options, static_cast<int>(domains), torchDevice(device), options.seed);
    torch::serialize::InputArchive state;
    if (!archive.try_read("state", state))
        throw Error(quoted(file) + " has no model state.");
    loadWeights(file, [&] { loaded.model->load(state); }, [&] { return loaded.model->allFinite(); });
    loaded.iteration = iteration;
    return loaded;
}

} // namespace

LoadedMultiDomain loadNewestMultiDomain(const Project &project, ComputeDevice device, CheckpointCatalog &catalog)
{
    const auto domains = project.namedDomains.size();
    int otherDomainCount = 0;
    LoadedMultiDomain loaded;
    catalog.loadNewest([&](const CheckpointCatalog::Entry &entry) { loaded = loadMultiDomain(entry.file, domains, device, otherDomainCount); });
    // Starting afresh would drop the earlier run's loss log; the user decides instead.
    if (!loaded.model && otherDomainCount > 0)
        throw Error("This project's model was trained with " + std::to_string(otherDomainCount) + " domains and the project now has " +
                    std::to_string(domains) + ". Restore the domains, or start a new project for the new set.");
    return loaded;
}

LoadedCheckpoint loadNewestCheckpoint(ComputeDevice device, CheckpointCatalog &catalog)
{
    LoadedCheckpoint loaded;
    catalog.loadNewest([&](const CheckpointCatalog::Entry &entry) { loaded = loadCheckpointModel(entry.file, device); });
    return loaded;
}

std::vector<CheckpointSummary> usableCheckpoints(const Project &project)
{
    const CheckpointCatalog catalog(project, checkpointFormat(project), project.mode == ProjectMode::MultiDomain ? kMultiDomainCheckpointVersion
                                                                                                                  : kCheckpointVersion);
    std::vector<CheckpointSummary> out;
    for (const auto &e : catalog.valid())
        out.push_back({e.file, e.iteration});
    return out;
}

std::string checkpointFormat(const Project &project)
{
    return project.mode == ProjectMode::MultiDomain ? kMultiDomainFormat : kCheckpointFormat;
}

} // namespace engine
