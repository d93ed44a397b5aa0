#include "models/narrowconv.h"

#include "models/convsupport.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <atomic>

namespace engine {

namespace {

std::atomic<bool> g_narrow{true};

constexpr int64_t kMaxOutputs = 4;

// Index i of a row of n pixels padded by reflection: -1 reads 1, n reads n - 2 (|i| < n assumed).
inline int64_t reflected(int64_t i, int64_t n) { return i < 0 ? -i : (i >= n ? 2 * (n - 1) - i : i); }

// Reflection padding of kernel / 2 pixels reads at most that far back into the plane, so the plane must be
// larger than the padding in both directions (LibTorch's reflection_pad2d has the same rule).
inline bool reflectable(int64_t H, int64_t W, int64_t kernel) { return H > kernel / 2 && W > kernel / 2; }

// out[x] += row[x + d] for x in [0, W), the columns beyond the row's ends read by reflection: the interior as
// one contiguous add the compiler vectorises, the |d| edge columns one by one.
inline void addShiftedRow(float *out, const float *row, int64_t W, int64_t d)
{
    const int64_t x0 = std::max<int64_t>(0, -d), x1 = std::min(W, W - d);
    for (int64_t x = 0; x < x0; ++x)
        out[x] += row[reflected(x + d, W)];
    const float *shifted = row + d;
    for (int64_t x = x0; x < x1; ++x)
        out[x] += shifted[x];
    for (int64_t x = x1; x < W; ++x)
        out[x] += row[reflected(x + d, W)];
}

// mix [P, C] · image [C, H·W]'s columns [begin, begin + count): [P, count].
torch::Tensor mixedPlanes(const torch::Tensor &mix, const torch::Tensor &image, int64_t begin, int64_t count)
{
    const Sgemm sgemm = onednnSgemm();
    if (!sgemm)
        return torch::mm(mix, image.narrow(1, begin, count)).contiguous();
    const int64_t P = mix.size(0), C = mix.size(1);
    auto planes = torch::empty({P, count}, image.options());
    checkGemm(sgemm('N', 'N', P, count, C, 1.f, mix.data_ptr<float>(), C, image.data_ptr<float>() + begin, image.size(1), 0.f,
                    planes.data_ptr<float>(), count));
    return planes;
}

} // namespace

bool narrowConvolutionWorthwhile(const torch::Tensor &input, const torch::Tensor &weight, const torch::Tensor &bias)
{
    if (!g_narrow || !input.is_cpu() || input.scalar_type() != torch::kFloat || weight.scalar_type() != torch::kFloat || input.dim() != 4)
        return false;
    if (wantsGradient(input, weight, bias))
        return false;
    const int64_t k = weight.size(2);
    return weight.size(0) <= kMaxOutputs && k >= 3 && k % 2 == 1 && weight.size(3) == k && reflectable(input.size(2), input.size(3), k);
}

torch::Tensor narrowConvolution(const torch::Tensor &inputIn, const torch::Tensor &weight, const torch::Tensor &bias, int64_t stripBytes)
{
    const auto input = inputIn.contiguous();
    const int64_t N = input.size(0), C = input.size(1), H = input.size(2), W = input.size(3);
    const int64_t K = weight.size(0), k = weight.size(2), r = k / 2, taps = k * k, planeCount = K * taps;
    TORCH_CHECK(weight.size(1) == C && weight.size(3) == k && k % 2 == 1, "narrowConvolution: shapes do not match");
    TORCH_CHECK(reflectable(H, W, k), "narrowConvolution: a reflection padding of ", r, " pixels needs a plane larger than ", H, " × ", W);
    // Row (o, dy, dx) of the mixing matrix: what tap (dy, dx) of output o takes from each input channel.
    const auto mix = weight.permute({0, 2, 3, 1}).contiguous().view({planeCount, C});
    const auto b = bias.defined() ? bias.contiguous() : torch::zeros({K}, input.options());
    auto output = torch::empty({N, K, H, W}, input.options());
    // Output rows [y0, y1) read input rows [y0 - r, y1 + r), clamped to the plane: the rows reflection reads
    // beyond it lie inside.
    const int64_t stripRows = std::clamp(stripBytes / (planeCount * W * int64_t{sizeof(float)}) - 2 * r, int64_t{1}, H);
    const float *bo = b.data_ptr<float>();
    for (int64_t n = 0; n < N; ++n) {
        const auto image = input[n].view({C, H * W});
        float *out = output.data_ptr<float>() + n * K * H * W;
        for (int64_t y0 = 0; y0 < H; y0 += stripRows) {
            const int64_t y1 = std::min(H, y0 + stripRows), lo = std::max<int64_t>(0, y0 - r), hi = std::min(H, y1 + r);
            const int64_t planeSize = (hi - lo) * W, stripHeight = y1 - y0;
            const auto planes = mixedPlanes(mix, image, lo * W, planeSize); // [K·k², rows·W]
            const float *p = planes.data_ptr<float>();
            at::parallel_for(0, K * stripHeight, 16, [&](int64_t begin, int64_t end) {
                for (int64_t item = begin; item < end; ++item) {
                    const int64_t o = item / stripHeight, y = y0 + item % stripHeight;
                    float *dst = out + (o * H + y) * W;
                    std::fill(dst, dst + W, bo[o]);
                    for (int64_t dy = 0; dy < k; ++dy) {
                        const float *row = p + (o * taps + dy * k) * planeSize + (reflected(y + dy - r, H) - lo) * W;
                        for (int64_t dx = 0; dx < k; ++dx)
                            addShiftedRow(dst, row + dx * planeSize, W, dx - r);
                    }
                }
            });
        }
    }
    return output;
}

void setNarrowConvolution(bool on) { g_narrow = on; }

} // namespace engine
