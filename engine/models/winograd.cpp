#include "models/winograd.h"

#include "core/parallel.h"
#include "models/convsupport.h"

#include <ATen/record_function.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <vector>

namespace engine {

namespace {

constexpr int kTile = 6; // input tile side: 4 outputs + 2
constexpr int kOut = 4;
constexpr int kPoints = kTile * kTile;

std::atomic<bool> g_winograd{true};

// Where the method pays, measured on 2 cores. With the products as 1×1 convolutions: 32 channels and a
// 64 × 64 feature map (128 px translation 0.133 s direct against 0.151 s by Winograd; 256 px 0.688 →
// 0.550 s). With the plain GEMMs and the transforms in vectors: from 64 channels and a 16 × 16 map, whatever
// the batch. One convolution forward and backward, fastest of 20 on a Zen 3 AMD EPYC: 128 channels at
// 24 × 24 (the sketch model's blocks) 2.4-3.0 ms against 3.9-4.4 for one image, 7.2-9.7 against 11.7-12.7
// for three; 64 channels at 16 × 16 0.78 against 1.25; 256 at 16 × 16 6.6-7.6 against 7.7-8.2. Below
// 16 × 16 the kernel's transforms, a fixed cost per layer, outweigh the few tiles (256 channels at 8 × 8:
// 7.1 ms against 3.5). An earlier rule, from before the transforms ran in vectors, had kept the sketch
// model's blocks on the direct path.
constexpr int64_t kMinimumChannels = 32;
constexpr int64_t kMinimumArea = 64 * 64;
constexpr int64_t kMinimumChannelsGemm = 64;
constexpr int64_t kMinimumAreaGemm = 16 * 16;

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

// The kernel transform as one matrix T [36, 9]: U_e = Σ T[e][3a + b]·w[a][b], T[6i + j][3a + b] = G[i][a]·G[j][b].
const float *kernelTransformMatrix()
{
    static const auto matrix = [] {
        std::array<float, kPoints * 9> t{};
        for (int i = 0; i < 6; ++i)
            for (int j = 0; j < 6; ++j)
                for (int a = 0; a < 3; ++a)
                    for (int b = 0; b < 3; ++b)
                        t[static_cast<size_t>((i * 6 + j) * 9 + a * 3 + b)] = kG[i][a] * kG[j][b];
        return t;
    }();
    return matrix.data();
}

std::atomic<bool> g_directGemm{true};
std::atomic<bool> g_foldedPadding{true};

// The plain GEMMs when at hand and switched on, else null.
Sgemm directGemm() { return g_directGemm ? onednnSgemm() : nullptr; }

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
    parallelFor(0, kPoints * blocks, 1, [&](int64_t begin, int64_t end) {
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
    if (const Sgemm sgemm = directGemm()) {
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

// How a padded input [N, C, H + 2, W + 2] falls into 6 × 6 tiles with 4 × 4 outputs each. With `reflect` the
// input in memory is [N, C, H, W], read as if padded by one pixel of reflection.
struct TileGrid
{
    TileGrid(int64_t n, int64_t c, int64_t k, int64_t hp, int64_t wp, bool reflected)
        : N(n), C(c), K(k), Hp(hp), Wp(wp), H(Hp - 2), W(Wp - 2), reflect(reflected), th((H + kOut - 1) / kOut),
          tw((W + kOut - 1) / kOut), tiles(N * th * tw), tw1(tw + 1), phaseRow(kOut * tw1), paddedRows(th * kOut + 2)
    {
    }
    TileGrid(const torch::Tensor &input, int64_t outChannels, bool reflected)
        : TileGrid(input.size(0), input.size(1), outChannels, input.size(2) + (reflected ? 2 : 0), input.size(3) + (reflected ? 2 : 0),
                   reflected)
    {
        TORCH_CHECK(!reflect || reflectable(H, W), "Winograd: reflection padding needs 2 × 2 pixels or more");
    }
    // Reflection by one pixel needs a neighbour to mirror on each axis.
    static bool reflectable(int64_t height, int64_t width) { return height >= 2 && width >= 2; }
    // The input's shape in memory, and its plane's size.
    std::vector<int64_t> inputShape() const { return reflect ? std::vector<int64_t>{N, C, H, W} : std::vector<int64_t>{N, C, Hp, Wp}; }
    int64_t planeSize() const { return reflect ? H * W : Hp * Wp; }
    int64_t N, C, K, Hp, Wp, H, W;
    bool reflect;
    int64_t th, tw, tiles;
    // The padded input's rows split into column phases (see below): tw + 1 columns a phase, as many rows as
    // the tiles cover, zero beyond the input.
    int64_t tw1, phaseRow, paddedRows;
};

// The transforms below run on whole rows at once, each row of a plane split into its four column phases
// (x = 4t + q at [q][t]), so that every loop reads and writes contiguous memory and the compiler vectorises
// it; a tile's six columns are then phases 0-3 at t and phases 0-1 at t + 1.

// Each transform's loop over planes is built three times: for the x86-64 baseline (16-byte vectors), for
// AVX2 with FMA (32 bytes) and for AVX-512 (64 bytes), the row helpers below inlined into each (`flatten`);
// forEachPlane runs the widest the processor has, or the baseline while setWinogradWideVectors is off.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define CYCLESTUDIO_WIDE_VECTORS 1
#endif

enum class VectorSet { Baseline, Avx2, Avx512 };

std::atomic<bool> g_wideVectors{true};

VectorSet widestVectors()
{
#ifdef CYCLESTUDIO_WIDE_VECTORS
    static const VectorSet widest = [] {
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
            __builtin_cpu_supports("avx512dq"))
            return VectorSet::Avx512;
        if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
            return VectorSet::Avx2;
        return VectorSet::Baseline;
    }();
    return widest;
#else
    return VectorSet::Baseline;
#endif
}

VectorSet vectorsInUse() { return g_wideVectors ? widestVectors() : VectorSet::Baseline; }

template <typename Job>
using PlaneLoop = void (*)(const Job &, int64_t begin, int64_t end);

template <typename Job>
struct PlaneLoops
{
    PlaneLoop<Job> baseline, avx2, avx512;
};

#ifdef CYCLESTUDIO_WIDE_VECTORS
#define WINOGRAD_PLANE_LOOPS(Job, body)                                                                                                      \
    __attribute__((flatten)) void body##Baseline(const Job &j, int64_t b, int64_t e) { body(j, b, e); }                                    \
    __attribute__((target("avx2,fma"), flatten)) void body##Avx2(const Job &j, int64_t b, int64_t e) { body(j, b, e); }                     \
    __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma"), flatten)) void body##Avx512(const Job &j, int64_t b, int64_t e)  \
    {                                                                                                                                        \
        body(j, b, e);                                                                                                                       \
    }                                                                                                                                        \
    constexpr PlaneLoops<Job> body##Loops{body##Baseline, body##Avx2, body##Avx512};
#else
#define WINOGRAD_PLANE_LOOPS(Job, body)                                                                                                      \
    void body##Baseline(const Job &j, int64_t b, int64_t e) { body(j, b, e); }                                                             \
    constexpr PlaneLoops<Job> body##Loops{body##Baseline, body##Baseline, body##Baseline};
#endif

// job's loop over `planes` planes, spread over LibTorch's threads, in the vector set in use.
template <typename Job>
void forEachPlane(int64_t planes, const Job &job, const PlaneLoops<Job> &loops)
{
    const VectorSet set = vectorsInUse();
    const PlaneLoop<Job> loop = set == VectorSet::Avx512 ? loops.avx512 : set == VectorSet::Avx2 ? loops.avx2 : loops.baseline;
    parallelFor(0, planes, 1, [&](int64_t begin, int64_t end) { loop(job, begin, end); });
}

// A thread's scratch row buffer of n floats (never negative: tile counts come from positive sizes).
inline std::vector<float> scratch(int64_t n) { return std::vector<float>(static_cast<size_t>(std::max<int64_t>(n, 0))); }

// A six-point column transform (Bᵀ, or B for the gradient) over six rows, element by element, into six rows.
template <void (*Transform)(float, float, float, float, float, float, float[6])>
inline void sixRows(const float *__restrict v0, const float *__restrict v1, const float *__restrict v2, const float *__restrict v3,
                    const float *__restrict v4, const float *__restrict v5, float *__restrict o0, float *__restrict o1,
                    float *__restrict o2, float *__restrict o3, float *__restrict o4, float *__restrict o5, int64_t n)
{
    for (int64_t x = 0; x < n; ++x) {
        float o[6];
        Transform(v0[x], v1[x], v2[x], v3[x], v4[x], v5[x], o);
        o0[x] = o[0], o1[x] = o[1], o2[x] = o[2], o3[x] = o[3], o4[x] = o[4], o5[x] = o[5];
    }
}
constexpr auto inputTransformRows = sixRows<inputTransform>;
constexpr auto inputTransformTransposedRows = sixRows<inputTransformTransposed>;

// Aᵀ over six rows into four rows.
inline void outputTransformRows(const float *__restrict m0, const float *__restrict m1, const float *__restrict m2,
                                const float *__restrict m3, const float *__restrict m4, const float *__restrict m5,
                                float *__restrict o0, float *__restrict o1, float *__restrict o2, float *__restrict o3, int64_t n)
{
    for (int64_t x = 0; x < n; ++x) {
        float o[4];
        outputTransform(m0[x], m1[x], m2[x], m3[x], m4[x], m5[x], o);
        o0[x] = o[0], o1[x] = o[1], o2[x] = o[2], o3[x] = o[3];
    }
}

// A over four rows into six rows (the output transform's gradient).
inline void outputTransformTransposedRows(const float *__restrict g0, const float *__restrict g1, const float *__restrict g2,
                                          const float *__restrict g3, float *__restrict o0, float *__restrict o1,
                                          float *__restrict o2, float *__restrict o3, float *__restrict o4, float *__restrict o5,
                                          int64_t n)
{
    for (int64_t x = 0; x < n; ++x) {
        float o[6];
        outputTransformTransposed(g0[x], g1[x], g2[x], g3[x], o);
        o0[x] = o[0], o1[x] = o[1], o2[x] = o[2], o3[x] = o[3], o4[x] = o[4], o5[x] = o[5];
    }
}

// A row (or zeros where `row` is null) into its four column phases of `phaseLength` each, zero from `width`.
inline void splitPhases(const float *row, int64_t width, int64_t phaseLength, float *out)
{
    for (int q = 0; q < kOut; ++q) {
        float *phase = out + q * phaseLength;
        const int64_t valid = row && width > q ? std::min(phaseLength, (width - q + kOut - 1) / kOut) : 0;
        for (int64_t t = 0; t < valid; ++t)
            phase[t] = row[t * kOut + q];
        std::fill(phase + valid, phase + phaseLength, 0.f);
    }
}

// Four column phases of `phaseLength` each back into a row of `width`, plus `offset`.
inline void mergePhases(const float *phases, int64_t phaseLength, int64_t width, float offset, float *row)
{
    for (int q = 0; q < kOut; ++q) {
        const float *phase = phases + q * phaseLength;
        const int64_t valid = width > q ? std::min(phaseLength, (width - q + kOut - 1) / kOut) : 0;
        for (int64_t t = 0; t < valid; ++t)
            row[t * kOut + q] = phase[t] + offset;
    }
}

// Row y of an H × W plane padded by one pixel of reflection, into `out` [W + 2] (H and W at least 2).
inline void reflectedRow(const float *plane, int64_t H, int64_t W, int64_t y, float *out)
{
    const float *row = plane + (y == 0 ? 1 : y == H + 1 ? H - 2 : y - 1) * W;
    out[0] = row[1];
    std::copy(row, row + W, out + 1);
    out[W + 1] = row[W - 2];
}

// The gradient of a reflection-padded row `padded` [W + 2] onto its plane row `row` [W]: written, or added
// where the row already holds another padded row's.
inline void foldReflectedRow(const float *padded, int64_t W, bool add, float *row)
{
    if (add)
        for (int64_t x = 0; x < W; ++x)
            row[x] += padded[x + 1];
    else
        std::copy(padded + 1, padded + W + 1, row);
    row[1] += padded[0];
    row[W - 2] += padded[W + 1];
}

// Input tiles → V [36, C, tiles]: Bᵀ down the six rows of a tile row, then across each tile's six columns.
struct InputJob
{
    const TileGrid &g;
    const float *x; // the padded input
    float *v;
    int64_t vs;
};

inline void inputPlanes(const InputJob &j, int64_t begin, int64_t end)
{
    const TileGrid &g = j.g;
    const int64_t C = g.C, Hp = g.Hp, Wp = g.Wp, th = g.th, tw = g.tw, tiles = g.tiles;
    const int64_t tw1 = g.tw1, rowSize = g.phaseRow, rows = g.paddedRows, vs = j.vs;
    auto split = scratch(rows * rowSize), mixed = scratch(6 * rowSize), padded = scratch(g.reflect ? Wp : 0);
    for (int64_t nc = begin; nc < end; ++nc) {
        const int64_t n = nc / C, c = nc % C;
        const float *plane = j.x + nc * g.planeSize();
        for (int64_t y = 0; y < rows; ++y) {
            const float *row = nullptr;
            if (y < Hp && g.reflect) {
                reflectedRow(plane, g.H, g.W, y, padded.data());
                row = padded.data();
            } else if (y < Hp) {
                row = plane + y * Wp;
            }
            splitPhases(row, Wp, tw1, split.data() + y * rowSize);
        }
        for (int64_t ty = 0; ty < th; ++ty) {
            const float *r = split.data() + ty * kOut * rowSize;
            float *m = mixed.data();
            inputTransformRows(r, r + rowSize, r + 2 * rowSize, r + 3 * rowSize, r + 4 * rowSize, r + 5 * rowSize, m, m + rowSize,
                               m + 2 * rowSize, m + 3 * rowSize, m + 4 * rowSize, m + 5 * rowSize, rowSize);
            const int64_t t0 = (n * th + ty) * tw;
            for (int i = 0; i < 6; ++i) {
                const float *p = m + i * rowSize;
                float *o = j.v + i * 6 * vs + c * tiles + t0;
                inputTransformRows(p, p + tw1, p + 2 * tw1, p + 3 * tw1, p + 1, p + tw1 + 1, o, o + vs, o + 2 * vs, o + 3 * vs, o + 4 * vs,
                                   o + 5 * vs, tw);
            }
        }
    }
}
WINOGRAD_PLANE_LOOPS(InputJob, inputPlanes)

torch::Tensor transformInput(const torch::Tensor &input, const TileGrid &g)
{
    auto V = pointMatrices(g.C, g.tiles, input.options());
    forEachPlane(g.N * g.C, InputJob{g, input.data_ptr<float>(), V.data_ptr<float>(), V.stride(0)}, inputPlanesLoops);
    return V;
}

// Products M [36, K, tiles] → output tiles Aᵀ·M·A, plus the bias, cropped to [N, K, H, W].
struct OutputJob
{
    const TileGrid &g;
    const float *m; // the products
    int64_t ms;
    const float *bias; // or null
    float *y;
};

inline void outputPlanes(const OutputJob &j, int64_t begin, int64_t end)
{
    const TileGrid &g = j.g;
    const int64_t K = g.K, H = g.H, W = g.W, th = g.th, tw = g.tw, tiles = g.tiles, tw4 = kOut * tw, ms = j.ms;
    auto across = scratch(6 * tw4), rowsOut = scratch(kOut * tw4); // [i][q][tx], [p][q][tx]
    for (int64_t nk = begin; nk < end; ++nk) {
        const int64_t n = nk / K, k = nk % K;
        const float offset = j.bias ? j.bias[k] : 0.f;
        float *plane = j.y + nk * H * W;
        for (int64_t ty = 0; ty < th; ++ty) {
            const int64_t t0 = (n * th + ty) * tw;
            for (int i = 0; i < 6; ++i) {
                const float *in = j.m + i * 6 * ms + k * tiles + t0;
                float *a = across.data() + i * tw4;
                outputTransformRows(in, in + ms, in + 2 * ms, in + 3 * ms, in + 4 * ms, in + 5 * ms, a, a + tw, a + 2 * tw, a + 3 * tw, tw);
            }
            const float *a = across.data();
            float *o = rowsOut.data();
            outputTransformRows(a, a + tw4, a + 2 * tw4, a + 3 * tw4, a + 4 * tw4, a + 5 * tw4, o, o + tw4, o + 2 * tw4, o + 3 * tw4, tw4);
            for (int p = 0; p < kOut && ty * kOut + p < H; ++p)
                mergePhases(o + p * tw4, tw, W, offset, plane + (ty * kOut + p) * W);
        }
    }
}
WINOGRAD_PLANE_LOOPS(OutputJob, outputPlanes)

torch::Tensor transformOutput(const torch::Tensor &products, const torch::Tensor &biasIn, const TileGrid &g)
{
    auto output = torch::empty({g.N, g.K, g.H, g.W}, products.options());
    const auto bias = biasIn.defined() ? biasIn.to(torch::kFloat).contiguous() : torch::Tensor();
    forEachPlane(g.N * g.K,
                 OutputJob{g, products.data_ptr<float>(), products.stride(0), bias.defined() ? bias.data_ptr<float>() : nullptr,
                           output.data_ptr<float>()},
                 outputPlanesLoops);
    return output;
}

// The output transform's gradient: ∂L/∂Y [N, K, H, W] → ∂L/∂M [36, K, tiles] = A·∂Y·Aᵀ per tile.
struct OutputGradJob
{
    const TileGrid &g;
    const float *gy;
    float *gm;
    int64_t ms;
};

inline void outputGradPlanes(const OutputGradJob &j, int64_t begin, int64_t end)
{
    const TileGrid &g = j.g;
    const int64_t K = g.K, H = g.H, W = g.W, th = g.th, tw = g.tw, tiles = g.tiles, tw4 = kOut * tw, ms = j.ms;
    auto split = scratch(th * kOut * tw4), mixed = scratch(6 * tw4);
    for (int64_t nk = begin; nk < end; ++nk) {
        const int64_t n = nk / K, k = nk % K;
        const float *plane = j.gy + nk * H * W;
        for (int64_t y = 0; y < th * kOut; ++y)
            splitPhases(y < H ? plane + y * W : nullptr, W, tw, split.data() + y * tw4);
        for (int64_t ty = 0; ty < th; ++ty) {
            const float *r = split.data() + ty * kOut * tw4;
            float *m = mixed.data();
            outputTransformTransposedRows(r, r + tw4, r + 2 * tw4, r + 3 * tw4, m, m + tw4, m + 2 * tw4, m + 3 * tw4, m + 4 * tw4, m + 5 * tw4,
                                          tw4);
            const int64_t t0 = (n * th + ty) * tw;
            for (int i = 0; i < 6; ++i) {
                const float *p = m + i * tw4;
                float *o = j.gm + i * 6 * ms + k * tiles + t0;
                outputTransformTransposedRows(p, p + tw, p + 2 * tw, p + 3 * tw, o, o + ms, o + 2 * ms, o + 3 * ms, o + 4 * ms, o + 5 * ms, tw);
            }
        }
    }
}
WINOGRAD_PLANE_LOOPS(OutputGradJob, outputGradPlanes)

torch::Tensor transformOutputGrad(const torch::Tensor &gradOutputIn, const TileGrid &g)
{
    const auto gradOutput = gradOutputIn.contiguous();
    auto gradM = pointMatrices(g.K, g.tiles, gradOutput.options());
    forEachPlane(g.N * g.K, OutputGradJob{g, gradOutput.data_ptr<float>(), gradM.data_ptr<float>(), gradM.stride(0)},
                 outputGradPlanesLoops);
    return gradM;
}

// The input transform's gradient: ∂L/∂V [36, C, tiles] → ∂L/∂x [N, C, H + 2, W + 2], B·∂V·Bᵀ per tile, summed
// where neighbouring tiles overlap.
struct InputGradJob
{
    const TileGrid &g;
    const float *gv;
    int64_t vs;
    float *gx;
};

inline void inputGradPlanes(const InputGradJob &j, int64_t begin, int64_t end)
{
    const TileGrid &g = j.g;
    const int64_t C = g.C, Hp = g.Hp, Wp = g.Wp, th = g.th, tw = g.tw, tiles = g.tiles;
    const int64_t tw1 = g.tw1, rowSize = g.phaseRow, rows = g.paddedRows, vs = j.vs;
    auto sum = scratch(rows * rowSize), mixed = scratch(6 * rowSize), columns = scratch(6 * tw), down = scratch(6 * rowSize);
    auto padded = scratch(g.reflect ? Wp : 0);
    for (int64_t nc = begin; nc < end; ++nc) {
        const int64_t n = nc / C, c = nc % C;
        std::fill(sum.begin(), sum.end(), 0.f);
        for (int64_t ty = 0; ty < th; ++ty) {
            const int64_t t0 = (n * th + ty) * tw;
            for (int i = 0; i < 6; ++i) {
                const float *in = j.gv + i * 6 * vs + c * tiles + t0;
                float *l = columns.data(); // the tiles' six columns [l][tx]
                inputTransformTransposedRows(in, in + vs, in + 2 * vs, in + 3 * vs, in + 4 * vs, in + 5 * vs, l, l + tw, l + 2 * tw, l + 3 * tw,
                                             l + 4 * tw, l + 5 * tw, tw);
                float *p = mixed.data() + i * rowSize; // column 4·tx + l: phase l at tx (l < 4), phase l - 4 at tx + 1
                for (int q = 0; q < kOut; ++q) {
                    std::copy(l + q * tw, l + (q + 1) * tw, p + q * tw1);
                    p[q * tw1 + tw] = 0.f;
                }
                for (int64_t tx = 0; tx < tw; ++tx) {
                    p[tx + 1] += l[4 * tw + tx];
                    p[tw1 + tx + 1] += l[5 * tw + tx];
                }
            }
            const float *m = mixed.data();
            float *d = down.data();
            inputTransformTransposedRows(m, m + rowSize, m + 2 * rowSize, m + 3 * rowSize, m + 4 * rowSize, m + 5 * rowSize, d, d + rowSize,
                                         d + 2 * rowSize, d + 3 * rowSize, d + 4 * rowSize, d + 5 * rowSize, rowSize);
            float *target = sum.data() + ty * kOut * rowSize; // six rows from 4·ty, the first two shared with the tile row above
            for (int64_t e = 0; e < 6 * rowSize; ++e)
                target[e] += d[e];
        }
        float *plane = j.gx + nc * g.planeSize();
        if (!g.reflect) {
            for (int64_t y = 0; y < Hp; ++y)
                mergePhases(sum.data() + y * rowSize, tw1, Wp, 0.f, plane + y * Wp);
            continue;
        }
        const int64_t H = g.H, W = g.W;
        for (int64_t y = 1; y <= H; ++y) { // the plane's own rows, then the two padding rows onto rows 1 and H - 2
            mergePhases(sum.data() + y * rowSize, tw1, Wp, 0.f, padded.data());
            foldReflectedRow(padded.data(), W, false, plane + (y - 1) * W);
        }
        for (const int64_t y : {int64_t{0}, H + 1}) {
            mergePhases(sum.data() + y * rowSize, tw1, Wp, 0.f, padded.data());
            foldReflectedRow(padded.data(), W, true, plane + (y == 0 ? 1 : H - 2) * W);
        }
    }
}
WINOGRAD_PLANE_LOOPS(InputGradJob, inputGradPlanes)

torch::Tensor transformInputGrad(const torch::Tensor &gradV, const TileGrid &g)
{
    auto gradInput = torch::empty(g.inputShape(), gradV.options());
    forEachPlane(g.N * g.C, InputGradJob{g, gradV.data_ptr<float>(), gradV.stride(0), gradInput.data_ptr<float>()}, inputGradPlanesLoops);
    return gradInput;
}

// The kernel transform's gradient: ∂L/∂U [36, K, C] → ∂L/∂w [K, C, 3, 3] = Gᵀ·∂U·G, as one GEMM with the
// transform's matrix.
torch::Tensor kernelTransformGrad(Sgemm sgemm, const torch::Tensor &gradU)
{
    const int64_t K = gradU.size(1), C = gradU.size(2), us = gradU.stride(0);
    auto gradWeight = torch::empty({K, C, 3, 3}, gradU.options());
    const float *gu = gradU.data_ptr<float>(), *t = kernelTransformMatrix();
    float *gw = gradWeight.data_ptr<float>();
    parallelFor(0, K * C, 1024, [&](int64_t begin, int64_t end) { // ∂w [K·C, 9] = ∂Uᵀ [K·C, 36] · T [36, 9]
        checkGemm(sgemm('T', 'N', end - begin, 9, kPoints, 1.f, gu + begin, us, t, 9, 0.f, gw + begin * 9, 9));
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
                                 const torch::Tensor &bias, const torch::Tensor &kernel, bool reflect)
    {
        const auto input = inputIn.contiguous();
        const TileGrid grid(input, weight.size(0), reflect);
        auto V = transformInput(input, grid);
        auto output = transformOutput(winogradProducts(kernel, V), bias, grid);
        ctx->save_for_backward({V, kernel});
        ctx->saved_data["hp"] = grid.Hp;
        ctx->saved_data["wp"] = grid.Wp;
        ctx->saved_data["reflect"] = reflect;
        return output;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx, torch::autograd::variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const auto &V = saved[0], &U = saved[1];
        const auto gradOutput = grads[0].to(torch::kFloat).contiguous();
        const TileGrid g(gradOutput.size(0), V.size(1), gradOutput.size(1), ctx->saved_data["hp"].toInt(), ctx->saved_data["wp"].toInt(),
                         ctx->saved_data["reflect"].toBool());
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
            gradWeight = kernelTransformGrad(sgemm, gradU);
        }
        if (ctx->needs_input_grad(2))
            gradBias = gradOutput.sum({0, 2, 3});
        return {gradInput, gradWeight, gradBias, torch::Tensor(), torch::Tensor()};
    }
};

} // namespace

void setWinogradDirectGemm(bool on) { g_directGemm = on; }

bool winogradDirectGemmAvailable() { return onednnSgemm() != nullptr; }

void setWinogradConvolution(bool on) { g_winograd = on; }

void setWinogradWideVectors(bool on) { g_wideVectors = on; }

void setWinogradFoldedPadding(bool on) { g_foldedPadding = on; }

bool winogradFoldsPadding(const torch::Tensor &input) { return g_foldedPadding && TileGrid::reflectable(input.size(2), input.size(3)); }

const char *winogradVectorSet()
{
    switch (vectorsInUse()) {
    case VectorSet::Avx512: return "AVX-512";
    case VectorSet::Avx2: return "AVX2";
    case VectorSet::Baseline: break;
    }
    return "baseline";
}

bool winogradWorthwhile(const torch::Tensor &input, const torch::Tensor &weight, const torch::Tensor &bias)
{
    if (!g_winograd || !input.is_cpu() || input.scalar_type() != torch::kFloat || weight.scalar_type() != torch::kFloat || input.dim() != 4 ||
        weight.size(2) != 3 || weight.size(3) != 3)
        return false;
    const bool gemm = directGemm() != nullptr;
    const int64_t minimumChannels = gemm ? kMinimumChannelsGemm : kMinimumChannels;
    if (weight.size(0) < minimumChannels || weight.size(1) < minimumChannels ||
        input.size(2) * input.size(3) < (gemm ? kMinimumAreaGemm : kMinimumArea))
        return false;
    return !wantsGradient(input, weight, bias) || gemm; // the backward pass needs the plain GEMMs
}

torch::Tensor winogradKernel(const torch::Tensor &weight)
{
    const auto w = weight.detach().to(torch::kFloat).contiguous();
    const int64_t K = w.size(0), C = w.size(1);
    auto kernel = pointMatrices(K, C, w.options());
    const int64_t ks = kernel.stride(0);
    const float *src = w.data_ptr<float>();
    float *dst = kernel.data_ptr<float>();
    if (const Sgemm sgemm = directGemm()) {
        const float *t = kernelTransformMatrix();
        parallelFor(0, K * C, 1024, [&](int64_t begin, int64_t end) { // U [36, K·C] = T [36, 9] · wᵀ [9, K·C]
            checkGemm(sgemm('N', 'T', kPoints, end - begin, 9, 1.f, t, 9, src + begin * 9, 9, 0.f, dst + begin, ks));
        });
        return kernel;
    }
    const auto &G = kG;
    parallelFor(0, K * C, 256, [&](int64_t begin, int64_t end) {
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

torch::Tensor winogradConv3x3(const torch::Tensor &inputIn, const torch::Tensor &kernel, const torch::Tensor &bias, bool reflect)
{
    const auto input = inputIn.contiguous();
    const TileGrid grid(input, kernel.size(1), reflect);
    TORCH_CHECK(kernel.size(0) == kPoints && kernel.size(2) == grid.C && grid.H > 0 && grid.W > 0, "winogradConv3x3: shapes do not match");
    return transformOutput(winogradProducts(kernel, transformInput(input, grid)), bias, grid);
}

torch::Tensor winogradConvolution(const torch::Tensor &input, const torch::Tensor &weight, const torch::Tensor &bias,
                                  WinogradKernelCache &cache, bool reflect)
{
    RECORD_FUNCTION("engine::winograd_convolution", c10::ArrayRef<const c10::IValue>{}); // for bench --profile
    const auto kernel = cache.kernelFor(weight);
    if (!wantsGradient(input, weight, bias))
        return winogradConv3x3(input, kernel, bias, reflect);
    TORCH_CHECK(onednnSgemm(), "winogradConvolution: training needs oneDNN's sgemm");
    // An autograd function's inputs are defined tensors: no bias is a zero one that wants no gradient.
    return WinogradConvolution::apply(input, weight, bias.defined() ? bias : torch::zeros({weight.size(0)}, weight.options().requires_grad(false)),
                                      kernel, reflect);
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
