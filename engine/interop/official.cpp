#include "interop/official.h"

#include "engine/core/error.h"
#include "models/networks.h"

#include <algorithm>
#include <map>

namespace engine {

namespace {

bool endsWith(const std::string &s, const std::string &tail)
{
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The state_dict as a map, "module." prefixes (DataParallel) stripped and the running statistics of
// parameterless norm layers dropped (2017-era instance norm saved them; PyTorch's loader drops them too).
std::map<std::string, torch::Tensor> normalized(StateDict state)
{
    std::map<std::string, torch::Tensor> keys;
    for (auto &[key, tensor] : state) {
        const std::string k = key.rfind("module.", 0) == 0 ? key.substr(7) : key;
        keys[k] = std::move(tensor);
    }
    for (auto it = keys.begin(); it != keys.end();) {
        const auto &k = it->first;
        const auto dot = k.rfind('.');
        const std::string layer = dot == std::string::npos ? std::string() : k.substr(0, dot);
        const bool statistics = endsWith(k, ".running_mean") || endsWith(k, ".running_var") || endsWith(k, ".num_batches_tracked");
        if (statistics && !keys.count(layer + ".weight"))
            it = keys.erase(it);
        else
            ++it;
    }
    return keys;
}

std::string someKeys(const std::map<std::string, torch::Tensor> &keys)
{
    std::string out;
    int n = 0;
    for (const auto &[k, v] : keys) {
        if (n++ == 4) {
            out += ", ...";
            break;
        }
        out += (out.empty() ? "" : ", ") + k;
    }
    return out;
}

// Moves the official entries named in `mapping` (ours → theirs) into a StateDict of our names; refuses
// what is missing or left over.
StateDict take(std::map<std::string, torch::Tensor> &keys, const std::vector<std::pair<std::string, std::string>> &mapping,
               const std::string &what, const std::string &network)
{
    StateDict out;
    for (const auto &[ours, theirs] : mapping) {
        for (const char *part : {".weight", ".bias"}) {
            const auto it = keys.find(theirs + part);
            if (it == keys.end())
                throw Error("\"" + what + "\" is not an official CycleGAN " + network + ": it has no \"" + theirs + part + "\".");
            out.emplace_back(ours + part, it->second);
            keys.erase(it);
        }
    }
    if (!keys.empty())
        throw Error("\"" + what + "\" is not an official CycleGAN " + network + " of the kind CycleStudio reads: it also has " +
                    someKeys(keys) + ".");
    return out;
}

std::vector<std::pair<std::string, std::string>> generatorMapping(int blocks)
{
    std::vector<std::pair<std::string, std::string>> m = {{"conv_in", "model.1"}, {"down1", "model.4"}, {"down2", "model.7"}};
    for (int i = 0; i < blocks; ++i) {
        const std::string block = "model." + std::to_string(10 + i) + ".conv_block.";
        m.emplace_back("blocks." + std::to_string(i) + ".conv1", block + "1");
        m.emplace_back("blocks." + std::to_string(i) + ".conv2", block + "5");
    }
    m.emplace_back("up1", "model." + std::to_string(10 + blocks));
    m.emplace_back("up2", "model." + std::to_string(13 + blocks));
    m.emplace_back("conv_out", "model." + std::to_string(17 + blocks));
    return m;
}

// A sentence for the architectures this reader knows but does not read.
void refuseOtherGenerators(const std::map<std::string, torch::Tensor> &keys, const std::string &what)
{
    for (const auto &[k, v] : keys) {
        if (k.rfind("model.model.", 0) == 0)
            throw Error("\"" + what + "\" holds a U-Net generator (pix2pix's unet_128 or unet_256); CycleStudio reads the ResNet "
                        "generators of CycleGAN (resnet_6blocks, resnet_9blocks).");
        if (k.find("conv_block.6.") != std::string::npos)
            throw Error("\"" + what + "\" holds a ResNet generator with dropout (trained without --no_dropout); CycleStudio's "
                        "generators have none.");
    }
    const auto d = keys.find("model.0.weight");
    if (d != keys.end() && d->second.dim() == 4 && d->second.size(2) == 4)
        throw Error("\"" + what + "\" holds a PatchGAN discriminator (D_A or D_B), not a generator; the generators are the "
                    "files named G_A and G_B.");
    const auto bn = keys.find("model.2.weight");
    if ((bn != keys.end() && bn->second.dim() == 1) || keys.count("model.2.running_mean"))
        throw Error("\"" + what + "\" holds a generator with batch norm (--norm batch); CycleStudio's generators use instance norm "
                    "without parameters (--norm instance).");
}

} // namespace

OfficialGenerator fromOfficialGenerator(StateDict state, const std::string &what)
{
    auto keys = normalized(std::move(state));
    refuseOtherGenerators(keys, what);
    const auto first = keys.find("model.1.weight");
    if (first == keys.end() || first->second.dim() != 4 || first->second.size(2) != 7 || first->second.size(3) != 7)
        throw Error("\"" + what + "\" is not an official CycleGAN ResNet generator (no 7×7 first layer \"model.1.weight\"); it has " +
                    someKeys(keys) + ".");
    OfficialGenerator g;
    g.model.ngf = static_cast<int>(first->second.size(0));
    g.model.inputChannels = static_cast<int>(first->second.size(1));
    if (g.model.inputChannels != 3)
        throw Error("\"" + what + "\" is a generator for " + std::to_string(g.model.inputChannels) +
                    "-channel images; CycleStudio's are for RGB images.");
    int blocks = 0;
    while (keys.count("model." + std::to_string(10 + blocks) + ".conv_block.1.weight"))
        ++blocks;
    g.model.blocks = blocks;
    if (g.model.ngf < 1 || g.model.ngf > 512 || blocks > 64)
        throw Error("\"" + what + "\" describes a generator this version cannot build (ngf " + std::to_string(g.model.ngf) + ").");
    g.weights = take(keys, generatorMapping(blocks), what, "ResNet generator");
    // Shapes: loading into a generator of the inferred size checks every one.
    ResnetGenerator check(g.model);
    loadWeights(*check, g.weights, "\"" + what + "\"");
    return g;
}

StateDict toOfficialGenerator(const ResnetGeneratorImpl &generator)
{
    const auto named = generator.named_parameters(true);
    StateDict out;
    for (const auto &[ours, theirs] : generatorMapping(generator.options.blocks))
        for (const char *part : {".weight", ".bias"})
            out.emplace_back(theirs + part, named[ours + part].detach().cpu());
    return out;
}

OfficialDiscriminator fromOfficialDiscriminator(StateDict state, const std::string &what)
{
    auto keys = normalized(std::move(state));
    if (keys.count("model.3.weight"))
        throw Error("\"" + what + "\" holds a discriminator with batch norm (--norm batch); CycleStudio's use instance norm.");
    const auto first = keys.find("model.0.weight");
    if (first == keys.end() || first->second.dim() != 4 || first->second.size(2) != 4)
        throw Error("\"" + what + "\" is not an official CycleGAN PatchGAN discriminator (no 4×4 first layer \"model.0.weight\").");
    OfficialDiscriminator d;
    d.ndf = static_cast<int>(first->second.size(0));
    int convs = 1;
    while (keys.count("model." + std::to_string(2 + 3 * (convs - 1)) + ".weight"))
        ++convs;
    d.layers = convs - 2; // the first conv and the 1-channel output aside
    if (d.layers < 1 || d.layers > 6)
        throw Error("\"" + what + "\" is a discriminator with " + std::to_string(convs) + " convolutions, which CycleStudio cannot build.");
    std::vector<std::pair<std::string, std::string>> mapping = {{"model.0", "model.0"}};
    for (int i = 1; i < convs; ++i)
        mapping.emplace_back("model." + std::to_string(2 + 3 * (i - 1)), "model." + std::to_string(2 + 3 * (i - 1)));
    d.weights = take(keys, mapping, what, "PatchGAN discriminator");
    ModelOptions m;
    m.ndf = d.ndf;
    m.discriminatorLayers = d.layers;
    PatchDiscriminator check(m);
    loadWeights(*check, d.weights, "\"" + what + "\"");
    return d;
}

void loadWeights(torch::nn::Module &module, const StateDict &weights, const std::string &what)
{
    torch::NoGradGuard noGrad;
    std::map<std::string, const torch::Tensor *> byName;
    for (const auto &[k, v] : weights)
        byName[k] = &v;
    for (auto &p : module.named_parameters(true)) {
        const auto it = byName.find(p.key());
        if (it == byName.end())
            throw Error(what + " has no weights for \"" + p.key() + "\".");
        if (it->second->sizes() != p.value().sizes())
            throw Error(what + " has weights of shape " + c10::str(it->second->sizes()) + " for \"" + p.key() + "\", where " +
                        c10::str(p.value().sizes()) + " belongs.");
        p.value().copy_(*it->second);
        byName.erase(it);
    }
    if (!byName.empty())
        throw Error(what + " has weights this network does not have (\"" + byName.begin()->first + "\").");
}

} // namespace engine
