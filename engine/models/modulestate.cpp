#include "models/modulestate.h"

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

} // namespace engine
