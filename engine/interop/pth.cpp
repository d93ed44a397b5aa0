#include "interop/pth.h"

#include "core/zipcheck.h"
#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "interop/pickle.h"

#include <cstring>
#include <map>
#include <sstream>

namespace fs = std::filesystem;

namespace engine {

namespace {

using Kind = PickleValue::Kind;

torch::ScalarType scalarType(const std::string &dtype)
{
    static const std::map<std::string, torch::ScalarType> types = {
        {"float32", torch::kFloat32}, {"float16", torch::kFloat16}, {"float64", torch::kFloat64}, {"bfloat16", torch::kBFloat16},
        {"int64", torch::kInt64},     {"int32", torch::kInt32},     {"uint8", torch::kUInt8},     {"bool", torch::kBool}};
    return types.at(dtype);
}

// Where each storage's bytes are: a zip record, or a block of a legacy file.
using StorageBytes = std::map<std::string, std::pair<const char *, std::size_t>>;

[[noreturn]] void damaged(const std::string &name, const std::string &what)
{
    throw Error("\"" + name + "\" is damaged or truncated: " + what + ".");
}

// The tensor a reference describes, as float32 (or its integer type), copied out of the file's bytes.
torch::Tensor makeTensor(const TensorRef &ref, const StorageBytes &storages, const std::string &name, const std::string &key)
{
    const auto &root = ref.storage.viewOf.empty() ? ref.storage.key : ref.storage.viewOf;
    const auto found = storages.find(root);
    if (found == storages.end())
        damaged(name, "the data of \"" + key + "\" is missing");
    const auto type = scalarType(ref.storage.dtype);
    const std::size_t element = c10::elementSize(type);
    const auto [data, bytes] = found->second;
    const std::int64_t available = static_cast<std::int64_t>(bytes / element);
    const std::int64_t start = ref.storage.viewOffset + ref.offset;
    // The furthest element the shape and strides reach must lie inside the storage.
    std::int64_t extent = 1, numel = 1;
    for (size_t d = 0; d < ref.sizes.size(); ++d) {
        if (ref.sizes[d] == 0)
            extent = 0;
        if (ref.sizes[d] > (std::int64_t(1) << 40) || ref.strides[d] > (std::int64_t(1) << 40))
            damaged(name, "\"" + key + "\" has an impossible shape");
        numel *= ref.sizes[d];
    }
    if (extent != 0)
        for (size_t d = 0; d < ref.sizes.size(); ++d)
            extent += (ref.sizes[d] - 1) * ref.strides[d];
    if (bytes % element != 0 || ref.storage.numel * static_cast<std::int64_t>(element) > static_cast<std::int64_t>(bytes) ||
        start + extent > available || numel > (std::int64_t(1) << 34))
        throw Error("\"" + name + "\" is damaged: the data of \"" + key + "\" is smaller than its shape needs.");
    auto storage = torch::from_blob(const_cast<char *>(data), {available}, torch::TensorOptions().dtype(type));
    auto tensor = storage.as_strided(ref.sizes, ref.strides, start).clone();
    if (tensor.is_floating_point()) {
        tensor = tensor.to(torch::kFloat32);
        if (!torch::isfinite(tensor).all().item<bool>())
            throw Error("\"" + name + "\" holds weights that are not finite numbers (NaN or infinity) in \"" + key +
                        "\"; the training that wrote it had diverged.");
    }
    return tensor;
}

// The pickle's value as a state_dict: names mapped to tensors.
StateDict toStateDict(const PickleRef &root, const StorageBytes &storages, const std::string &name)
{
    if (root->kind != Kind::Dict)
        throw Error("\"" + name + "\" does not hold a state_dict (a dictionary of tensors); save model.state_dict() in PyTorch.");
    std::vector<std::string> keys;
    for (const auto &[k, v] : root->dict)
        if (k->kind == Kind::String)
            keys.push_back(k->text);
    const bool optimizer = std::find(keys.begin(), keys.end(), "param_groups") != keys.end();
    StateDict state;
    for (const auto &[k, v] : root->dict) {
        if (optimizer || k->kind != Kind::String || v->kind != Kind::Tensor) {
            if (optimizer)
                throw Error("\"" + name + "\" holds an optimizer's state (\"state\", \"param_groups\"), not a network's weights.");
            std::string key = k->kind == Kind::String ? k->text : "a key that is not a name";
            throw Error("\"" + name + "\" is not a state_dict of tensors: \"" + key +
                        "\" is not a tensor. Save the network's state_dict() in PyTorch.");
        }
        state.emplace_back(k->text, makeTensor(v->tensor, storages, name, k->text));
    }
    if (state.empty())
        throw Error("\"" + name + "\" holds an empty state_dict.");
    return state;
}

StateDict readZip(const std::string &bytes, const std::string &name)
{
    const auto problem = verifyZipChecksums(bytes);
    if (!problem.empty())
        damaged(name, problem);
    const auto records = zipRecords(bytes, name);
    std::string prefix;
    const ZipRecord *pickle = nullptr;
    for (const auto &r : records) {
        const auto slash = r.name.find('/');
        if (slash != std::string::npos && r.name.substr(slash + 1) == "data.pkl") {
            pickle = &r;
            prefix = r.name.substr(0, slash + 1);
        }
    }
    if (!pickle)
        throw Error("\"" + name + "\" is a zip file without a data.pkl record, so it is not a PyTorch .pth file.");
    if (!pickle->stored)
        throw Error("\"" + name + "\" has a compressed data.pkl, which PyTorch does not write.");
    StorageBytes storages;
    for (const auto &r : records)
        if (r.name.rfind(prefix + "data/", 0) == 0 && r.stored)
            storages[r.name.substr(prefix.size() + 5)] = {bytes.data() + r.offset, std::size_t(r.size)};
    const auto root = readPickle(bytes.substr(std::size_t(pickle->offset), std::size_t(pickle->size)));
    return toStateDict(root, storages, name);
}

// The legacy format: pickles of a magic number, the protocol version and the system's sizes, then the
// state_dict, then the list of storage keys, then each storage as an 8-byte length and its bytes.
StateDict readLegacy(const std::string &bytes, const std::string &name)
{
    static const std::string magic("\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19", 10);
    std::size_t at = 0;
    const auto first = readPickle(bytes, at, &at);
    if (first->kind != Kind::String || first->text != magic)
        throw Error("\"" + name + "\" is not a PyTorch .pth file (it does not start like one).");
    const auto protocol = readPickle(bytes, at, &at);
    if (protocol->kind != Kind::Int || protocol->integer != 1001)
        throw Error("\"" + name + "\" was written by a PyTorch version this reader does not know (protocol " +
                    std::to_string(protocol->integer) + ").");
    const auto sysInfo = readPickle(bytes, at, &at);
    for (const auto &[k, v] : sysInfo->dict)
        if (k->text == "little_endian" && v->kind == Kind::Bool && !v->boolean)
            throw Error("\"" + name + "\" was written on a big-endian machine, which this reader does not support.");
    const auto root = readPickle(bytes, at, &at);
    const auto keys = readPickle(bytes, at, &at);
    if (keys->kind != Kind::List)
        damaged(name, "its list of storages is missing");
    // Each storage's element size comes from the tensors that use it.
    std::map<std::string, std::size_t> elementSize;
    for (const auto &[k, v] : root->dict)
        if (v->kind == Kind::Tensor) {
            const auto &s = v->tensor.storage;
            elementSize[s.viewOf.empty() ? s.key : s.viewOf] = c10::elementSize(scalarType(s.dtype));
        }
    StorageBytes storages;
    for (const auto &key : keys->items) {
        if (at + 8 > bytes.size())
            damaged(name, "it ends before its data");
        std::uint64_t numel = 0;
        for (int i = 0; i < 8; ++i)
            numel |= std::uint64_t(static_cast<std::uint8_t>(bytes[at + std::size_t(i)])) << (8 * i);
        at += 8;
        const std::size_t size = elementSize.count(key->text) ? elementSize[key->text] : 4;
        if (numel > (bytes.size() - at) / size)
            damaged(name, "it ends in the middle of its data");
        storages[key->text] = {bytes.data() + at, std::size_t(numel) * size};
        at += std::size_t(numel) * size;
    }
    return toStateDict(root, storages, name);
}

// --- writing ---------------------------------------------------------------------------------------

// The pickle of torch.save for an OrderedDict of float32 tensors, protocol 2.
class PickleWriter
{
public:
    std::string out;

    void op(char c) { out += c; }
    void u32(std::uint32_t v)
    {
        for (int i = 0; i < 4; ++i)
            out += char((v >> (8 * i)) & 0xFF);
    }
    void text(const std::string &s)
    {
        op('X');
        u32(static_cast<std::uint32_t>(s.size()));
        out += s;
    }
    void integer(std::int64_t v)
    {
        if (v >= 0 && v < 256) {
            op('K');
            out += char(v);
        } else if (v >= 0 && v < 65536) {
            op('M');
            out += char(v & 0xFF);
            out += char(v >> 8);
        } else if (v >= INT32_MIN && v <= INT32_MAX) {
            op('J');
            u32(static_cast<std::uint32_t>(v));
        } else {
            op('\x8a');
            out += char(8);
            for (int i = 0; i < 8; ++i)
                out += char((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xFF);
        }
    }
    void ints(const std::vector<std::int64_t> &values)
    {
        op('(');
        for (auto v : values)
            integer(v);
        op('t');
    }
    void global(const char *module, const char *name)
    {
        op('c');
        out += std::string(module) + "\n" + name + "\n";
    }
};

std::string zip(const std::vector<std::pair<std::string, std::string>> &records)
{
    std::string out, directory;
    auto le = [](std::string &s, std::uint64_t v, int bytes) {
        for (int i = 0; i < bytes; ++i)
            s += char((v >> (8 * i)) & 0xFF);
    };
    for (const auto &[name, data] : records) {
        const std::uint32_t crc = crc32(data.data(), data.size());
        const std::size_t local = out.size();
        // Data aligned to 64 bytes, as PyTorch writes it, with padding in an extra field.
        const std::size_t headerEnd = local + 30 + name.size() + 4;
        const std::size_t pad = (64 - headerEnd % 64) % 64;
        out += "PK\x03\x04";
        le(out, 20, 2), le(out, 0, 2), le(out, 0, 2), le(out, 0, 2), le(out, 0, 2);
        le(out, crc, 4), le(out, data.size(), 4), le(out, data.size(), 4);
        le(out, name.size(), 2), le(out, 4 + pad, 2);
        out += name;
        le(out, 0x4246, 2), le(out, pad, 2); // "FB": PyTorch's padding field
        out.append(pad, 'Z');
        out += data;
        directory += "PK\x01\x02";
        le(directory, 20, 2), le(directory, 20, 2), le(directory, 0, 2), le(directory, 0, 2), le(directory, 0, 2), le(directory, 0, 2);
        le(directory, crc, 4), le(directory, data.size(), 4), le(directory, data.size(), 4);
        le(directory, name.size(), 2), le(directory, 0, 2), le(directory, 0, 2), le(directory, 0, 2), le(directory, 0, 2);
        le(directory, 0, 4), le(directory, local, 4);
        directory += name;
    }
    const std::size_t directoryAt = out.size();
    out += directory;
    out += "PK\x05\x06";
    le(out, 0, 2), le(out, 0, 2), le(out, records.size(), 2), le(out, records.size(), 2);
    le(out, directory.size(), 4), le(out, directoryAt, 4), le(out, 0, 2);
    return out;
}

} // namespace

namespace {

StateDict readAnyFormat(const std::string &bytes, const std::string &name)
{
    if (bytes.size() >= 4 && bytes.compare(0, 4, "PK\x03\x04") == 0)
        return readZip(bytes, name);
    if (bytes.size() > 262 && bytes.compare(257, 5, "ustar") == 0)
        throw Error("\"" + name + "\" is in the tar format of PyTorch before 0.4; load it and save its state_dict again with a newer PyTorch.");
    if (bytes.size() < 2 || static_cast<std::uint8_t>(bytes[0]) != 0x80)
        throw Error("\"" + name + "\" is not a PyTorch .pth file.");
    return readLegacy(bytes, name);
}

} // namespace

StateDict readStateDictBytes(const std::string &bytes, const std::string &name)
{
    try {
        return readAnyFormat(bytes, name);
    } catch (const Error &e) {
        // The unpickler speaks of "the file"; name it.
        std::string what = e.what();
        if (what.rfind("The file ", 0) == 0)
            throw Error("\"" + name + "\"" + what.substr(8));
        throw;
    } catch (const c10::Error &e) {
        throw Error("\"" + name + "\" could not be read: " + e.what_without_backtrace());
    }
}

StateDict readStateDict(const fs::path &file) { return readStateDictBytes(readFileBytes(file), displayPath(file)); }

std::string stateDictBytes(const StateDict &state, const std::string &archiveName)
{
    PickleWriter p;
    p.op('\x80');
    p.out += char(2);
    p.global("collections", "OrderedDict");
    p.op(')');
    p.op('R');
    p.op('(');
    std::vector<std::pair<std::string, std::string>> records;
    for (size_t i = 0; i < state.size(); ++i) {
        const auto t = state[i].second.detach().to(torch::kCPU, torch::kFloat32).contiguous();
        const std::string key = std::to_string(i);
        p.text(state[i].first);
        p.global("torch._utils", "_rebuild_tensor_v2");
        p.op('(');
        p.op('(');
        p.text("storage");
        p.global("torch", "FloatStorage");
        p.text(key);
        p.text("cpu");
        p.integer(t.numel());
        p.op('t');
        p.op('Q');
        p.integer(0);
        p.ints(t.sizes().vec());
        p.ints(t.strides().vec());
        p.op('\x89'); // requires_grad False
        p.global("collections", "OrderedDict");
        p.op(')');
        p.op('R');
        p.op('t');
        p.op('R');
        records.emplace_back(archiveName + "/data/" + key, std::string(static_cast<const char *>(t.data_ptr()), t.numel() * sizeof(float)));
    }
    p.op('u');
    p.op('.');
    records.insert(records.begin(), {archiveName + "/data.pkl", p.out});
    records.emplace_back(archiveName + "/version", "3\n");
    return zip(records);
}

void writeStateDict(const StateDict &state, const fs::path &file)
{
    writeFileAtomic(file, stateDictBytes(state));
}

} // namespace engine
