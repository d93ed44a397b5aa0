#include "models/winograd.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <atomic>
#include <vector>

namespace engine {

namespace {

constexpr int kTile = 6; // input tile side: 4 outputs + 2
constexpr int kOut = 4;
constexpr int kPoints = kTile * kTile;

std::atomic<bool> g_winograd{true};

// Below a 64 × 64 feature map the 36 small products and the transforms cost more than they save
// (measured on 2 cores: 128 px translation 0.133 s direct, 0.151 s by Winograd; 256 px 0.688 → 0.550 s).
constexpr int64_t kMinimumArea = 64 * 64;

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

} // namespace

void setWinogradConvolution(bool on) { g_winograd = on; }

bool winogradWorthwhile(const torch::Tensor &input, const torch::Tensor &weight)
{
    return g_winograd && input.is_cpu() && input.scalar_type() == torch::kFloat && weight.scalar_type() == torch::kFloat &&
           input.dim() == 4 && weight.size(2) == 3 && weight.size(3) == 3 && weight.size(1) >= 32 && weight.size(0) >= 32 &&
           input.size(2) * input.size(3) >= kMinimumArea &&
           !(torch::GradMode::is_enabled() && (input.requires_grad() || weight.requires_grad()));
}

torch::Tensor winogradKernel(const torch::Tensor &weight)
{
    const auto w = weight.detach().to(torch::kFloat).contiguous();
    const int64_t K = w.size(0), C = w.size(1);
    auto kernel = torch::empty({kPoints, K, C}, w.options());
    const float *src = w.data_ptr<float>();
    float *dst = kernel.data_ptr<float>();
    static const float G[6][3] = {{1.f / 4, 0, 0},
                                  {-1.f / 6, -1.f / 6, -1.f / 6},
                                  {-1.f / 6, 1.f / 6, -1.f / 6},
                                  {1.f / 24, 1.f / 12, 1.f / 6},
                                  {1.f / 24, -1.f / 12, 1.f / 6},
                                  {0, 0, 1}};
    at::parallel_for(0, K * C, 256, [&](int64_t begin, int64_t end) {
        for (int64_t kc = begin; kc < end; ++kc) {
            const float *g = src + kc * 9;
            float t[6][3]; // G·g
            for (int i = 0; i < 6; ++i)
                for (int j = 0; j < 3; ++j)
                    t[i][j] = G[i][0] * g[j] + G[i][1] * g[3 + j] + G[i][2] * g[6 + j];
            for (int i = 0; i < 6; ++i)
                for (int k = 0; k < 6; ++k)
                    dst[(i * 6 + k) * K * C + kc] = t[i][0] * G[k][0] + t[i][1] * G[k][1] + t[i][2] * G[k][2];
        }
    });
    return kernel;
}

torch::Tensor winogradConv3x3(const torch::Tensor &inputIn, const torch::Tensor &kernel, const torch::Tensor &biasIn)
{
    const auto input = inputIn.contiguous();
    const int64_t N = input.size(0), C = input.size(1), Hp = input.size(2), Wp = input.size(3);
    const int64_t H = Hp - 2, W = Wp - 2, K = kernel.size(1);
    TORCH_CHECK(kernel.size(0) == kPoints && kernel.size(2) == C && H > 0 && W > 0, "winogradConv3x3: shapes do not match");
    const int64_t th = (H + kOut - 1) / kOut, tw = (W + kOut - 1) / kOut, tiles = N * th * tw;
    const int64_t rowLength = tw * kOut + 2; // the tiles' input columns, zero beyond the input

    // Input tiles → V [36, C, tiles]: first Bᵀ down the six rows of a tile row (whole rows at once), then
    // Bᵀ across each tile's six columns.
    auto V = torch::empty({kPoints, C, tiles}, input.options());
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
                        out[k] = v + ((i * 6 + k) * C + c) * tiles + t0;
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

    // The 36 products over the channels, M_e [K, tiles] = U_e [K, C] · V_e [C, tiles], each as a 1×1
    // convolution: oneDNN's GEMM on LibTorch's own threads (a BLAS library's threads would compete with
    // them for the cores).
    std::vector<torch::Tensor> products(kPoints);
    std::vector<const float *> m(kPoints);
    for (int e = 0; e < kPoints; ++e) {
        const auto input1x1 = V[e].view({1, C, tiles, 1}), kernel1x1 = kernel[e].view({K, C, 1, 1});
        // LibTorch sends small 1×1 convolutions of one image to its im2col + BLAS path; ask oneDNN directly.
        products[static_cast<size_t>(e)] =
            (at::hasMKLDNN() ? at::mkldnn_convolution(input1x1, kernel1x1, c10::nullopt, {0, 0}, {1, 1}, {1, 1}, 1)
                             : torch::conv2d(input1x1, kernel1x1))
                .contiguous();
        m[static_cast<size_t>(e)] = products[static_cast<size_t>(e)].data_ptr<float>();
    }

    // Output tiles: Aᵀ·M·A, plus the bias, cropped to H × W.
    auto output = torch::empty({N, K, H, W}, input.options());
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
