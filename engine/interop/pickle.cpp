#include "interop/pickle.h"

#include "engine/core/error.h"

#include <cstring>
#include <deque>
#include <memory>
#include <unordered_map>

namespace engine {

namespace {

// The storage classes of torch.save and the element types they hold.
const char *storageDtype(const std::string &global)
{
    static const std::pair<const char *, const char *> types[] = {
        {"torch.FloatStorage", "float32"}, {"torch.HalfStorage", "float16"}, {"torch.DoubleStorage", "float64"},
        {"torch.BFloat16Storage", "bfloat16"}, {"torch.LongStorage", "int64"}, {"torch.IntStorage", "int32"},
        {"torch.ByteStorage", "uint8"}, {"torch.BoolStorage", "bool"}};
    for (const auto &[name, dtype] : types)
        if (global == name)
            return dtype;
    return nullptr;
}

bool allowedCallable(const std::string &global)
{
    return global == "collections.OrderedDict" || global == "torch._utils._rebuild_tensor_v2" || global == "torch._utils._rebuild_tensor" ||
           global == "torch._utils._rebuild_parameter";
}

// `pickle` is the whole pickle: a model pickled whole names its own class first (__main__.MyNet), then
// the torch.nn.modules classes it is made of.
[[noreturn]] void refuseGlobal(const std::string &global, const std::string &pickle)
{
    if (global.rfind("torch.nn.", 0) == 0 || pickle.find("torch.nn.modules") != std::string::npos)
        throw Error("The file holds a whole PyTorch model object (" + global +
                    "), as torch.save(model) writes, not a state_dict. CycleStudio reads weights only: in PyTorch, save "
                    "model.state_dict() instead. Nothing in the file was run.");
    if (global.rfind("torch.optim", 0) == 0)
        throw Error("The file holds an optimizer (" + global + "), not a network's weights. Nothing in the file was run.");
    throw Error("The file asks for " + global +
                ", which a state_dict of tensors never needs; CycleStudio refuses it (such a file may try to run code). "
                "Nothing in the file was run.");
}

using Value = PickleValue *;

class Unpickler
{
public:
    Unpickler(const std::string &bytes, std::size_t at, const PickleLimits &limits) : m_b(bytes), m_at(at), m_limits(limits) {}

    PickleRef run(std::size_t *end)
    {
        for (;;) {
            const std::size_t opAt = m_at;
            const auto op = static_cast<std::uint8_t>(byte());
            if (op == '.') {
                if (m_stack.size() != 1)
                    fail("the pickle ends with " + std::to_string(m_stack.size()) + " values instead of one");
                if (end)
                    *end = m_at;
                return PickleRef(m_arena, m_stack.back()); // shares the arena's ownership
            }
            step(op, opAt);
        }
    }

private:
    [[noreturn]] void fail(const std::string &what) const { throw Error("The file is damaged or not a PyTorch state_dict: " + what + "."); }

    char byte()
    {
        if (m_at >= m_b.size())
            fail("it ends in the middle of its data");
        return m_b[m_at++];
    }
    std::string take(std::size_t n)
    {
        if (n > m_b.size() - m_at)
            fail("a value runs past the end of the file");
        std::string s = m_b.substr(m_at, n);
        m_at += n;
        return s;
    }
    std::uint64_t little(int bytes)
    {
        std::uint64_t v = 0;
        for (int i = 0; i < bytes; ++i)
            v |= std::uint64_t(static_cast<std::uint8_t>(byte())) << (8 * i);
        return v;
    }
    std::string line()
    {
        const auto nl = m_b.find('\n', m_at);
        if (nl == std::string::npos || nl - m_at > 256)
            fail("a name is not terminated");
        std::string s = m_b.substr(m_at, nl - m_at);
        m_at = nl + 1;
        return s;
    }

    Value make(PickleValue::Kind kind)
    {
        if (++m_made > m_limits.maxItems)
            fail("it builds more values than any state_dict has");
        auto *v = &m_arena->emplace_back(); // a deque: earlier values never move
        v->kind = kind;
        return v;
    }
    void push(Value v)
    {
        if (m_stack.size() >= m_limits.maxStack)
            fail("its values nest too deeply");
        m_stack.push_back(std::move(v));
    }
    Value pop()
    {
        if (m_stack.empty() || (!m_marks.empty() && m_stack.size() <= m_marks.back()))
            fail("it takes a value that is not there");
        auto v = std::move(m_stack.back());
        m_stack.pop_back();
        return v;
    }
    Value &top()
    {
        if (m_stack.empty())
            fail("it uses a value that is not there");
        return m_stack.back();
    }
    std::vector<Value> popMark()
    {
        if (m_marks.empty())
            fail("a list of values has no start");
        const std::size_t mark = m_marks.back();
        m_marks.pop_back();
        std::vector<Value> items(m_stack.begin() + static_cast<std::ptrdiff_t>(mark), m_stack.end());
        m_stack.resize(mark);
        return items;
    }
    Value tuple(std::vector<Value> items)
    {
        auto t = make(PickleValue::Kind::Tuple);
        t->items = std::move(items);
        return t;
    }
    void memoPut(std::uint64_t key)
    {
        if (m_memo.size() > m_limits.maxItems)
            fail("it remembers too many values");
        m_memo[key] = top();
    }
    Value memoGet(std::uint64_t key)
    {
        const auto it = m_memo.find(key);
        if (it == m_memo.end())
            fail("it refers to a value it never made");
        return it->second;
    }

    void global(const std::string &module, const std::string &name)
    {
        const std::string full = module + "." + name;
        if (!storageDtype(full) && !allowedCallable(full))
            refuseGlobal(full, m_b);
        auto g = make(PickleValue::Kind::Global);
        g->text = full;
        push(g);
    }

    void setItems(std::vector<Value> items)
    {
        auto &d = top();
        if (d->kind != PickleValue::Kind::Dict || items.size() % 2 != 0)
            fail("it sets items of something that is not a dictionary");
        for (std::size_t i = 0; i < items.size(); i += 2)
            d->dict.emplace_back(items[i], items[i + 1]);
    }

    void append(std::vector<Value> items)
    {
        auto &l = top();
        if (l->kind != PickleValue::Kind::List)
            fail("it appends to something that is not a list");
        l->items.insert(l->items.end(), items.begin(), items.end());
    }

    // A persistent id: ('storage', torch.XStorage, key, location, numel[, view metadata]).
    Value storage(const Value &pid)
    {
        const auto &t = pid->items;
        if (pid->kind != PickleValue::Kind::Tuple || t.size() < 5 || t[0]->kind != PickleValue::Kind::String || t[0]->text != "storage" ||
            t[1]->kind != PickleValue::Kind::Global || t[2]->kind != PickleValue::Kind::String || t[4]->kind != PickleValue::Kind::Int)
            fail("a tensor refers to its data in a way PyTorch does not write");
        const char *dtype = storageDtype(t[1]->text);
        if (!dtype)
            fail("a tensor's data has the type " + t[1]->text);
        auto s = make(PickleValue::Kind::Storage);
        s->storage.dtype = dtype;
        s->storage.key = t[2]->text;
        s->storage.numel = t[4]->integer;
        if (s->storage.numel < 0)
            fail("a tensor's data has a negative size");
        if (t.size() >= 6 && t[5]->kind == PickleValue::Kind::Tuple && t[5]->items.size() >= 2) {
            const auto &view = t[5]->items;
            if (view[0]->kind != PickleValue::Kind::String || view[1]->kind != PickleValue::Kind::Int)
                fail("a tensor's data is a view PyTorch does not write");
            s->storage.viewOf = view[0]->text;
            s->storage.viewOffset = view[1]->integer;
        }
        return s;
    }

    std::vector<std::int64_t> ints(const Value &v, const char *what)
    {
        if (v->kind != PickleValue::Kind::Tuple)
            fail(std::string("a tensor's ") + what + " is not a tuple");
        std::vector<std::int64_t> out;
        for (const auto &x : v->items) {
            if (x->kind != PickleValue::Kind::Int || x->integer < 0)
                fail(std::string("a tensor's ") + what + " is not a list of sizes");
            out.push_back(x->integer);
        }
        return out;
    }

    Value reduce(const Value &callable, const Value &args)
    {
        if (callable->kind != PickleValue::Kind::Global || args->kind != PickleValue::Kind::Tuple)
            fail("it calls something that is not a known function");
        const auto &name = callable->text;
        const auto &a = args->items;
        if (name == "collections.OrderedDict") {
            auto d = make(PickleValue::Kind::Dict);
            if (a.size() == 1 && a[0]->kind == PickleValue::Kind::List)
                for (const auto &pair : a[0]->items)
                    if (pair->kind == PickleValue::Kind::Tuple && pair->items.size() == 2)
                        d->dict.emplace_back(pair->items[0], pair->items[1]);
            return d;
        }
        if (name == "torch._utils._rebuild_parameter") {
            if (a.empty() || a[0]->kind != PickleValue::Kind::Tensor)
                fail("a parameter holds no tensor");
            return a[0];
        }
        // _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata]) and
        // _rebuild_tensor(storage, offset, size, stride).
        if (a.size() < 4 || a[0]->kind != PickleValue::Kind::Storage || a[1]->kind != PickleValue::Kind::Int)
            fail("a tensor is described in a way PyTorch does not write");
        auto t = make(PickleValue::Kind::Tensor);
        t->tensor.storage = a[0]->storage;
        t->tensor.offset = a[1]->integer;
        t->tensor.sizes = ints(a[2], "size");
        t->tensor.strides = ints(a[3], "stride");
        if (t->tensor.sizes.size() != t->tensor.strides.size() || t->tensor.offset < 0)
            fail("a tensor's size and stride disagree");
        return t;
    }

    void step(std::uint8_t op, std::size_t opAt);

    const std::string &m_b;
    std::size_t m_at;
    PickleLimits m_limits;
    std::size_t m_made = 0;
    std::shared_ptr<std::deque<PickleValue>> m_arena = std::make_shared<std::deque<PickleValue>>();
    std::vector<Value> m_stack;
    std::vector<std::size_t> m_marks;
    std::unordered_map<std::uint64_t, Value> m_memo;
};

void Unpickler::step(std::uint8_t op, std::size_t opAt)
{
    using Kind = PickleValue::Kind;
    switch (op) {
    case 0x80: byte(); break;       // PROTO
    case 0x95: little(8); break;    // FRAME (protocol 4): a length hint only
    case '(': m_marks.push_back(m_stack.size()); break;
    case '}': push(make(Kind::Dict)); break;
    case ']': push(make(Kind::List)); break;
    case ')': push(tuple({})); break;
    case 't': push(tuple(popMark())); break;
    case 0x85: { auto a = pop(); push(tuple({a})); break; }
    case 0x86: { auto b = pop(), a = pop(); push(tuple({a, b})); break; }
    case 0x87: { auto c = pop(), b = pop(), a = pop(); push(tuple({a, b, c})); break; }
    case 's': { auto v = pop(), k = pop(); setItems({k, v}); break; }
    case 'u': setItems(popMark()); break;
    case 'a': { auto v = pop(); append({v}); break; }
    case 'e': append(popMark()); break;
    case 'q': memoPut(little(1)); break;     // BINPUT
    case 'r': memoPut(little(4)); break;     // LONG_BINPUT
    case 0x94: memoPut(m_memo.size()); break; // MEMOIZE
    case 'h': push(memoGet(little(1))); break;
    case 'j': push(memoGet(little(4))); break;
    case 'c': { const auto module = line(); global(module, line()); break; } // GLOBAL
    case 0x93: {                                                             // STACK_GLOBAL
        auto name = pop(), module = pop();
        if (module->kind != Kind::String || name->kind != Kind::String)
            fail("a name is not text");
        global(module->text, name->text);
        break;
    }
    case 'R': { auto args = pop(), callable = pop(); push(reduce(callable, args)); break; }
    case 'b': {                                                              // BUILD
        auto state = pop();
        if (top()->kind != Kind::Dict || (state->kind != Kind::Dict && state->kind != Kind::None))
            fail("it sets the state of something other than a state_dict");
        break; // an OrderedDict's _metadata (module versions): not needed
    }
    case 'Q': push(storage(pop())); break;   // BINPERSID
    case 'J': { auto v = make(Kind::Int); v->integer = static_cast<std::int32_t>(little(4)); push(v); break; }
    case 'K': { auto v = make(Kind::Int); v->integer = static_cast<std::int64_t>(little(1)); push(v); break; }
    case 'M': { auto v = make(Kind::Int); v->integer = static_cast<std::int64_t>(little(2)); push(v); break; }
    case 0x8a: {                                                             // LONG1
        const auto n = static_cast<std::size_t>(static_cast<std::uint8_t>(byte()));
        const std::string digits = take(n);
        auto v = make(Kind::Int);
        if (n > 8) { // only legacy files' magic number is this long; it is compared, not used
            v->kind = Kind::String;
            v->text = digits;
        } else {
            std::uint64_t x = 0;
            for (std::size_t i = 0; i < n; ++i)
                x |= std::uint64_t(static_cast<std::uint8_t>(digits[i])) << (8 * i);
            if (n > 0 && n < 8 && (static_cast<std::uint8_t>(digits[n - 1]) & 0x80))
                x |= ~std::uint64_t(0) << (8 * n); // negative
            v->integer = static_cast<std::int64_t>(x);
        }
        push(v);
        break;
    }
    case 'G': {                                                              // BINFLOAT (big-endian)
        std::uint64_t bits = 0;
        for (int i = 0; i < 8; ++i)
            bits = (bits << 8) | static_cast<std::uint8_t>(byte());
        auto v = make(Kind::Float);
        std::memcpy(&v->number, &bits, sizeof bits);
        push(v);
        break;
    }
    case 'N': push(make(Kind::None)); break;
    case 0x88: case 0x89: { auto v = make(Kind::Bool); v->boolean = op == 0x88; push(v); break; }
    case 'X': case 'T': case 'B': { auto v = make(Kind::String); v->text = take(little(4)); push(v); break; } // BINUNICODE, BINSTRING, BINBYTES
    case 0x8c: case 'U': case 'C': { auto v = make(Kind::String); v->text = take(little(1)); push(v); break; }
    case 0x8d: { auto v = make(Kind::String); v->text = take(little(8)); push(v); break; }
    default: {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", op);
        throw Error(std::string("The file holds a pickle instruction (") + hex + " at byte " + std::to_string(opAt) +
                    ") that a state_dict of tensors never needs; CycleStudio refuses it. Nothing in the file was run.");
    }
    }
}

} // namespace

PickleRef readPickle(const std::string &bytes, std::size_t begin, std::size_t *end, const PickleLimits &limits)
{
    return Unpickler(bytes, begin, limits).run(end);
}

} // namespace engine
