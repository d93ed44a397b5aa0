#pragma once
// The inner loop of adamStep (fusedadam.h), on plain float arrays: no torch here, so that this file can be
// built with -fno-math-errno (the square root then vectorises) without the engine's precompiled header.

#include <cstdint>

namespace engine {

struct AdamScalars
{
    float beta1, oneMinusBeta1, beta2, oneMinusBeta2, sqrtCorrection2, eps, negativeStepSize;
};

// Elements [begin, end) of one parameter: its moments and the parameter itself, updated in place.
void adamUpdate(float *param, const float *grad, float *expAvg, float *expAvgSq, std::int64_t begin, std::int64_t end,
                const AdamScalars &s);

} // namespace engine
