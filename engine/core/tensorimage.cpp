#include "core/tensorimage.h"

namespace engine {

torch::Tensor imageToTensor(const Image &image)
{
    const auto bytes = torch::from_blob(const_cast<std::uint8_t *>(image.rgb.data()), {image.height, image.width, 3}, torch::kUInt8);
    return bytes.permute({2, 0, 1}).to(torch::kFloat).div_(127.5).sub_(1.0).unsqueeze(0).contiguous();
}

namespace {
torch::Tensor scaled(const torch::Tensor &tensor, double halfRange)
{
    auto t = tensor.detach();
    if (t.dim() == 4)
        t = t[0];
    return t.to(torch::kCPU, torch::kFloat).clamp(-1, 1).add(1).mul(halfRange).round().permute({1, 2, 0});
}
} // namespace

torch::Tensor tensorToBytes(const torch::Tensor &tensor)
{
    return scaled(tensor, 127.5).to(torch::kUInt8).contiguous();
}

torch::Tensor tensorToWords(const torch::Tensor &tensor)
{
    return scaled(tensor, 32767.5).to(torch::kInt).contiguous(); // LibTorch 1.13 has no uint16
}

Image tensorToImage(const torch::Tensor &tensor, bool deep)
{
    const auto t = tensorToBytes(tensor);
    Image out(static_cast<int>(t.size(1)), static_cast<int>(t.size(0)));
    std::memcpy(out.rgb.data(), t.data_ptr<std::uint8_t>(), out.rgb.size());
    if (deep) {
        const auto w = tensorToWords(tensor);
        const auto *src = w.data_ptr<std::int32_t>();
        out.rgb16.assign(src, src + out.rgb.size());
    }
    return out;
}

} // namespace engine
