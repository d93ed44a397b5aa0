#include "models/narrowconv.h"

#include "core/parallel.h"
#include "models/convsupport.h"

#include <ATen/record_function.h>

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

// The transpose of addShiftedRow: dst[x + d] += src[x] for x in [0, W), the columns beyond the row's ends
// folded back by reflection.
inline void addScatteredRow(float *dst, const float *src, int64_t W, int64_t d)
{
    const int64_t x0 = std::max<int64_t>(0, -d), x1 = std::min(W, W - d);
    for (int64_t x = 0; x < x0; ++x)
        dst[reflected(x + d, W)] += src[x];
    float *shifted = dst + d;
    for (int64_t x = x0; x < x1; ++x)
        shifted[x] += src[x];
    for (int64_t x = x1; x < W; ++x)
        dst[reflected(x + d, W)] += src[x];
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

// Row (o, dy, dx) of the mixing matrix [K·k², C]: what tap (dy, dx) of output o takes from each input channel.
torch::Tensor mixingMatrix(const torch::Tensor &weight)
{
    return weight.permute({0, 2, 3, 1}).contiguous().view({weight.size(0) * weight.size(2) * weight.size(3), weight.size(1)});
}

// Rows of planes of P floats each that fit in `stripBytes`, less `margin` rows, at least one, at most H.
int64_t stripRowsFor(int64_t stripBytes, int64_t P, int64_t W, int64_t margin, int64_t H)
{
    return std::clamp(stripBytes / (P * W * int64_t{sizeof(float)}) - margin, int64_t{1}, H);
}

torch::Tensor narrowForward(const torch::Tensor &input, const torch::Tensor &mix, const torch::Tensor &b, int64_t K, int64_t k,
                            int64_t stripBytes)
{
    const int64_t N = input.size(0), C = input.size(1), H = input.size(2), W = input.size(3);
    const int64_t r = k / 2, taps = k * k, planeCount = K * taps;
    auto output = torch::empty({N, K, H, W}, input.options());
    // Output rows [y0, y1) read input rows [y0 - r, y1 + r), clamped to the plane: the rows reflection reads
    // beyond it lie inside.
    const int64_t stripRows = stripRowsFor(stripBytes, planeCount, W, 2 * r, H);
    const float *bo = b.data_ptr<float>();
    for (int64_t n = 0; n < N; ++n) {
        const auto image = input[n].view({C, H * W});
        float *out = output.data_ptr<float>() + n * K * H * W;
        for (int64_t y0 = 0; y0 < H; y0 += stripRows) {
            const int64_t y1 = std::min(H, y0 + stripRows), lo = std::max<int64_t>(0, y0 - r), hi = std::min(H, y1 + r);
            const int64_t planeSize = (hi - lo) * W, stripHeight = y1 - y0;
            const auto planes = mixedPlanes(mix, image, lo * W, planeSize); // [K·k², rows·W]
            const float *p = planes.data_ptr<float>();
            parallelFor(0, K * stripHeight, 16, [&](int64_t begin, int64_t end) {
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

// The gradients of narrowForward for ∂L/∂output `gradOutput` [N, K, H, W]: the input's [N, C, H, W] and the
// mixing matrix's [K·k², C] (either left undefined when not wanted). The forward pass's planes P = mix · X
// are read by shifted sums, so ∂L/∂P is ∂L/∂output scattered back to each tap's offset (the reflected
// columns and rows folded onto the ones they read); then ∂L/∂X = mixᵀ · ∂L/∂P and ∂L/∂mix = Σ ∂L/∂P · Xᵀ,
// two GEMMs per strip of plane rows.
std::pair<torch::Tensor, torch::Tensor> narrowBackward(const torch::Tensor &gradOutput, const torch::Tensor &input, const torch::Tensor &mix,
                                                       int64_t k, int64_t stripBytes, bool wantInput, bool wantMix)
{
    const int64_t N = input.size(0), C = input.size(1), H = input.size(2), W = input.size(3), K = gradOutput.size(1);
    const int64_t r = k / 2, taps = k * k, planeCount = K * taps;
    auto gradInput = wantInput ? torch::empty_like(input) : torch::Tensor();
    auto gradMix = wantMix ? torch::zeros_like(mix) : torch::Tensor();
    const Sgemm sgemm = onednnSgemm();
    const int64_t stripRows = stripRowsFor(stripBytes, planeCount, W, 0, H);
    for (int64_t n = 0; n < N; ++n) {
        const float *gout = gradOutput.data_ptr<float>() + n * K * H * W;
        for (int64_t q0 = 0; q0 < H; q0 += stripRows) {
            const int64_t q1 = std::min(H, q0 + stripRows), stripHeight = q1 - q0, planeSize = stripHeight * W;
            auto gradPlanes = torch::empty({planeCount, planeSize}, input.options());
            float *gp = gradPlanes.data_ptr<float>();
            // Row q of tap (dy, ·)'s planes gathers the output rows y that read it: y + dy - r is q, or -q or
            // 2(H - 1) - q by reflection.
            parallelFor(0, K * k * stripHeight, 4, [&](int64_t begin, int64_t end) {
                for (int64_t item = begin; item < end; ++item) {
                    const int64_t o = item / (k * stripHeight), dy = item / stripHeight % k, q = q0 + item % stripHeight;
                    float *rows = gp + (o * taps + dy * k) * planeSize + (q - q0) * W;
                    for (int64_t dx = 0; dx < k; ++dx)
                        std::fill(rows + dx * planeSize, rows + dx * planeSize + W, 0.f);
                    const int64_t readers[3] = {q - dy + r, q > 0 ? -q - dy + r : -1, q < H - 1 ? 2 * (H - 1) - q - dy + r : -1};
                    for (const int64_t y : readers) {
                        if (y < 0 || y >= H)
                            continue;
                        const float *src = gout + (o * H + y) * W;
                        for (int64_t dx = 0; dx < k; ++dx)
                            addScatteredRow(rows + dx * planeSize, src, W, dx - r);
                    }
                }
            });
            const int64_t offset = n * C * H * W + q0 * W;
            if (wantInput) { // ∂X[:, strip] = mixᵀ [C, K·k²] · ∂P [K·k², strip]
                if (sgemm)
                    checkGemm(sgemm('T', 'N', C, planeSize, planeCount, 1.f, mix.data_ptr<float>(), C, gp, planeSize, 0.f,
                                    gradInput.data_ptr<float>() + offset, H * W));
                else
                    gradInput[n].view({C, H * W}).narrow(1, q0 * W, planeSize).copy_(torch::mm(mix.t(), gradPlanes));
            }
            if (wantMix) { // ∂mix += ∂P [K·k², strip] · X[:, strip]ᵀ
                if (sgemm)
                    checkGemm(sgemm('N', 'T', planeCount, C, planeSize, 1.f, gp, planeSize, input.data_ptr<float>() + offset, H * W, 1.f,
                                    gradMix.data_ptr<float>(), C));
                else
                    gradMix.add_(torch::mm(gradPlanes, input[n].view({C, H * W}).narrow(1, q0 * W, planeSize).t()));
            }
        }
    }
    return {gradInput, gradMix};
}

// Training: the same convolution as an autograd function, its backward pass by the same arrangement.
class NarrowConvolution : public torch::autograd::Function<NarrowConvolution>
{
public:
    static torch::Tensor forward(torch::autograd::AutogradContext *ctx, const torch::Tensor &inputIn, const torch::Tensor &weight,
                                 const torch::Tensor &bias, int64_t stripBytes)
    {
        const auto input = inputIn.contiguous();
        const auto mix = mixingMatrix(weight);
        ctx->save_for_backward({input, mix});
        ctx->saved_data["kernel"] = weight.size(2);
        ctx->saved_data["stripBytes"] = stripBytes;
        return narrowForward(input, mix, bias.contiguous(), weight.size(0), weight.size(2), stripBytes);
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx, torch::autograd::variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const auto &input = saved[0], &mix = saved[1];
        const int64_t k = ctx->saved_data["kernel"].toInt();
        const auto gradOutput = grads[0].to(torch::kFloat).contiguous();
        const int64_t K = gradOutput.size(1), C = input.size(1);
        auto [gradInput, gradMix] = narrowBackward(gradOutput, input, mix, k, ctx->saved_data["stripBytes"].toInt(), ctx->needs_input_grad(0),
                                                   ctx->needs_input_grad(1));
        const auto gradWeight = gradMix.defined() ? gradMix.view({K, k, k, C}).permute({0, 3, 1, 2}).contiguous() : torch::Tensor();
        const auto gradBias = ctx->needs_input_grad(2) ? gradOutput.sum({0, 2, 3}) : torch::Tensor();
        return {gradInput, gradWeight, gradBias, torch::Tensor()};
    }
};

} // namespace

bool narrowConvolutionWorthwhile(const torch::Tensor &input, const torch::Tensor &weight)
{
    if (!g_narrow || !input.is_cpu() || input.scalar_type() != torch::kFloat || weight.scalar_type() != torch::kFloat || input.dim() != 4)
        return false;
    const int64_t k = weight.size(2);
    return weight.size(0) <= kMaxOutputs && k >= 3 && k % 2 == 1 && weight.size(3) == k && reflectable(input.size(2), input.size(3), k);
}

torch::Tensor narrowConvolution(const torch::Tensor &inputIn, const torch::Tensor &weight, const torch::Tensor &bias, int64_t stripBytes)
{
    RECORD_FUNCTION("engine::narrow_convolution", c10::ArrayRef<const c10::IValue>{}); // for bench --profile
    const int64_t C = inputIn.size(1), H = inputIn.size(2), W = inputIn.size(3), K = weight.size(0), k = weight.size(2);
    TORCH_CHECK(weight.size(1) == C && weight.size(3) == k && k % 2 == 1, "narrowConvolution: shapes do not match");
    TORCH_CHECK(reflectable(H, W, k), "narrowConvolution: a reflection padding of ", k / 2, " pixels needs a plane larger than ", H, " × ", W);
    if (wantsGradient(inputIn, weight, bias)) // an autograd function's inputs are defined: no bias is a zero one
        return NarrowConvolution::apply(inputIn, weight, bias.defined() ? bias : torch::zeros({K}, weight.options().requires_grad(false)), stripBytes);
    const auto b = bias.defined() ? bias.contiguous() : torch::zeros({K}, inputIn.options());
    return narrowForward(inputIn.contiguous(), mixingMatrix(weight), b, K, k, stripBytes);
}

void setNarrowConvolution(bool on) { g_narrow = on; }

} // namespace engine
