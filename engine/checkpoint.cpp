#include "engine/checkpoint.h"

#include "engine/atomicfile.h"
#include "engine/cyclegan.h"
#include "engine/error.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace fs = std::filesystem;

namespace engine {

namespace {

constexpr const char *kCheckpointFormat = "cyclestudio-checkpoint";
constexpr const char *kModelFormat = "cyclestudio-model";

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

void saveCheckpoint(const fs::path &path, const CycleGanModel &model, const CheckpointInfo &info)
{
    torch::serialize::OutputArchive archive;
    writeString(archive, "format", kCheckpointFormat);
    const nlohmann::json header = {{"version", kCheckpointVersion},
                                   {"created_with", std::string("CycleStudio ") + CYCLESTUDIO_VERSION},
                                   {"iteration", info.iteration},
                                   {"settings", info.options}};
    writeString(archive, "header", header.dump());
    torch::serialize::OutputArchive state;
    model.save(state);
    archive.write("state", state);
    writeArchiveAtomic(archive, path);
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

LoadedCheckpoint loadCheckpointModel(const fs::path &path, const std::string &device)
{
    torch::serialize::InputArchive archive;
    readArchive(archive, path, "checkpoint");
    LoadedCheckpoint loaded;
    loaded.info = parseCheckpointHeader(archive, path);
    validate(loaded.info.options);
    loaded.model = std::make_unique<CycleGanModel>(loaded.info.options, torch::Device(device), loaded.info.options.seed);
    loadState(archive, path, loaded.info, *loaded.model);
    return loaded;
}

void saveGeneratorFile(const fs::path &path, const ResnetGeneratorImpl &generator, const ModelFileInfo &info)
{
    torch::serialize::OutputArchive archive;
    writeString(archive, "format", kModelFormat);
    const nlohmann::json header = {{"version", kModelFileVersion},
                                   {"created_with", std::string("CycleStudio ") + CYCLESTUDIO_VERSION},
                                   {"model", info.model},
                                   {"direction", directionName(info.direction)},
                                   {"trained_size", info.trainedSize},
                                   {"iteration", info.iteration}};
    writeString(archive, "header", header.dump());
    torch::serialize::OutputArchive weights;
    saveModule(generator, weights);
    archive.write("generator", weights);
    writeArchiveAtomic(archive, path);
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

} // namespace engine
