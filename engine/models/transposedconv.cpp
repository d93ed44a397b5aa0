#include "models/transposedconv.h"

#include "core/parallel.h"
#include "models/convsupport.h"

#include <ATen/record_function.h>

#include <algorithm>
#include <atomic>
#include <cstring>

namespace engine {

namespace {

std::atomic<bool> g_phases{true};

// The shapes of one call and the layout of its padded planes.
struct Layout
{
    int64_t N, Cin, Cout, H, W;
    int64_t Wp;      // W + 1: a row with its zero (or junk) column
    int64_t S;       // (H + 1) · Wp: one image with its zero row
    int64_t columns; // the GEMMs' columns: every image but the last whole, the last without its zero row
    int64_t stride;  // N · S + 1: one channel of the padded input; the last shift reads one past the last image

    Layout(int64_t n, int64_t cin, int64_t cout, int64_t h, int64_t w)
        : N(n), Cin(cin), Cout(cout), H(h), W(w), Wp(w + 1), S((h + 1) * (w + 1)), columns((n - 1) * S + h * Wp), stride(n * S + 1)
    {
    }
};

// The kernel's taps (ky · 3 + kx) in the order of the mixing matrix's row blocks: shift (0, 0) serves phases
// (0, 0), (0, 1), (1, 1), (1, 0) through taps (1, 1), (1, 2), (2, 2), (2, 1); shift (0, 1) serves (0, 1) and
// (1, 1) through (1, 0) and (2, 0); shift (1, 0) serves (1, 1) and (1, 0) through (0, 2) and (0, 1); shift
// (1, 1) serves (1, 1) through (0, 0). Phases are ordered so that each shift's are consecutive rows.
const int64_t kTapOrder[9] = {4, 5, 8, 7, 3, 6, 2, 1, 0};

// Row blocks of the mixing matrix and of the phases, per shift: first mixing row, first phase, phase count.
struct Shift
{
    int64_t dy, dx, mixRow, phase, phases;
};
const Shift kShifts[4] = {{0, 0, 0, 0, 4}, {0, 1, 4, 1, 2}, {1, 0, 6, 2, 2}, {1, 1, 8, 2, 1}};

// Output phase p (rows 2i + a, columns 2j + b) by the order above.
const int kPhaseRow[4] = {0, 0, 1, 1}, kPhaseColumn[4] = {0, 1, 1, 0};

torch::Tensor tapIndex() { return torch::from_blob(const_cast<int64_t *>(kTapOrder), {9}, torch::kLong); }

// [9 · Cout, Cin]: block t is tap kTapOrder[t]'s [Cout, Cin] matrix.
torch::Tensor mixingMatrix(const torch::Tensor &weight)
{
    const int64_t Cin = weight.size(0), Cout = weight.size(1);
    return weight.permute({2, 3, 1, 0}).reshape({9, Cout, Cin}).index_select(0, tapIndex()).reshape({9 * Cout, Cin}).contiguous();
}

// The input as [Cin, stride]: per channel, each image's H rows of W pixels and a zero, then a zero row; a last zero.
torch::Tensor paddedPlanes(const torch::Tensor &input, const Layout &l)
{
    auto planes = torch::empty({l.Cin, l.stride}, input.options());
    const float *x = input.data_ptr<float>();
    float *p = planes.data_ptr<float>();
    parallelFor(0, l.Cin * l.N, 8, [&](int64_t begin, int64_t end) {
        for (int64_t cn = begin; cn < end; ++cn) {
            const int64_t c = cn / l.N, n = cn % l.N;
            const float *src = x + (n * l.Cin + c) * l.H * l.W;
            float *dst = p + c * l.stride + n * l.S;
            for (int64_t i = 0; i < l.H; ++i) {
                std::memcpy(dst + i * l.Wp, src + i * l.W, sizeof(float) * l.W);
                dst[i * l.Wp + l.W] = 0.f;
            }
            std::fill_n(dst + l.H * l.Wp, l.Wp, 0.f);
            if (n == l.N - 1)
                p[c * l.stride + l.N * l.S] = 0.f;
        }
    });
    return planes;
}

// C = A · B (+ C): the four shifts' GEMMs share their shapes but for the row count and offsets.
void gemm(char ta, char tb, int64_t m, int64_t n, int64_t k, const float *a, int64_t lda, const float *b, int64_t ldb, float beta, float *c,
          int64_t ldc)
{
    checkGemm(onednnSgemm()(ta, tb, m, n, k, 1.f, a, lda, b, ldb, beta, c, ldc));
}

torch::Tensor phaseForward(const torch::Tensor &planes, const torch::Tensor &mix, const torch::Tensor &bias, const Layout &l)
{
    auto phases = torch::empty({4 * l.Cout, l.columns}, planes.options());
    const float *p = planes.data_ptr<float>(), *m = mix.data_ptr<float>();
    float *z = phases.data_ptr<float>();
    for (const auto &s : kShifts)
        gemm('N', 'N', s.phases * l.Cout, l.columns, l.Cin, m + s.mixRow * l.Cout * l.Cin, l.Cin, p + s.dy * l.Wp + s.dx, l.stride,
             s.mixRow == 0 ? 0.f : 1.f, z + s.phase * l.Cout * l.columns, l.columns);

    auto output = torch::empty({l.N, l.Cout, 2 * l.H, 2 * l.W}, planes.options());
    const float *b = bias.defined() ? bias.data_ptr<float>() : nullptr;
    float *y = output.data_ptr<float>();
    parallelFor(0, l.N * l.Cout * l.H, 16, [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
            const int64_t i = r % l.H, nc = r / l.H, c = nc % l.Cout, n = nc / l.Cout;
            const float bc = b ? b[c] : 0.f;
            const float *zp[4];
            for (int q = 0; q < 4; ++q)
                zp[q] = z + (q * l.Cout + c) * l.columns + n * l.S + i * l.Wp;
            float *even = y + (nc * 2 * l.H + 2 * i) * 2 * l.W, *odd = even + 2 * l.W;
            for (int64_t j = 0; j < l.W; ++j) {
                even[2 * j] = zp[0][j] + bc;
                even[2 * j + 1] = zp[1][j] + bc;
                odd[2 * j + 1] = zp[2][j] + bc;
                odd[2 * j] = zp[3][j] + bc;
            }
        }
    });
    return output;
}

// ∂L/∂output [N, Cout, 2H, 2W] as the four phases [4 · Cout, columns], the junk columns and rows zero.
torch::Tensor gatheredPhases(const torch::Tensor &gradOutput, const Layout &l)
{
    auto phases = torch::empty({4 * l.Cout, l.columns}, gradOutput.options());
    const float *gy = gradOutput.data_ptr<float>();
    float *g = phases.data_ptr<float>();
    parallelFor(0, l.N * l.Cout * l.H, 16, [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
            const int64_t i = r % l.H, nc = r / l.H, c = nc % l.Cout, n = nc / l.Cout;
            const float *even = gy + (nc * 2 * l.H + 2 * i) * 2 * l.W, *odd = even + 2 * l.W;
            for (int q = 0; q < 4; ++q) {
                float *gp = g + (q * l.Cout + c) * l.columns + n * l.S + i * l.Wp;
                const float *src = (kPhaseRow[q] ? odd : even) + kPhaseColumn[q];
                for (int64_t j = 0; j < l.W; ++j)
                    gp[j] = src[2 * j];
                gp[l.W] = 0.f;
                if (i == l.H - 1 && n < l.N - 1) // the zero row between this image and the next
                    std::fill_n(gp + l.Wp, l.Wp, 0.f);
            }
        }
    });
    return phases;
}

std::pair<torch::Tensor, torch::Tensor> phaseBackward(const torch::Tensor &gradOutput, const torch::Tensor &planes, const torch::Tensor &mix,
                                                      const Layout &l, bool wantInput, bool wantMix)
{
    const auto phases = gatheredPhases(gradOutput, l);
    const float *g = phases.data_ptr<float>(), *m = mix.data_ptr<float>(), *p = planes.data_ptr<float>();
    torch::Tensor gradInput, gradMix;
    if (wantInput) {
        auto gradPlanes = torch::empty({l.Cin, l.stride}, planes.options());
        float *dp = gradPlanes.data_ptr<float>();
        gradPlanes.narrow(1, l.columns, l.stride - l.columns).zero_(); // the shifted GEMMs add into the tail
        for (const auto &s : kShifts)
            gemm('T', 'N', l.Cin, l.columns, s.phases * l.Cout, m + s.mixRow * l.Cout * l.Cin, l.Cin, g + s.phase * l.Cout * l.columns, l.columns,
                 s.mixRow == 0 ? 0.f : 1.f, dp + s.dy * l.Wp + s.dx, l.stride);
        gradInput = torch::empty({l.N, l.Cin, l.H, l.W}, planes.options());
        float *dx = gradInput.data_ptr<float>();
        parallelFor(0, l.Cin * l.N, 8, [&](int64_t begin, int64_t end) {
            for (int64_t cn = begin; cn < end; ++cn) {
                const int64_t c = cn / l.N, n = cn % l.N;
                const float *src = dp + c * l.stride + n * l.S;
                float *dst = dx + (n * l.Cin + c) * l.H * l.W;
                for (int64_t i = 0; i < l.H; ++i)
                    std::memcpy(dst + i * l.W, src + i * l.Wp, sizeof(float) * l.W);
            }
        });
    }
    if (wantMix) {
        gradMix = torch::empty_like(mix);
        float *dm = gradMix.data_ptr<float>();
        for (const auto &s : kShifts)
            gemm('N', 'T', s.phases * l.Cout, l.Cin, l.columns, g + s.phase * l.Cout * l.columns, l.columns, p + s.dy * l.Wp + s.dx, l.stride, 0.f,
                 dm + s.mixRow * l.Cout * l.Cin, l.Cin);
    }
    return {gradInput, gradMix};
}

class PhaseTransposedConvolution : public torch::autograd::Function<PhaseTransposedConvolution>
{
public:
    static torch::Tensor forward(torch::autograd::AutogradContext *ctx, const torch::Tensor &input, const torch::Tensor &weight,
                                 const torch::Tensor &bias)
    {
        const Layout l(input.size(0), input.size(1), weight.size(1), input.size(2), input.size(3));
        const auto planes = paddedPlanes(input.contiguous(), l);
        const auto mix = mixingMatrix(weight);
        ctx->save_for_backward({planes, mix});
        ctx->saved_data["shape"] = std::vector<int64_t>{l.N, l.Cin, l.Cout, l.H, l.W};
        return phaseForward(planes, mix, bias.contiguous(), l);
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx, torch::autograd::variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const auto shape = ctx->saved_data["shape"].toIntVector();
        const Layout l(shape[0], shape[1], shape[2], shape[3], shape[4]);
        const auto gradOutput = grads[0].to(torch::kFloat).contiguous();
        auto [gradInput, gradMix] = phaseBackward(gradOutput, saved[0], saved[1], l, ctx->needs_input_grad(0), ctx->needs_input_grad(1));
        torch::Tensor gradWeight;
        if (gradMix.defined()) // back from the mixing matrix's tap order to [Cin, Cout, 3, 3]
            gradWeight = torch::zeros({9, l.Cout, l.Cin}, gradMix.options())
                             .index_copy_(0, tapIndex(), gradMix.view({9, l.Cout, l.Cin}))
                             .view({3, 3, l.Cout, l.Cin})
                             .permute({3, 2, 0, 1})
                             .contiguous();
        const auto gradBias = ctx->needs_input_grad(2) ? gradOutput.sum({0, 2, 3}) : torch::Tensor();
        return {gradInput, gradWeight, gradBias};
    }
};

bool supported(const torch::Tensor &input, const torch::Tensor &weight)
{
    return input.is_cpu() && input.dim() == 4 && input.scalar_type() == torch::kFloat && weight.scalar_type() == torch::kFloat &&
           weight.dim() == 4 && weight.size(0) == input.size(1) && weight.size(2) == 3 && weight.size(3) == 3 && input.size(0) > 0 &&
           onednnSgemm() != nullptr;
}

} // namespace

bool phaseTransposedConvolutionWorthwhile(const torch::Tensor &input, const torch::Tensor &weight) { return g_phases && supported(input, weight); }

torch::Tensor phaseTransposedConvolution(const torch::Tensor &input, const torch::Tensor &weight, const torch::Tensor &bias)
{
    TORCH_CHECK(supported(input, weight), "phaseTransposedConvolution: unsupported input or weight");
    RECORD_FUNCTION("engine::phase_transposed_convolution", c10::ArrayRef<const c10::IValue>{}); // for bench --profile
    if (wantsGradient(input, weight, bias)) // an autograd function's inputs are defined: no bias is a zero one
        return PhaseTransposedConvolution::apply(input, weight,
                                                 bias.defined() ? bias : torch::zeros({weight.size(1)}, weight.options().requires_grad(false)));
    const Layout l(input.size(0), input.size(1), weight.size(1), input.size(2), input.size(3));
    return phaseForward(paddedPlanes(input.contiguous(), l), mixingMatrix(weight), bias.defined() ? bias.contiguous() : torch::Tensor(), l);
}

void setPhaseTransposedConvolution(bool on) { g_phases = on; }

} // namespace engine
