#pragma once
// engine::Image: an 8-bit RGB picture in plain memory, the type the engine hands to its callers
// (the app converts it to QImage). No torch, no OpenCV in this header.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace engine {

struct Image
{
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb; // row-major, 3 bytes per pixel, no padding
    // Empty, or the same picture at 16 bits per channel (a translation's full precision, asked for with
    // Translator::setDeepOutput): PNG and TIFF files are then written with 16 bits per channel.
    std::vector<std::uint16_t> rgb16;

    Image() = default;
    Image(int w, int h) : width(w), height(h), rgb(static_cast<size_t>(w) * h * 3, 0) {}
    bool empty() const { return width <= 0 || height <= 0; }
    bool deep() const { return !rgb16.empty(); }
    std::uint8_t *pixel(int x, int y) { return rgb.data() + (static_cast<size_t>(y) * width + x) * 3; }
    const std::uint8_t *pixel(int x, int y) const { return rgb.data() + (static_cast<size_t>(y) * width + x) * 3; }
};

} // namespace engine
