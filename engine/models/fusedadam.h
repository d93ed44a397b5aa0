#pragma once
// Adam's update in one pass over each parameter's memory. torch::optim::Adam::step() runs six element-wise
// operators per parameter (moment updates, square root, division, the update), each a pass over
// memory: about 5% of a small model's training step on a CPU. adamStep() computes the same formulas, in
// the same order, per element in one loop, and keeps its state in the optimiser's own AdamParamState, so
// checkpoints, learning-rate changes and exact resume are unchanged. Results differ from step() by float
// rounding only (LibTorch's vectorised kernels fuse some multiply-adds, a plain loop may not).
// Falls back to step() for what it does not cover: AMSGrad, weight decay, non-CPU or non-float tensors.

#include <torch/torch.h>

namespace engine {

void adamStep(torch::optim::Adam &adam);

// On by default; off (bench --unfused-adam) for an A/B comparison.
void setFusedAdam(bool on);
bool fusedAdam();

} // namespace engine
