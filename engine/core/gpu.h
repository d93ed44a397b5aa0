#pragma once
// What a training step does differently on a CUDA GPU: convolutions in channels-last layout (where
// cuDNN's kernels are fastest) and, when the project asks for it, mixed precision (autocast to
// bfloat16). Both are off on the CPU, where the step is the reference's in 32-bit NCHW.

#include <torch/torch.h>

namespace engine {

// Runtime switches for A/B comparisons (RuntimeOptions sets them when a device is chosen).
void setGpuChannelsLast(bool on);
void setCudnnBenchmark(bool on);

// The layout the networks and their inputs use on this device.
torch::MemoryFormat preferredFormat(const torch::Device &device);
// Moves the module's 4-D parameters to that layout (before optimisers are made).
void usePreferredFormat(torch::nn::Module &module, const torch::Device &device);
// A tensor for the device, copied without waiting when it is in pinned host memory.
torch::Tensor toDevice(const torch::Tensor &tensor, const torch::Device &device);

// Autocast for CUDA to bfloat16 while in scope, when enabled (nested use is fine).
class CudaAutocast
{
public:
    explicit CudaAutocast(bool enabled);
    ~CudaAutocast();
    CudaAutocast(const CudaAutocast &) = delete;
    CudaAutocast &operator=(const CudaAutocast &) = delete;
    // Ends autocast before the scope does (before backward()).
    void end();

private:
    bool m_active = false;
    bool m_wasEnabled = false;
    at::ScalarType m_oldType = at::kHalf;
};

// LibTorch ran out of memory, on the CPU or a CUDA GPU (the message differs between versions).
bool isOutOfMemory(const std::exception &e);

} // namespace engine
