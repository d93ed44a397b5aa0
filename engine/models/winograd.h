#pragma once
// 3×3 convolutions by Winograd's minimal filtering, F(4×4, 3×3) (Lavin and Gray 2016).
//
// A direct 3×3 convolution spends 9 multiply-adds per output pixel and channel pair; F(4×4, 3×3) turns each
// 6×6 input tile and each kernel into 36 numbers, multiplies them element by element (36 matrix products
// over the channels, one GEMM each) and turns the 36 products back into a 4×4 output tile: 36 multiplies
// for 16 outputs instead of 144, a quarter of the arithmetic, plus the transforms: passes over memory that
// take a large share of the time and decide where the method pays (winograd.cpp's thresholds). Results
// differ from the direct convolution by float rounding (about 1e-5 of the output's range).
//
// Used by the generator's residual blocks on a CPU in 32-bit floats. Without a gradient (translation,
// previews) the forward pass alone; in training as an autograd function whose backward pass works in
// Winograd's domain as well (∂L/∂M from ∂L/∂Y, then 36 GEMMs each for the kernel's and the input's
// gradients), which needs the products as plain GEMMs (oneDNN's sgemm, see setWinogradDirectGemm).

#include <torch/torch.h>

#include <memory>
#include <mutex>

namespace engine {

// The kernel [K, C, 3, 3] as Winograd's 36 matrices [36, K, C].
torch::Tensor winogradKernel(const torch::Tensor &weight);

// The valid 3×3 convolution of `input` [N, C, H + 2, W + 2] (already padded) with a kernel from
// winogradKernel and a bias [K] (or undefined): [N, K, H, W]. CPU, 32-bit floats. With `reflect` the input is
// [N, C, H, W], read as if padded by one pixel of reflection (ReflectionPad2d(1)): the padding's pass over
// memory folded into the input transform; H and W at least 2.
torch::Tensor winogradConv3x3(const torch::Tensor &input, const torch::Tensor &kernel, const torch::Tensor &bias, bool reflect = false);

// Whether a 3×3 convolution of this (unpadded) input, weight and bias is better done by Winograd here: a
// CPU, 32-bit floats, a feature map and channel counts large enough for the transforms to pay, the switch
// on, and, when a gradient is wanted, the plain GEMMs at hand.
bool winogradWorthwhile(const torch::Tensor &input, const torch::Tensor &weight, const torch::Tensor &bias = {});

class WinogradKernelCache;

// The valid 3×3 convolution of `input` [N, C, H + 2, W + 2] (already padded; with `reflect` [N, C, H, W],
// padded by reflection on the fly as in winogradConv3x3) by `weight` [K, C, 3, 3] and `bias` (or
// undefined), the transformed kernel taken from `cache`. With gradients where autograd wants them: for
// the input (with `reflect`, the padding's gradient folded back into it), the weight and the bias.
torch::Tensor winogradConvolution(const torch::Tensor &input, const torch::Tensor &weight, const torch::Tensor &bias,
                                  WinogradKernelCache &cache, bool reflect = false);

// On by default; off (bench --direct-conv) for an A/B comparison.
void setWinogradConvolution(bool on);

// The 36 products as plain GEMMs by oneDNN's sgemm, where the LibTorch in use exposes it (Debian's does),
// instead of 36 1×1 convolutions. On by default; off (bench --winograd-as-conv) for an A/B comparison.
void setWinogradDirectGemm(bool on);
bool winogradDirectGemmAvailable();

// The transforms' loops in the widest vectors the processor has (AVX-512 or AVX2 on x86-64, chosen at run
// time) instead of the baseline build's. On by default; off (bench --baseline-vectors) for an A/B comparison.
void setWinogradWideVectors(bool on);
// The vector set the transforms use now: "AVX-512", "AVX2" or "baseline".
const char *winogradVectorSet();

// Whether callers should let the transforms read a reflection padding of one pixel (`reflect` above) of
// `input` [N, C, H, W] instead of padding first: when it is on and the plane is at least 2 × 2. On by
// default; off (bench --separate-padding) for an A/B comparison.
void setWinogradFoldedPadding(bool on);
bool winogradFoldsPadding(const torch::Tensor &input);

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
