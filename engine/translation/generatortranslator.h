#pragma once
// GeneratorTranslator: runs one trained CycleGAN generator over images at full resolution. Whole-image
// inference pads the sides to a multiple of 4 and crops back. Images above a pixel budget are processed
// in tiles whose instance-norm statistics are those of the whole image, so the result is the same as a
// whole-image pass (up to float rounding) without its memory. Lives on the thread that calls it.

#include "engine/translation/translator.h"

#include <memory>

namespace engine {

class ResnetGeneratorImpl;

class GeneratorTranslator final : public Translator
{
public:
    static std::unique_ptr<GeneratorTranslator> fromModelFile(const std::filesystem::path &file, const RuntimeOptions &runtime);
    // The generator of the project's newest readable checkpoint.
    static std::unique_ptr<GeneratorTranslator> fromProject(const std::filesystem::path &projectDir, Direction direction,
                                                            const RuntimeOptions &runtime);
    ~GeneratorTranslator() override;

    Image translate(const Image &image) override; // whole or tiled, by size
    Image translateWhole(const Image &image);
    Image translateTiled(const Image &image, int tileSize, int halo = -1); // halo -1: the receptive field

    // Images above this many pixels are tiled (default 4 MP on a CPU, 16 MP on a GPU).
    void setTilingThreshold(std::int64_t pixels) { m_tileAbove = pixels; }
    int receptiveRadius() const;

    // Writes the generator as a model file for sharing.
    void saveModel(const std::filesystem::path &file) const;

    const ModelFileInfo &info() const { return m_info; }
    const ResnetGeneratorImpl &generator() const;
    std::int64_t iteration() const override { return m_info.iteration; }
    std::string deviceDescription() const override;

private:
    GeneratorTranslator();
    void readyGenerator(); // moves the loaded generator to the device, eval mode, tiling threshold
    struct Private;
    std::unique_ptr<Private> d;
    ModelFileInfo m_info;
    std::int64_t m_tileAbove = 4'000'000;
};

} // namespace engine
