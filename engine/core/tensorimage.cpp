#include "core/tensorimage.h"

namespace engine {

torch::Tensor imageToTensor(const Image &image)
{
    const auto bytes = torch::from_blob(const_cast<std::uint8_t *>(image.rgb.data()), {image.height, image.width, 3}, torch::kUInt8);
    return bytes.permute({2, 0, 1}).to(torch::kFloat).div_(127.5).sub_(1.0).unsqueeze(0).contiguous();
}

Image tensorToImage(const torch::Tensor &tensor)
{
    auto t = tensor.detach();
    if (t.dim() == 4)
        t = t[0];
    t = t.to(torch::kCPU, torch::kFloat).clamp(-1, 1).add(1).mul(127.5).round().to(torch::kUInt8).permute({1, 2, 0}).contiguous();
    Image out(static_cast<int>(t.size(1)), static_cast<int>(t.size(0)));
    std::memcpy(out.rgb.data(), t.data_ptr<std::uint8_t>(), out.rgb.size());
    return out;
}

} // namespace engine
