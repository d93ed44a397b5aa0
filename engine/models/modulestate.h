#pragma once
// What both model families (CycleGanModel, StarGanModel) do with their networks' state: parameters and
// buffers saved and loaded by name with shape checks (a foreign or mismatched file is refused with a
// message instead of silently reshaping the model), the pair of Adam optimisers (one learning rate for
// both; saved as "optimizer_G" and "optimizer_D", their state moved to the model's device on load), and
// gradients turned on or off (a frozen discriminator during a generator update).

#include <torch/torch.h>

#include <string>
#include <vector>

namespace engine {

void saveModule(const torch::nn::Module &module, torch::serialize::OutputArchive &archive);
void loadModule(torch::nn::Module &module, torch::serialize::InputArchive &archive, const std::string &what);

void setAdamLearningRate(torch::optim::Adam &g, torch::optim::Adam &d, double lr);
double adamLearningRate(const torch::optim::Adam &optimizer);
void saveOptimizers(const torch::optim::Adam &g, const torch::optim::Adam &d, torch::serialize::OutputArchive &archive);
void loadOptimizers(torch::optim::Adam &g, torch::optim::Adam &d, torch::serialize::InputArchive &archive, const torch::Device &device);

void setRequiresGrad(torch::nn::Module &net, bool requiresGrad);

// The parameters and buffers of the modules, in a fixed order (what distributed training keeps equal).
std::vector<torch::Tensor> stateTensors(const std::vector<const torch::nn::Module *> &modules);

// The local states of a distributed run's other ranks (index = rank, [0] unused), stored as a "ranks"
// entry of a checkpoint's state; none in a single process's checkpoint.
void saveRankStates(torch::serialize::OutputArchive &archive, const std::vector<std::string> &states);
std::vector<std::string> loadRankStates(torch::serialize::InputArchive &archive);

// Whether every parameter and buffer (or every optimiser state tensor) is a finite number: a diverged
// run's NaN or infinity is caught before it is saved over good checkpoints, and refused when loaded.
bool allFinite(const torch::nn::Module &module);
bool allFinite(const torch::optim::Adam &optimizer);
bool allFinite(const torch::Tensor &tensor);

} // namespace engine
