#pragma once
// The convolution to few channels that ends the generator (64 → 3 by 7 × 7 after a reflection padding of 3) as
// one GEMM and a shifted sum, on the CPU, in translation and in training. oneDNN's direct convolution with three
// outputs runs at a fraction of its speed (64 → 3 at 256 px: 50-57 ms on two cores, 25 GFLOP/s), and its
// backward pass slower still; the same multiplications, reordered, make one GEMM with k² times as many rows
// (about 250 GFLOP/s), and the backward pass two more.

#include <torch/torch.h>

namespace engine {

// Whether narrowConvolution serves this layer here: switched on, on the CPU, 32-bit floats, an odd square
// kernel of 3 or more to at most four output channels, and a plane larger than the padding.
bool narrowConvolutionWorthwhile(const torch::Tensor &input, const torch::Tensor &weight);

// The stride-1 convolution of `input` [N, C, H, W], padded by reflection by k / 2 pixels (ReflectionPad2d),
// by `weight` [K, C, k, k] and `bias` [K] (or undefined): [N, K, H, W], equal to LibTorch's pad and
// convolution to float rounding. The C input channels are mixed into K·k² planes, one per output channel and
// tap, by one GEMM [K·k², C] · [C, H·W]; each output pixel is then the sum of its k² planes, each read at its
// tap's offset, the edges by reflection. The image goes in strips of rows, each strip's planes under
// `stripBytes` (tests pass less to run more strips): larger blocks came from the system fresh each time (glibc
// maps those over 32 MiB unless told otherwise), and faulting in 38 MiB of planes took longer than the GEMM
// itself. When autograd wants a gradient, an autograd function whose backward pass scatters ∂L/∂output back
// onto the planes (the reflection folded back) and takes ∂L/∂input and ∂L/∂weight from them by two GEMMs, strip
// by strip.
torch::Tensor narrowConvolution(const torch::Tensor &input, const torch::Tensor &weight, const torch::Tensor &bias,
                                int64_t stripBytes = int64_t{8} << 20);

// On by default; off (bench --direct-narrow-conv) for an A/B comparison, in translation and training alike.
void setNarrowConvolution(bool on);

} // namespace engine
