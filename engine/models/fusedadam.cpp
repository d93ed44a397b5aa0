#include "models/fusedadam.h"

#include "core/parallel.h"
#include "models/adamkernel.h"

#include <atomic>
#include <cmath>

namespace engine {

namespace {

std::atomic<bool> g_fused{true};

bool covered(torch::optim::Adam &adam)
{
    for (auto &group : adam.param_groups()) {
        const auto &o = static_cast<const torch::optim::AdamOptions &>(group.options());
        if (o.amsgrad() || o.weight_decay() != 0)
            return false;
        for (const auto &p : group.params())
            if (p.grad().defined() && (!p.is_cpu() || p.scalar_type() != torch::kFloat || !p.is_contiguous() ||
                                       !p.grad().is_contiguous() || p.grad().scalar_type() != torch::kFloat))
                return false;
    }
    return true;
}

torch::optim::AdamParamState &stateOf(torch::optim::Adam &adam, const torch::Tensor &p)
{
    auto &states = adam.state();
    const auto key = c10::guts::to_string(p.unsafeGetTensorImpl());
    auto it = states.find(key);
    if (it == states.end()) { // as step() creates it
        auto state = std::make_unique<torch::optim::AdamParamState>();
        state->step(0);
        state->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        state->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        it = states.emplace(key, std::move(state)).first;
    }
    return static_cast<torch::optim::AdamParamState &>(*it->second);
}

} // namespace

void setFusedAdam(bool on) { g_fused = on; }
bool fusedAdam() { return g_fused; }

void adamStep(torch::optim::Adam &adam)
{
    if (!g_fused || !covered(adam)) {
        adam.step();
        return;
    }
    torch::NoGradGuard noGrad;
    for (auto &group : adam.param_groups()) {
        const auto &o = static_cast<const torch::optim::AdamOptions &>(group.options());
        const double beta1 = std::get<0>(o.betas()), beta2 = std::get<1>(o.betas());
        for (auto &p : group.params()) {
            if (!p.grad().defined())
                continue;
            auto &state = stateOf(adam, p);
            if (!state.exp_avg().is_contiguous() || !state.exp_avg_sq().is_contiguous()) {
                state.exp_avg(state.exp_avg().contiguous());
                state.exp_avg_sq(state.exp_avg_sq().contiguous());
            }
            state.step(state.step() + 1);
            const double correction1 = 1 - std::pow(beta1, state.step());
            const double correction2 = 1 - std::pow(beta2, state.step());
            // The scalars as LibTorch's float kernels see them.
            const AdamScalars s{float(beta1),
                                float(1 - beta1),
                                float(beta2),
                                float(1 - beta2),
                                float(std::sqrt(correction2)),
                                float(o.eps()),
                                float(-(o.lr() / correction1))};
            float *param = p.data_ptr<float>();
            const float *grad = p.grad().data_ptr<float>();
            float *m = state.exp_avg().data_ptr<float>();
            float *v = state.exp_avg_sq().data_ptr<float>();
            parallelFor(0, p.numel(), 32768, [&](int64_t begin, int64_t end) { adamUpdate(param, grad, m, v, begin, end, s); });
        }
    }
}

} // namespace engine
