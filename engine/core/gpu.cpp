#include "core/gpu.h"

#include <ATen/autocast_mode.h>
#include <torch/version.h>

#include <atomic>

// LibTorch 2.4 made autocast's switches per device type; 1.13 has one set for CUDA.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define CYCLESTUDIO_AUTOCAST_PER_DEVICE 1
#endif

namespace engine {

namespace {
std::atomic<bool> g_channelsLast{false};

bool autocastEnabled()
{
#ifdef CYCLESTUDIO_AUTOCAST_PER_DEVICE
    return at::autocast::is_autocast_enabled(at::kCUDA);
#else
    return at::autocast::is_enabled();
#endif
}

void setAutocast(bool enabled, at::ScalarType type)
{
#ifdef CYCLESTUDIO_AUTOCAST_PER_DEVICE
    at::autocast::set_autocast_enabled(at::kCUDA, enabled);
    at::autocast::set_autocast_dtype(at::kCUDA, type);
#else
    at::autocast::set_enabled(enabled);
    at::autocast::set_autocast_gpu_dtype(type);
#endif
}

at::ScalarType autocastType()
{
#ifdef CYCLESTUDIO_AUTOCAST_PER_DEVICE
    return at::autocast::get_autocast_dtype(at::kCUDA);
#else
    return at::autocast::get_autocast_gpu_dtype();
#endif
}
} // namespace

void setGpuChannelsLast(bool on) { g_channelsLast = on; }

void setCudnnBenchmark(bool on) { at::globalContext().setBenchmarkCuDNN(on); }

torch::MemoryFormat preferredFormat(const torch::Device &device)
{
    return device.is_cuda() && g_channelsLast ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous;
}

void usePreferredFormat(torch::nn::Module &module, const torch::Device &device)
{
    const auto format = preferredFormat(device);
    if (format == torch::MemoryFormat::Contiguous)
        return;
    torch::NoGradGuard noGrad;
    for (auto &p : module.parameters())
        if (p.dim() == 4)
            p.set_data(p.data().contiguous(format));
}

torch::Tensor toDevice(const torch::Tensor &tensor, const torch::Device &device)
{
    return tensor.to(device, /*non_blocking=*/tensor.is_pinned()).contiguous(preferredFormat(device));
}

CudaAutocast::CudaAutocast(bool enabled)
{
    if (!enabled)
        return;
    m_active = true;
    m_wasEnabled = autocastEnabled();
    m_oldType = autocastType();
    setAutocast(true, at::kBFloat16);
    at::autocast::increment_nesting();
}

void CudaAutocast::end()
{
    if (!m_active)
        return;
    m_active = false;
    // The weights' bfloat16 copies are cached while autocast is on; drop them when the outermost scope ends.
    if (at::autocast::decrement_nesting() == 0)
        at::autocast::clear_cache();
    setAutocast(m_wasEnabled, m_oldType);
}

CudaAutocast::~CudaAutocast() { end(); }

bool isOutOfMemory(const std::exception &e)
{
    const std::string what = e.what();
    return what.find("out of memory") != std::string::npos || what.find("DefaultCPUAllocator") != std::string::npos;
}

} // namespace engine
