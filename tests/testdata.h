#pragma once
// Test data made by the tests themselves: tiny images, datasets and projects.

#include "engine/core/device.h"
#include "engine/core/imageio.h"
#include "engine/project/options.h"

#include <QTemporaryDir>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace testdata {

// Where the engine tests train and translate: the CPU, or a CUDA GPU when CYCLESTUDIO_TEST_DEVICE=cuda
// (scripts/gpu-check runs them so).
inline engine::RuntimeOptions testRuntime()
{
    engine::RuntimeOptions runtime;
    const char *device = std::getenv("CYCLESTUDIO_TEST_DEVICE");
    runtime.device = device && std::string(device) == "cuda" ? engine::DeviceChoice::Cuda : engine::DeviceChoice::Cpu;
    return runtime;
}

// Exact resume is bit-for-bit on the CPU. On a GPU, cuDNN's algorithms and the atomic additions of
// some backward kernels (reflection padding's) sum in a varying order, so two runs differ in the last
// bits and a GAN's training amplifies that.
inline bool bitReproducible(const engine::RuntimeOptions &runtime) { return runtime.device != engine::DeviceChoice::Cuda; }
constexpr const char *kNotBitReproducible = "CUDA training is not bit-reproducible; exact resume is checked on the CPU.";

inline std::filesystem::path path(const QTemporaryDir &dir, const char *name = "")
{
    return std::filesystem::u8path(dir.path().toStdString()) / std::filesystem::u8path(name);
}

// A learnable pair of domains: A are horizontal stripes, B vertical stripes, with random phases/colours.
inline engine::Image stripes(int size, bool vertical, int seed)
{
    engine::Image img(size, size);
    const int period = 4 + seed % 5;
    const std::uint8_t c0 = static_cast<std::uint8_t>(40 + (seed * 37) % 120);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const int t = vertical ? x : y;
            const bool on = ((t + seed) / period) % 2 == 0;
            auto *p = img.pixel(x, y);
            p[0] = on ? 230 : c0;
            p[1] = on ? 200 : static_cast<std::uint8_t>(c0 / 2);
            p[2] = on ? 60 : static_cast<std::uint8_t>(255 - c0);
        }
    return img;
}

inline void makeDomains(const std::filesystem::path &root, int count = 6, int size = 40)
{
    std::filesystem::create_directories(root / "A");
    std::filesystem::create_directories(root / "B");
    for (int i = 0; i < count; ++i) {
        engine::saveImage(stripes(size, false, i), root / "A" / ("a" + std::to_string(i) + ".png"));
        engine::saveImage(stripes(size, true, i + 100), root / "B" / ("b" + std::to_string(i) + ".png"));
    }
}

// Options for a model that trains in milliseconds: ngf/ndf 8, one residual block, 32 px.
inline engine::TrainOptions tinyOptions()
{
    engine::TrainOptions o;
    o.model.ngf = 8;
    o.model.ndf = 8;
    o.model.blocks = 1;
    o.cropSize = 32;
    o.loadSize = 36;
    o.epochs = 2;
    o.epochsDecay = 2;
    o.seed = 7;
    o.previewEvery = 1000;
    o.checkpointEvery = 1000;
    o.poolSize = 4;
    return o;
}

// The multi-domain counterpart: 32 px, 8 filters, one residual block, batch 4.
inline engine::MultiDomainOptions tinyMultiDomainOptions()
{
    engine::MultiDomainOptions o;
    o.imageSize = 32;
    o.gConvDim = 8;
    o.dConvDim = 8;
    o.gRepeat = 1;
    o.dRepeat = 3;
    o.batchSize = 4;
    o.epochs = 20;
    o.epochsDecay = 0;
    o.seed = 11;
    o.previewEvery = 1000;
    o.checkpointEvery = 1000;
    return o;
}

} // namespace testdata
