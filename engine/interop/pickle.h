#pragma once
// A restricted reader for the Python pickles inside PyTorch .pth files. A pickle is a small program for
// Python's unpickler, which can call any function it names; this reader is not that unpickler. It runs
// only the opcodes that a state_dict of tensors needs, builds plain values, and accepts only these
// globals: collections.OrderedDict, torch._utils._rebuild_tensor_v2 / _rebuild_tensor /
// _rebuild_parameter, and the torch.*Storage types of the supported dtypes. Anything else (os.system,
// builtins.eval, a whole nn.Module, an unknown opcode) is refused with a sentence; nothing is ever
// executed. Storages are left as references (persistent ids) for the caller to resolve. No torch here.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace engine {

struct PickleValue;
// The value a pickle ends with. It owns every value the pickle made; the values inside refer to each
// other by plain pointers, so a hostile pickle that makes a list contain itself leaks nothing.
using PickleRef = std::shared_ptr<const PickleValue>;

// A storage a tensor refers to: its element type (from its torch.*Storage class), key and length.
struct StorageRef
{
    std::string dtype; // "float32", "float16", "float64", "bfloat16", "int64", "int32", "uint8", "bool"
    std::string key;
    std::int64_t numel = 0;
    // Legacy files may make a tensor's storage a view of another: (root key, offset in elements).
    std::string viewOf;
    std::int64_t viewOffset = 0;
};

struct TensorRef
{
    StorageRef storage;
    std::int64_t offset = 0;
    std::vector<std::int64_t> sizes, strides;
};

struct PickleValue
{
    enum class Kind { None, Bool, Int, Float, String, Tuple, List, Dict, Global, Storage, Tensor };
    Kind kind = Kind::None;
    bool boolean = false;
    std::int64_t integer = 0;
    double number = 0;
    std::string text;                                  // String; Global: "module.name"
    std::vector<PickleValue *> items;                          // Tuple, List
    std::vector<std::pair<PickleValue *, PickleValue *>> dict; // Dict (insertion order)
    StorageRef storage;
    TensorRef tensor;
};

// Limits on what a pickle may build, so a hostile file cannot exhaust memory.
struct PickleLimits
{
    std::size_t maxItems = 500'000; // values created (a 9-block generator's state_dict makes about 2,000)
    std::size_t maxStack = 100'000;
};

// Runs the restricted unpickler over bytes[begin, ...) and returns the value at STOP; *end receives the
// position after it (legacy files hold several pickles in a row). Throws engine::Error with a sentence
// naming the first thing refused ("the file asks for os.system, which a state_dict never needs").
PickleRef readPickle(const std::string &bytes, std::size_t begin = 0, std::size_t *end = nullptr, const PickleLimits &limits = {});

} // namespace engine
