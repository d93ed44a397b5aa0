#pragma once
// Where engine types meet torch inside the engine: images as tensors in [-1, 1] ([1, 3, H, W], float),
// and the compute device as a torch::Device.

#include "engine/core/device.h"
#include "engine/core/image.h"

#include <torch/torch.h>

namespace engine {

torch::Tensor imageToTensor(const Image &image);
// Accepts [3, H, W] or [1, 3, H, W] in [-1, 1], on any device. `deep` fills Image::rgb16 too.
Image tensorToImage(const torch::Tensor &tensor, bool deep = false);
// [3, h, w] or [1, 3, h, w] in [-1, 1] as [h, w, 3] on the CPU: 0..255 as uint8, or 0..65535 as int32.
torch::Tensor tensorToBytes(const torch::Tensor &tensor);
torch::Tensor tensorToWords(const torch::Tensor &tensor);

inline torch::Device torchDevice(ComputeDevice device)
{
    return device == ComputeDevice::Cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

} // namespace engine
