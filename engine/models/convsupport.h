#pragma once
// What the convolutions that arrange their own matrices (winograd.h, narrowconv.h) share.

#include <torch/torch.h>

#include <cstdint>

namespace engine {

// Whether autograd wants a gradient from this call: on, and one of the tensors requires one.
bool wantsGradient(const torch::Tensor &input, const torch::Tensor &weight, const torch::Tensor &bias);

// oneDNN's row-major single-precision GEMM, C = alpha·op(A)·op(B) + beta·C (its C API since version 1.0).
// Debian's LibTorch links oneDNN as a shared library that exports it; LibTorch builds with oneDNN inside and
// hidden do not.
using Sgemm = int (*)(char transa, char transb, int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
                      const float *b, int64_t ldb, float beta, float *c, int64_t ldc);

// The GEMM when the LibTorch in use exports it, else null. Called inside LibTorch's parallel regions it runs on
// the calling thread; outside them on LibTorch's threads.
Sgemm onednnSgemm();

// Throws when a call's status is not success.
void checkGemm(int status);

} // namespace engine
