// resizeImage: the reference data loader's resize (PIL's BICUBIC), to the grey level.

#include "engine/core/imageio.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace engine {

namespace {

// PIL's bicubic kernel (a = -0.5; libImaging/Resample.c), support 2.
double bicubic(double x)
{
    constexpr double a = -0.5;
    x = std::abs(x);
    if (x < 1.0)
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
    if (x < 2.0)
        return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
    return 0.0;
}

// One axis of PIL's resampling: for each output position, the first input index and fixed-point
// weights (22 fractional bits), the kernel widened by the scale when shrinking (antialiasing).
struct AxisWeights
{
    std::vector<int> first, count;
    std::vector<std::int32_t> weights; // `taps` per output position
    int taps = 0;
};

constexpr int kPrecisionBits = 32 - 8 - 2;

AxisWeights axisWeights(int inSize, int outSize)
{
    const double scale = double(inSize) / outSize;
    const double filterScale = std::max(scale, 1.0);
    const double support = 2.0 * filterScale;
    AxisWeights w;
    w.taps = int(std::ceil(support)) * 2 + 1;
    w.first.resize(size_t(outSize));
    w.count.resize(size_t(outSize));
    w.weights.assign(size_t(outSize) * size_t(w.taps), 0);
    std::vector<double> k(size_t(w.taps));
    for (int xx = 0; xx < outSize; ++xx) {
        const double center = (xx + 0.5) * scale;
        const int xmin = std::max(int(center - support + 0.5), 0);
        const int n = std::min(int(center + support + 0.5), inSize) - xmin;
        double sum = 0;
        for (int x = 0; x < n; ++x)
            sum += k[size_t(x)] = bicubic((x + xmin - center + 0.5) / filterScale);
        for (int x = 0; x < n; ++x) {
            const double v = sum != 0.0 ? k[size_t(x)] / sum : 0.0;
            w.weights[size_t(xx) * size_t(w.taps) + size_t(x)] = std::int32_t(v < 0 ? -0.5 + v * (1 << kPrecisionBits) : 0.5 + v * (1 << kPrecisionBits));
        }
        w.first[size_t(xx)] = xmin;
        w.count[size_t(xx)] = n;
    }
    return w;
}

std::uint8_t clip8(std::int64_t v)
{
    v >>= kPrecisionBits;
    return std::uint8_t(v < 0 ? 0 : v > 255 ? 255 : v);
}

// One pass along x (horizontal) or y, 8 bits in and out, rounding as PIL does.
Image resamplePass(const Image &in, int outSize, bool horizontal)
{
    const int inSize = horizontal ? in.width : in.height;
    const AxisWeights w = axisWeights(inSize, outSize);
    Image out(horizontal ? outSize : in.width, horizontal ? in.height : outSize);
    for (int y = 0; y < out.height; ++y)
        for (int x = 0; x < out.width; ++x) {
            const int o = horizontal ? x : y;
            const std::int32_t *k = &w.weights[size_t(o) * size_t(w.taps)];
            std::int64_t sum[3] = {1 << (kPrecisionBits - 1), 1 << (kPrecisionBits - 1), 1 << (kPrecisionBits - 1)};
            for (int t = 0; t < w.count[size_t(o)]; ++t) {
                const int i = w.first[size_t(o)] + t;
                const std::uint8_t *p = horizontal ? in.pixel(i, y) : in.pixel(x, i);
                for (int c = 0; c < 3; ++c)
                    sum[c] += std::int64_t(p[c]) * k[t];
            }
            std::uint8_t *q = out.pixel(x, y);
            for (int c = 0; c < 3; ++c)
                q[c] = clip8(sum[c]);
        }
    return out;
}

} // namespace

Image resizeImage(const Image &image, int width, int height)
{
    // The reference resizes with PIL's BICUBIC (transforms.Resize(..., Image.BICUBIC)): a = -0.5, the
    // kernel widened when shrinking, horizontal pass first, 8-bit rounding in between. This is that
    // algorithm, so training sees the pixels the reference's data loader gives.
    if (image.width == width && image.height == height)
        return image;
    const Image horizontal = image.width == width ? image : resamplePass(image, width, true);
    return image.height == height ? horizontal : resamplePass(horizontal, height, false);
}

} // namespace engine
