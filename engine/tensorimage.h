#pragma once
// Conversions between engine::Image (8-bit RGB) and tensors in [-1, 1] ([1, 3, H, W], float).

#include "engine/image.h"

#include <torch/torch.h>

namespace engine {

torch::Tensor imageToTensor(const Image &image);
// Accepts [3, H, W] or [1, 3, H, W] in [-1, 1], on any device.
Image tensorToImage(const torch::Tensor &tensor);

} // namespace engine
