#pragma once
// The generator's upsampling layers, ConvTranspose2d(3, stride 2, padding 1, output padding 1), as GEMMs over
// the nine taps the kernel has, on the CPU, in translation and in training.
//
// Each output pixel (2i + a, 2j + b) is one of four phases and takes from at most four input pixels: per axis,
// phase 0 reads x[i] through tap 1; phase 1 reads x[i] through tap 2 and x[i + 1] through tap 0. Written as one
// 2 × 2 convolution with four phase kernels (convTranspose3x3s2 in networks.h), seven of its sixteen taps per
// channel pair are zeros that the convolution multiplies all the same. Here the products are grouped by the
// input shift they read, (0, 0), (0, 1), (1, 0) and (1, 1), which serve four, two, two and one phase: four
// GEMMs with 9 · Cout rows in all, 9/16 of the 2 × 2 convolution's arithmetic.
//
// The input is laid out padded by one zero column and row, all images of the batch side by side per channel
// ([Cin, N · (H + 1)(W + 1) + 1]), so that each shift is a plain offset into it: a GEMM's columns run over every
// image at once and each row of the output carries one junk column. The four phases are then interleaved into
// the output, the bias added on the way. The backward pass gathers ∂L/∂output back into the phases (the junk
// columns zeroed) and takes ∂L/∂input and ∂L/∂weight by the transposed GEMMs.

#include <torch/torch.h>

namespace engine {

// Whether phaseTransposedConvolution serves this layer here: switched on, on the CPU, 32-bit floats, a
// [Cin, Cout, 3, 3] weight, and oneDNN's GEMM exported by the LibTorch in use.
bool phaseTransposedConvolutionWorthwhile(const torch::Tensor &input, const torch::Tensor &weight);

// ConvTranspose2d(kernel 3, stride 2, padding 1, output padding 1) of `input` [N, Cin, H, W] by `weight`
// [Cin, Cout, 3, 3] and `bias` [Cout] (or undefined): [N, Cout, 2H, 2W], equal to torch::conv_transpose2d to
// float rounding. An autograd function when autograd wants a gradient.
torch::Tensor phaseTransposedConvolution(const torch::Tensor &input, const torch::Tensor &weight, const torch::Tensor &bias);

// On by default; off (bench --upsample-as-conv) for an A/B comparison with the 2 × 2 convolution, in
// translation and training alike.
void setPhaseTransposedConvolution(bool on);

} // namespace engine
