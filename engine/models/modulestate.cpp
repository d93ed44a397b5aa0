#include "models/modulestate.h"

#include <cstring>

#include "engine/core/error.h"

namespace engine {

void setRequiresGrad(torch::nn::Module &net, bool requiresGrad)
{
    for (auto &p : net.parameters())
        p.set_requires_grad(requiresGrad);
}

void setAdamLearningRate(torch::optim::Adam &g, torch::optim::Adam &d, double lr)
{
    for (auto *opt : {&g, &d})
        for (auto &group : opt->param_groups())
            static_cast<torch::optim::AdamOptions &>(group.options()).lr(lr);
}

double adamLearningRate(const torch::optim::Adam &optimizer)
{
    return static_cast<const torch::optim::AdamOptions &>(optimizer.param_groups().front().options()).lr();
}

void saveOptimizers(const torch::optim::Adam &g, const torch::optim::Adam &d, torch::serialize::OutputArchive &archive)
{
    torch::serialize::OutputArchive optG, optD;
    g.save(optG);
    d.save(optD);
    archive.write("optimizer_G", optG);
    archive.write("optimizer_D", optD);
}

void loadOptimizers(torch::optim::Adam &g, torch::optim::Adam &d, torch::serialize::InputArchive &archive, const torch::Device &device)
{
    torch::serialize::InputArchive optG, optD;
    if (!archive.try_read("optimizer_G", optG) || !archive.try_read("optimizer_D", optD))
        throw Error("The checkpoint has no optimiser state.");
    g.load(optG);
    d.load(optD);
    // Optimiser state was saved from CPU tensors; move it to the model's device.
    for (auto *opt : {&g, &d}) {
        for (auto &kv : opt->state()) {
            auto &s = static_cast<torch::optim::AdamParamState &>(*kv.second);
            s.exp_avg(s.exp_avg().to(device));
            s.exp_avg_sq(s.exp_avg_sq().to(device));
            if (s.max_exp_avg_sq().defined())
                s.max_exp_avg_sq(s.max_exp_avg_sq().to(device));
        }
    }
}

void saveModule(const torch::nn::Module &module, torch::serialize::OutputArchive &archive)
{
    for (const auto &item : module.named_parameters(/*recurse=*/true))
        archive.write(item.key(), item.value().detach().cpu().contiguous());
    for (const auto &item : module.named_buffers(/*recurse=*/true))
        archive.write(item.key(), item.value().detach().cpu().contiguous(), /*is_buffer=*/true);
}

void loadModule(torch::nn::Module &module, torch::serialize::InputArchive &archive, const std::string &what)
{
    torch::NoGradGuard noGrad;
    auto load = [&](const std::string &key, torch::Tensor &target, bool isBuffer) {
        torch::Tensor value;
        if (!archive.try_read(key, value, isBuffer))
            throw Error("The file has no weights for " + what + " (missing \"" + key + "\").");
        if (value.sizes() != target.sizes())
            throw Error("The weights for " + what + " do not fit this model (\"" + key + "\" has shape " +
                        c10::str(value.sizes()) + ", expected " + c10::str(target.sizes()) + ").");
        target.copy_(value);
    };
    for (auto &item : module.named_parameters(true))
        load(item.key(), item.value(), false);
    for (auto &item : module.named_buffers(true))
        load(item.key(), item.value(), true);
}

bool allFinite(const torch::Tensor &tensor)
{
    return !tensor.defined() || !tensor.is_floating_point() || torch::isfinite(tensor).all().item<bool>();
}

bool allFinite(const torch::nn::Module &module)
{
    for (const auto &p : module.parameters())
        if (!allFinite(p))
            return false;
    for (const auto &b : module.buffers())
        if (!allFinite(b))
            return false;
    return true;
}

bool allFinite(const torch::optim::Adam &optimizer)
{
    for (const auto &kv : optimizer.state()) {
        const auto &s = static_cast<const torch::optim::AdamParamState &>(*kv.second);
        if (!allFinite(s.exp_avg()) || !allFinite(s.exp_avg_sq()) || !allFinite(s.max_exp_avg_sq()))
            return false;
    }
    return true;
}

std::vector<torch::Tensor> stateTensors(const std::vector<const torch::nn::Module *> &modules)
{
    std::vector<torch::Tensor> out;
    for (const auto *m : modules) {
        for (const auto &p : m->parameters())
            out.push_back(p);
        for (const auto &b : m->buffers())
            out.push_back(b);
    }
    return out;
}

void saveRankStates(torch::serialize::OutputArchive &archive, const std::vector<std::string> &states)
{
    if (states.size() < 2)
        return;
    torch::serialize::OutputArchive sub;
    sub.write("count", torch::tensor(static_cast<int64_t>(states.size())));
    for (size_t r = 1; r < states.size(); ++r) {
        const auto &bytes = states[r];
        auto t = torch::empty({static_cast<int64_t>(bytes.size())}, torch::kUInt8);
        std::memcpy(t.data_ptr<std::uint8_t>(), bytes.data(), bytes.size());
        sub.write(std::to_string(r), t);
    }
    archive.write("ranks", sub);
}

std::vector<std::string> loadRankStates(torch::serialize::InputArchive &archive)
{
    torch::serialize::InputArchive sub;
    if (!archive.try_read("ranks", sub))
        return {};
    torch::Tensor count;
    sub.read("count", count);
    std::vector<std::string> states(static_cast<size_t>(count.item<int64_t>()));
    for (size_t r = 1; r < states.size(); ++r) {
        torch::Tensor t;
        sub.read(std::to_string(r), t);
        t = t.contiguous();
        states[r].assign(reinterpret_cast<const char *>(t.data_ptr<std::uint8_t>()), static_cast<size_t>(t.numel()));
    }
    return states;
}

} // namespace engine
