#include "models/convsupport.h"

#if defined(__unix__) || defined(__APPLE__)
#include <dlfcn.h>
#endif

namespace engine {

bool wantsGradient(const torch::Tensor &input, const torch::Tensor &weight, const torch::Tensor &bias)
{
    return torch::GradMode::is_enabled() && (input.requires_grad() || weight.requires_grad() || (bias.defined() && bias.requires_grad()));
}

Sgemm onednnSgemm()
{
#if defined(__unix__) || defined(__APPLE__)
    static const auto sgemm = reinterpret_cast<Sgemm>(dlsym(RTLD_DEFAULT, "dnnl_sgemm"));
    return sgemm;
#else
    return nullptr;
#endif
}

void checkGemm(int status) { TORCH_CHECK(status == 0, "oneDNN's sgemm failed (status ", status, ")"); }

} // namespace engine
