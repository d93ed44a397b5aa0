#pragma once
// ReplicatedModel: what distributed training needs from a model family (CycleGanModel, StarGanModel).
// Every rank holds a replica: the weights and optimiser states, equal on all ranks, and a local state
// that is each rank's own (the CycleGAN's image pools and their generator; the multi-domain mode's
// random draws). Lives on the training thread.

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace engine {

class ReplicatedModel
{
public:
    virtual ~ReplicatedModel() = default;

    // The weights and buffers that must be equal on every rank (rank 0's are sent to the others).
    virtual std::vector<torch::Tensor> sharedTensors() const = 0;
    // This rank's own state, as bytes; a rank without saved state starts afresh from `seed`.
    virtual std::string localState() const = 0;
    virtual void setLocalState(const std::string &bytes) = 0;
    virtual void resetLocalState(std::uint64_t seed) = 0;

    // Called with each optimiser after its backward pass and before its update (the gradients are
    // averaged over the ranks there). Empty in a single process.
    std::function<void(torch::optim::Optimizer &)> beforeUpdate;
    // The local states of the run's ranks 1..N-1 (index = rank; [0] unused), written into the
    // checkpoint beside rank 0's own and read back from it. Empty for a single process.
    std::vector<std::string> rankStates;
};

} // namespace engine
