#pragma once
// 3×3 convolutions at inference by Winograd's minimal filtering, F(4×4, 3×3) (Lavin and Gray 2016).
//
// A direct 3×3 convolution spends 9 multiply-adds per output pixel and channel pair; F(4×4, 3×3) turns each
// 6×6 input tile and each kernel into 36 numbers, multiplies them element by element (36 matrix products
// over the channels, one GEMM each) and turns the 36 products back into a 4×4 output tile: 36 multiplies
// for 16 outputs instead of 144, a quarter of the arithmetic, plus the transforms, which are cheap beside
// the products at the residual blocks' channel counts. Results differ from the direct convolution by
// float rounding (about 1e-5 of the output's range).
//
// Used by the generator's residual blocks when no gradient is needed (translation, previews) on a CPU;
// training keeps LibTorch's convolution, whose backward pass it needs.

#include <torch/torch.h>

#include <memory>
#include <mutex>

namespace engine {

// The kernel [K, C, 3, 3] as Winograd's 36 matrices [36, K, C].
torch::Tensor winogradKernel(const torch::Tensor &weight);

// The valid 3×3 convolution of `input` [N, C, H + 2, W + 2] (already padded) with a kernel from
// winogradKernel and a bias [K] (or undefined): [N, K, H, W]. CPU, 32-bit floats.
torch::Tensor winogradConv3x3(const torch::Tensor &input, const torch::Tensor &kernel, const torch::Tensor &bias);

// Whether a 3×3 convolution of this input and weight is better done by Winograd here: a CPU, 32-bit
// floats, no gradient wanted, a feature map of 64 × 64 or more and enough channels for the transforms
// to pay, and the switch on.
bool winogradWorthwhile(const torch::Tensor &input, const torch::Tensor &weight);

// On by default; off (bench --direct-conv) for an A/B comparison.
void setWinogradConvolution(bool on);

// A layer's transformed kernel, kept while its weight is unchanged (same storage, same version: an
// optimiser's in-place update makes a new one). Shared by copies of the layer; safe across threads.
class WinogradKernelCache
{
public:
    torch::Tensor kernelFor(const torch::Tensor &weight);

private:
    std::mutex m_mutex;
    const void *m_data = nullptr;
    std::uint32_t m_version = 0;
    torch::Tensor m_kernel;
};

} // namespace engine
