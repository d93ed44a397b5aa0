#include "models/winograd.h"

#include <ATen/Parallel.h>

#if defined(__unix__) || defined(__APPLE__)
#include <dlfcn.h>
#endif

#include <algorithm>
#include <atomic>
#include <vector>

namespace engine {

namespace {

constexpr int kTile = 6; // input tile side: 4 outputs + 2
constexpr int kOut = 4;
constexpr int kPoints = kTile * kTile;

std::atomic<bool> g_winograd{true};

// Where the method pays, measured in whole models on 2 cores. With the products as 1×1 convolutions: 32
// channels and a 64 × 64 feature map (128 px translation 0.133 s direct against 0.151 s by Winograd; 256 px
// 0.688 → 0.550 s). With the plain GEMMs: 64 channels and 32 × 32 (the 128 px model's training step 2.65 →
// 2.39 s, 256 px 14.5 → 12.5 s; the 96 px sketch model's 24 × 24 maps of 128 channels lose, 0.56 → 0.76 s,
// although one such convolution alone is faster, 0.61 ms against 0.97: the transforms' memory traffic
// costs more in a whole model than in a loop over one layer; 32 channels lose even alone), and 128 tiles
// or more: one 128 px image (64 tiles) translates about as fast either way, 0.127-0.167 s against 0.141-0.149.
constexpr int64_t kMinimumChannels = 32;
constexpr int64_t kMinimumArea = 64 * 64;
constexpr int64_t kMinimumChannelsGemm = 64;
constexpr int64_t kMinimumAreaGemm = 32 * 32;
constexpr int64_t kMinimumTilesGemm = 128;

// Bᵀ·v for a column of six: the input transform's rows.
inline void inputTransform(float v0, float v1, float v2, float v3, float v4, float v5, float out[6])
{
    out[0] = 4 * v0 - 5 * v2 + v4;
    out[1] = -4 * v1 - 4 * v2 + v3 + v4;
    out[2] = 4 * v1 - 4 * v2 - v3 + v4;
    out[3] = -2 * v1 - v2 + 2 * v3 + v4;
    out[4] = 2 * v1 - v2 - 2 * v3 + v4;
    out[5] = 4 * v1 - 5 * v3 + v5;
}

// Aᵀ·m for a column of six: the output transform's rows.
inline void outputTransform(float m0, float m1, float m2, float m3, float m4, float m5, float out[4])
{
    const float a = m1 + m2, b = m1 - m2, c = m3 + m4, d = m3 - m4;
    out[0] = m0 + a + c;
    out[1] = b + 2 * d;
    out[2] = a + 4 * c;
    out[3] = b + 8 * d + m5;
}

// B·g for a column of six: the input transform transposed, for the gradient.
inline void inputTransformTransposed(float g0, float g1, float g2, float g3, float g4, float g5, float out[6])
{
    out[0] = 4 * g0;
    out[1] = -4 * g1 + 4 * g2 - 2 * g3 + 2 * g4 + 4 * g5;
    out[2] = -5 * g0 - 4 * g1 - 4 * g2 - g3 - g4;
    out[3] = g1 - g2 + 2 * g3 - 2 * g4 - 5 * g5;
    out[4] = g0 + g1 + g2 + g3 + g4;
    out[5] = g5;
}

// A·g for a column of four: the output transform transposed, for the gradient.
inline void outputTransformTransposed(float g0, float g1, float g2, float g3, float out[6])
{
    const float a = g0 + g2, b = g1 + g3, c = g0 + 4 * g2, d = 2 * g1 + 8 * g3;
    out[0] = g0;
    out[1] = a + b;
    out[2] = a - b;
    out[3] = c + d;
    out[4] = c - d;
    out[5] = g3;
}

// The kernel transform G (6 × 3): U = G·g·Gᵀ.
constexpr float kG[6][3] = {{1.f / 4, 0, 0},
                            {-1.f / 6, -1.f / 6, -1.f / 6},
                            {-1.f / 6, 1.f / 6, -1.f / 6},
                            {1.f / 24, 1.f / 12, 1.f / 6},
                            {1.f / 24, -1.f / 12, 1.f / 6},
                            {0, 0, 1}};

// oneDNN's row-major single-precision GEMM, C = alpha·op(A)·op(B) + beta·C (its C API since version 1.0).
// Debian's LibTorch links oneDNN as a shared library that exports it; LibTorch builds with oneDNN inside
// and hidden do not, and the products then go through LibTorch's 1×1 convolution.
using Sgemm = int (*)(char transa, char transb, int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
                      const float *b, int64_t ldb, float beta, float *c, int64_t ldc);

Sgemm onednnSgemm()
{
#if defined(__unix__) || defined(__APPLE__)
    static const auto sgemm = reinterpret_cast<Sgemm>(dlsym(RTLD_DEFAULT, "dnnl_sgemm"));
    return sgemm;
#else
    return nullptr;
#endif
}

std::atomic<bool> g_directGemm{true};

inline void checkGemm(int status) { TORCH_CHECK(status == 0, "oneDNN's sgemm failed (status ", status, ")"); }

// 36 matrices [rows, cols] as one tensor [36, rows, cols] whose matrices lie rows·cols + 16 floats apart. At a
// distance of a power of two the transforms' 36 streams, one per matrix, would fall into the same cache
// sets and evict each other.
torch::Tensor pointMatrices(int64_t rows, int64_t cols, const torch::TensorOptions &options)
{
    return torch::empty_strided({kPoints, rows, cols}, {rows * cols + 16, cols, 1}, options);
}

// fn(e, r0, rows) for each of the 36 points e and each block of up to 64 of `rowCount` rows, the blocks spread
// over LibTorch's threads: one plain GEMM each, which oneDNN runs on the calling thread inside them.
template <typename Fn>
void forEachPointBlock(int64_t rowCount, const Fn &fn)
{
    constexpr int64_t kRows = 64;
    const int64_t blocks = (rowCount + kRows - 1) / kRows;
    at::parallel_for(0, kPoints * blocks, 1, [&](int64_t begin, int64_t end) {
        for (int64_t item = begin; item < end; ++item) {
            const int64_t r0 = (item % blocks) * kRows;
            fn(item / blocks, r0, std::min(kRows, rowCount - r0));
        }
    });
}

// M_e [K, tiles] = U_e [K, C] · V_e [C, tiles] for the 36 points e, as `products` [36, K, tiles].
torch::Tensor winogradProducts(const torch::Tensor &kernel, const torch::Tensor &V)
{
    const int64_t K = kernel.size(1), C = kernel.size(2), tiles = V.size(2);
    if (const Sgemm sgemm = g_directGemm ? onednnSgemm() : nullptr) {
        // The matrices stay in the transforms' own layout: no reorder into and out of a convolution's
        // blocked format, which cost two thirds of the products' time.
        auto products = pointMatrices(K, tiles, V.options());
        const float *u = kernel.data_ptr<float>(), *v = V.data_ptr<float>();
        float *out = products.data_ptr<float>();
        const int64_t us = kernel.stride(0), vs = V.stride(0), ps = products.stride(0);
        forEachPointBlock(K, [&](int64_t e, int64_t k0, int64_t rows) {
            checkGemm(sgemm('N', 'N', rows, tiles, C, 1.f, u + e * us + k0 * C, C, v + e * vs, tiles, 0.f, out + e * ps + k0 * tiles, tiles));
        });
        return products;
    }
    std::vector<torch::Tensor> products(kPoints);
    for (int e = 0; e < kPoints; ++e) {
        const auto input1x1 = V[e].view({1, C, tiles, 1}), kernel1x1 = kernel[e].view({K, C, 1, 1});
        // LibTorch sends small 1×1 convolutions of one image to its im2col + BLAS path; ask oneDNN directly.
        products[static_cast<size_t>(e)] = at::hasMKLDNN()
                                               ? at::mkldnn_convolution(input1x1, kernel1x1, c10::nullopt, {0, 0}, {1, 1}, {1, 1}, 1)
                                               : torch::conv2d(input1x1, kernel1x1);
    }
    return torch::stack(products).view({kPoints, K, tiles});
}

// How a padded input [N, C, H + 2, W + 2] falls into 6 × 6 tiles with 4 × 4 outputs each.
struct TileGrid
{
    TileGrid(int64_t n, int64_t c, int64_t k, int64_t hp, int64_t wp)
        : N(n), C(c), K(k), Hp(hp), Wp(wp), H(Hp - 2), W(Wp - 2), th((H + kOut - 1) / kOut), tw((W + kOut - 1) / kOut),
          tiles(N * th * tw), rowLength(tw * kOut + 2)
    {
    }
    TileGrid(const torch::Tensor &input, int64_t outChannels)
        : TileGrid(input.size(0), input.size(1), outChannels, input.size(2), input.size(3))
    {
    }
    int64_t N, C, K, Hp, Wp, H, W;
    int64_t th, tw, tiles;
    int64_t rowLength; // the tiles' input columns, zero beyond the input
};

// Input tiles → V [36, C, tiles].
torch::Tensor transformInput(const torch::Tensor &input, const TileGrid &g)
{
    const int64_t N = g.N, C = g.C, Hp = g.Hp, Wp = g.Wp, th = g.th, tw = g.tw, tiles = g.tiles, rowLength = g.rowLength;
    // First Bᵀ down the six rows of a tile row (whole rows at once), then Bᵀ across each tile's six columns.
    auto V = pointMatrices(C, tiles, input.options());
    const int64_t vs = V.stride(0);
    const float *x = input.data_ptr<float>();
    float *v = V.data_ptr<float>();
    at::parallel_for(0, N * C, 1, [&](int64_t begin, int64_t end) {
        std::vector<float> rows(static_cast<size_t>(6 * rowLength)), mixed(static_cast<size_t>(6 * rowLength));
        for (int64_t nc = begin; nc < end; ++nc) {
            const int64_t n = nc / C, c = nc % C;
            const float *plane = x + nc * Hp * Wp;
            for (int64_t ty = 0; ty < th; ++ty) {
                for (int j = 0; j < 6; ++j) {
                    float *row = rows.data() + j * rowLength;
                    const int64_t y = ty * kOut + j;
                    if (y < Hp) {
                        std::copy(plane + y * Wp, plane + y * Wp + std::min(Wp, rowLength), row);
                        std::fill(row + std::min(Wp, rowLength), row + rowLength, 0.f);
                    } else {
                        std::fill(row, row + rowLength, 0.f);
                    }
                }
                const float *r0 = rows.data(), *r1 = r0 + rowLength, *r2 = r1 + rowLength, *r3 = r2 + rowLength, *r4 = r3 + rowLength,
                            *r5 = r4 + rowLength;
                float *m0 = mixed.data(), *m1 = m0 + rowLength, *m2 = m1 + rowLength, *m3 = m2 + rowLength, *m4 = m3 + rowLength,
                      *m5 = m4 + rowLength;
                for (int64_t i = 0; i < rowLength; ++i) {
                    float o[6];
                    inputTransform(r0[i], r1[i], r2[i], r3[i], r4[i], r5[i], o);
                    m0[i] = o[0], m1[i] = o[1], m2[i] = o[2], m3[i] = o[3], m4[i] = o[4], m5[i] = o[5];
                }
                const int64_t t0 = (n * th + ty) * tw;
                for (int i = 0; i < 6; ++i) {
                    const float *m = mixed.data() + i * rowLength;
                    float *out[6];
                    for (int k = 0; k < 6; ++k)
                        out[k] = v + (i * 6 + k) * vs + c * tiles + t0;
                    for (int64_t tx = 0; tx < tw; ++tx) {
                        const float *d = m + tx * kOut;
                        float o[6];
                        inputTransform(d[0], d[1], d[2], d[3], d[4], d[5], o);
                        for (int k = 0; k < 6; ++k)
                            out[k][tx] = o[k];
                    }
                }
            }
        }
    });
    return V;
}

// Products M [36, K, tiles] → output tiles Aᵀ·M·A, plus the bias, cropped to [N, K, H, W].
torch::Tensor transformOutput(const torch::Tensor &products, const torch::Tensor &biasIn, const TileGrid &g)
{
    const int64_t N = g.N, K = g.K, H = g.H, W = g.W, th = g.th, tw = g.tw, tiles = g.tiles;
    std::vector<const float *> m(kPoints);
    for (int e = 0; e < kPoints; ++e)
        m[static_cast<size_t>(e)] = products.data_ptr<float>() + e * products.stride(0);
    const auto options = products.options();
    auto output = torch::empty({N, K, H, W}, options);
    const auto bias = biasIn.defined() ? biasIn.to(torch::kFloat).contiguous() : torch::Tensor();
    const float *b = bias.defined() ? bias.data_ptr<float>() : nullptr;
    float *y = output.data_ptr<float>();
    at::parallel_for(0, N * K, 1, [&](int64_t begin, int64_t end) {
        std::vector<float> across(static_cast<size_t>(6 * kOut * tw)); // [i][q][tx]
        for (int64_t nk = begin; nk < end; ++nk) {
            const int64_t n = nk / K, k = nk % K;
            const float offset = b ? b[k] : 0.f;
            float *plane = y + nk * H * W;
            for (int64_t ty = 0; ty < th; ++ty) {
                const int64_t t0 = (n * th + ty) * tw;
                for (int i = 0; i < 6; ++i) {
                    const float *in[6];
                    for (int j = 0; j < 6; ++j)
                        in[j] = m[static_cast<size_t>(i * 6 + j)] + k * tiles + t0;
                    float *q0 = across.data() + (i * kOut) * tw, *q1 = q0 + tw, *q2 = q1 + tw, *q3 = q2 + tw;
                    for (int64_t tx = 0; tx < tw; ++tx) {
                        float o[4];
                        outputTransform(in[0][tx], in[1][tx], in[2][tx], in[3][tx], in[4][tx], in[5][tx], o);
                        q0[tx] = o[0], q1[tx] = o[1], q2[tx] = o[2], q3[tx] = o[3];
                    }
                }
                for (int q = 0; q < kOut; ++q) {
                    const float *s[6];
                    for (int i = 0; i < 6; ++i)
                        s[i] = across.data() + (i * kOut + q) * tw;
                    for (int64_t tx = 0; tx < tw; ++tx) {
                        const int64_t xo = tx * kOut + q;
                        if (xo >= W)
                            break;
                        float o[4];
                        outputTransform(s[0][tx], s[1][tx], s[2][tx], s[3][tx], s[4][tx], s[5][tx], o);
                        for (int p = 0; p < kOut; ++p) {
                            const int64_t yo = ty * kOut + p;
                            if (yo < H)
                                plane[yo * W + xo] = o[p] + offset;
                        }
                    }
                }
            }
        }
    });
    return output;
}

// The output transform's gradient: ∂L/∂Y [N, K, H, W] → ∂L/∂M [36, K, tiles] = A·∂Y·Aᵀ per tile.
torch::Tensor transformOutputGrad(const torch::Tensor &gradOutputIn, const TileGrid &g)
{
    const auto gradOutput = gradOutputIn.contiguous();
    const int64_t N = g.N, K = g.K, H = g.H, W = g.W, th = g.th, tw = g.tw, tiles = g.tiles;
    auto gradM = pointMatrices(K, tiles, gradOutput.options());
    const int64_t ms = gradM.stride(0);
    const float *gy = gradOutput.data_ptr<float>();
    float *gm = gradM.data_ptr<float>();
    at::parallel_for(0, N * K, 1, [&](int64_t begin, int64_t end) {
        std::vector<float> across(static_cast<size_t>(6 * kOut * tw)); // [j][p][tx]
        for (int64_t nk = begin; nk < end; ++nk) {
            const int64_t n = nk / K, k = nk % K;
            const float *plane = gy + nk * H * W;
            for (int64_t ty = 0; ty < th; ++ty) {
                for (int p = 0; p < kOut; ++p) {
                    const int64_t y = ty * kOut + p;
                    for (int64_t tx = 0; tx < tw; ++tx) {
                        float v[kOut];
                        for (int q = 0; q < kOut; ++q) {
                            const int64_t x = tx * kOut + q;
                            v[q] = y < H && x < W ? plane[y * W + x] : 0.f;
                        }
                        float o[6];
                        outputTransformTransposed(v[0], v[1], v[2], v[3], o);
                        for (int j = 0; j < 6; ++j)
                            across[static_cast<size_t>((j * kOut + p) * tw + tx)] = o[j];
                    }
                }
                const int64_t t0 = (n * th + ty) * tw;
                for (int j = 0; j < 6; ++j) {
                    const float *a = across.data() + j * kOut * tw;
                    for (int64_t tx = 0; tx < tw; ++tx) {
                        float o[6];
                        outputTransformTransposed(a[tx], a[tw + tx], a[2 * tw + tx], a[3 * tw + tx], o);
                        for (int i = 0; i < 6; ++i)
                            gm[(i * 6 + j) * ms + k * tiles + t0 + tx] = o[i];
                    }
                }
            }
        }
    });
    return gradM;
}

// The input transform's gradient: ∂L/∂V [36, C, tiles] → ∂L/∂x [N, C, H + 2, W + 2], B·∂V·Bᵀ per tile, summed
// where neighbouring tiles overlap.
torch::Tensor transformInputGrad(const torch::Tensor &gradV, const TileGrid &g)
{
    const int64_t N = g.N, C = g.C, Hp = g.Hp, Wp = g.Wp, th = g.th, tw = g.tw, tiles = g.tiles, rowLength = g.rowLength;
    auto gradInput = torch::zeros({N, C, Hp, Wp}, gradV.options());
    const float *gv = gradV.data_ptr<float>();
    const int64_t vs = gradV.stride(0);
    float *gx = gradInput.data_ptr<float>();
    at::parallel_for(0, N * C, 1, [&](int64_t begin, int64_t end) {
        std::vector<float> mixed(static_cast<size_t>(6 * rowLength)); // [i][column]
        for (int64_t nc = begin; nc < end; ++nc) {
            const int64_t n = nc / C, c = nc % C;
            float *plane = gx + nc * Hp * Wp;
            for (int64_t ty = 0; ty < th; ++ty) {
                std::fill(mixed.begin(), mixed.end(), 0.f);
                const int64_t t0 = (n * th + ty) * tw;
                for (int i = 0; i < 6; ++i) {
                    const float *in[6];
                    for (int k = 0; k < 6; ++k)
                        in[k] = gv + (i * 6 + k) * vs + c * tiles + t0;
                    float *row = mixed.data() + i * rowLength;
                    for (int64_t tx = 0; tx < tw; ++tx) {
                        float o[6];
                        inputTransformTransposed(in[0][tx], in[1][tx], in[2][tx], in[3][tx], in[4][tx], in[5][tx], o);
                        for (int l = 0; l < 6; ++l)
                            row[tx * kOut + l] += o[l];
                    }
                }
                const float *r0 = mixed.data(), *r1 = r0 + rowLength, *r2 = r1 + rowLength, *r3 = r2 + rowLength, *r4 = r3 + rowLength,
                            *r5 = r4 + rowLength;
                for (int64_t col = 0; col < Wp; ++col) {
                    float o[6];
                    inputTransformTransposed(r0[col], r1[col], r2[col], r3[col], r4[col], r5[col], o);
                    for (int j = 0; j < 6; ++j) {
                        const int64_t y = ty * kOut + j;
                        if (y < Hp)
                            plane[y * Wp + col] += o[j];
                    }
                }
            }
        }
    });
    return gradInput;
}

// The kernel transform's gradient: ∂L/∂U [36, K, C] → ∂L/∂w [K, C, 3, 3] = Gᵀ·∂U·G.
torch::Tensor kernelTransformGrad(const torch::Tensor &gradU)
{
    const int64_t K = gradU.size(1), C = gradU.size(2);
    auto gradWeight = torch::empty({K, C, 3, 3}, gradU.options());
    const float *gu = gradU.data_ptr<float>();
    const int64_t us = gradU.stride(0);
    float *gw = gradWeight.data_ptr<float>();
    at::parallel_for(0, K * C, 256, [&](int64_t begin, int64_t end) {
        for (int64_t kc = begin; kc < end; ++kc) {
            float t[6][3]; // ∂U·G
            for (int i = 0; i < 6; ++i)
                for (int b = 0; b < 3; ++b) {
                    float sum = 0;
                    for (int j = 0; j < 6; ++j)
                        sum += gu[(i * 6 + j) * us + kc] * kG[j][b];
                    t[i][b] = sum;
                }
            for (int a = 0; a < 3; ++a)
                for (int b = 0; b < 3; ++b) {
                    float sum = 0;
                    for (int i = 0; i < 6; ++i)
                        sum += kG[i][a] * t[i][b];
                    gw[kc * 9 + a * 3 + b] = sum;
                }
        }
    });
    return gradWeight;
}

// Training: the convolution as an autograd function whose backward pass runs in Winograd's domain too. The
// forward pass keeps V; the backward pass turns ∂L/∂Y into ∂L/∂M and then, by 36 GEMMs each, into ∂L/∂U
// (∂M·Vᵀ, then the weight's gradient through G) and ∂L/∂V (Uᵀ·∂M, then the padded input's through B).
class WinogradConvolution : public torch::autograd::Function<WinogradConvolution>
{
public:
    static torch::Tensor forward(torch::autograd::AutogradContext *ctx, const torch::Tensor &inputIn, const torch::Tensor &weight,
                                 const torch::Tensor &bias, const torch::Tensor &kernel)
    {
        const auto input = inputIn.contiguous();
        const TileGrid grid(input, weight.size(0));
        auto V = transformInput(input, grid);
        auto output = transformOutput(winogradProducts(kernel, V), bias, grid);
        ctx->save_for_backward({V, kernel});
        ctx->saved_data["hp"] = grid.Hp;
        ctx->saved_data["wp"] = grid.Wp;
        return output;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx, torch::autograd::variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const auto &V = saved[0], &U = saved[1];
        const auto gradOutput = grads[0].to(torch::kFloat).contiguous();
        const TileGrid g(gradOutput.size(0), V.size(1), gradOutput.size(1), ctx->saved_data["hp"].toInt(), ctx->saved_data["wp"].toInt());
        const Sgemm sgemm = onednnSgemm();
        const auto gradM = transformOutputGrad(gradOutput, g);
        const float *gm = gradM.data_ptr<float>();
        const int64_t K = g.K, C = g.C, tiles = g.tiles, ms = gradM.stride(0), us = U.stride(0), vs = V.stride(0);
        torch::Tensor gradInput, gradWeight, gradBias;
        if (ctx->needs_input_grad(0)) {
            auto gradV = pointMatrices(C, tiles, gradM.options());
            const float *u = U.data_ptr<float>();
            float *gv = gradV.data_ptr<float>();
            const int64_t gvs = gradV.stride(0);
            forEachPointBlock(C, [&](int64_t e, int64_t c0, int64_t rows) { // ∂V_e = U_eᵀ · ∂M_e
                checkGemm(sgemm('T', 'N', rows, tiles, K, 1.f, u + e * us + c0, C, gm + e * ms, tiles, 0.f, gv + e * gvs + c0 * tiles, tiles));
            });
            gradInput = transformInputGrad(gradV, g);
        }
        if (ctx->needs_input_grad(1)) {
            auto gradU = pointMatrices(K, C, gradM.options());
            const float *v = V.data_ptr<float>();
            float *gu = gradU.data_ptr<float>();
            const int64_t gus = gradU.stride(0);
            forEachPointBlock(K, [&](int64_t e, int64_t k0, int64_t rows) { // ∂U_e = ∂M_e · V_eᵀ
                checkGemm(sgemm('N', 'T', rows, C, tiles, 1.f, gm + e * ms + k0 * tiles, tiles, v + e * vs, tiles, 0.f, gu + e * gus + k0 * C, C));
            });
            gradWeight = kernelTransformGrad(gradU);
        }
        if (ctx->needs_input_grad(2))
            gradBias = gradOutput.sum({0, 2, 3});
        return {gradInput, gradWeight, gradBias, torch::Tensor()};
    }
};

} // namespace

void setWinogradDirectGemm(bool on) { g_directGemm = on; }

bool winogradDirectGemmAvailable() { return onednnSgemm() != nullptr; }

void setWinogradConvolution(bool on) { g_winograd = on; }

bool winogradWorthwhile(const torch::Tensor &input, const torch::Tensor &weight, const torch::Tensor &bias)
{
    if (!g_winograd || !input.is_cpu() || input.scalar_type() != torch::kFloat || weight.scalar_type() != torch::kFloat || input.dim() != 4 ||
        weight.size(2) != 3 || weight.size(3) != 3)
        return false;
    const bool gemm = g_directGemm && onednnSgemm();
    const int64_t minimumChannels = gemm ? kMinimumChannelsGemm : kMinimumChannels;
    if (weight.size(0) < minimumChannels || weight.size(1) < minimumChannels ||
        input.size(2) * input.size(3) < (gemm ? kMinimumAreaGemm : kMinimumArea))
        return false;
    const int64_t tiles = input.size(0) * ((input.size(2) + kOut - 1) / kOut) * ((input.size(3) + kOut - 1) / kOut);
    if (gemm && tiles < kMinimumTilesGemm)
        return false;
    const bool gradient = torch::GradMode::is_enabled() && (input.requires_grad() || weight.requires_grad() || (bias.defined() && bias.requires_grad()));
    return !gradient || gemm; // the backward pass needs the plain GEMMs
}

torch::Tensor winogradKernel(const torch::Tensor &weight)
{
    const auto w = weight.detach().to(torch::kFloat).contiguous();
    const int64_t K = w.size(0), C = w.size(1);
    auto kernel = pointMatrices(K, C, w.options());
    const int64_t ks = kernel.stride(0);
    const float *src = w.data_ptr<float>();
    float *dst = kernel.data_ptr<float>();
    const auto &G = kG;
    at::parallel_for(0, K * C, 256, [&](int64_t begin, int64_t end) {
        for (int64_t kc = begin; kc < end; ++kc) {
            const float *g = src + kc * 9;
            float t[6][3]; // G·g
            for (int i = 0; i < 6; ++i)
                for (int j = 0; j < 3; ++j)
                    t[i][j] = G[i][0] * g[j] + G[i][1] * g[3 + j] + G[i][2] * g[6 + j];
            for (int i = 0; i < 6; ++i)
                for (int k = 0; k < 6; ++k)
                    dst[(i * 6 + k) * ks + kc] = t[i][0] * G[k][0] + t[i][1] * G[k][1] + t[i][2] * G[k][2];
        }
    });
    return kernel;
}

torch::Tensor winogradConv3x3(const torch::Tensor &inputIn, const torch::Tensor &kernel, const torch::Tensor &bias)
{
    const auto input = inputIn.contiguous();
    const TileGrid grid(input, kernel.size(1));
    TORCH_CHECK(kernel.size(0) == kPoints && kernel.size(2) == grid.C && grid.H > 0 && grid.W > 0, "winogradConv3x3: shapes do not match");
    return transformOutput(winogradProducts(kernel, transformInput(input, grid)), bias, grid);
}

torch::Tensor winogradConvolution(const torch::Tensor &input, const torch::Tensor &weight, const torch::Tensor &bias,
                                  WinogradKernelCache &cache)
{
    const auto kernel = cache.kernelFor(weight);
    const bool gradient = torch::GradMode::is_enabled() && (input.requires_grad() || weight.requires_grad() || (bias.defined() && bias.requires_grad()));
    if (!gradient)
        return winogradConv3x3(input, kernel, bias);
    TORCH_CHECK(onednnSgemm(), "winogradConvolution: training needs oneDNN's sgemm");
    // An autograd function's inputs are defined tensors: no bias is a zero one that wants no gradient.
    return WinogradConvolution::apply(input, weight, bias.defined() ? bias : torch::zeros({weight.size(0)}, weight.options().requires_grad(false)),
                                      kernel);
}

torch::Tensor WinogradKernelCache::kernelFor(const torch::Tensor &weight)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    const void *data = weight.data_ptr();
    const auto version = static_cast<std::uint32_t>(weight._version());
    if (!m_kernel.defined() || data != m_data || version != m_version) {
        m_kernel = winogradKernel(weight);
        m_data = data;
        m_version = version;
    }
    return m_kernel;
}

} // namespace engine
