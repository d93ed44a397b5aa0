#include "models/adamkernel.h"

#include <cmath>

namespace engine {

void adamUpdate(float *param, const float *grad, float *expAvg, float *expAvgSq, std::int64_t begin, std::int64_t end,
                const AdamScalars &s)
{
    for (std::int64_t i = begin; i < end; ++i) {
        const float g = grad[i];
        const float m = expAvg[i] * s.beta1 + s.oneMinusBeta1 * g;         // exp_avg.mul_(beta1).add_(grad, 1 - beta1)
        const float v = expAvgSq[i] * s.beta2 + s.oneMinusBeta2 * g * g;   // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1 - beta2)
        const float denom = std::sqrt(v) / s.sqrtCorrection2 + s.eps;     // (exp_avg_sq.sqrt() / sqrt(c2)).add_(eps)
        expAvg[i] = m;
        expAvgSq[i] = v;
        param[i] = param[i] + s.negativeStepSize * m / denom;              // p.addcdiv_(exp_avg, denom, -lr / c1)
    }
}

} // namespace engine
