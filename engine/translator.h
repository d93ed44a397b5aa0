#pragma once
// Translator: runs one trained generator over images at full resolution, and exports folders.
// Whole-image inference pads the sides to a multiple of 4 and crops back. Images above a pixel budget
// are processed in tiles whose instance-norm statistics are those of the whole image, so the result is
// the same as a whole-image pass (up to float rounding) without its memory. Folder export overlaps
// decoding, inference and encoding on three threads. Lives on the thread that calls it. No torch here.

#include "engine/checkpoint.h"
#include "engine/image.h"
#include "engine/options.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace engine {

struct ExportItem
{
    std::filesystem::path input, output;
};

struct SkippedFile
{
    std::filesystem::path path;
    std::string reason;
};

struct ExportPlan
{
    std::vector<ExportItem> items;
    std::vector<SkippedFile> skipped; // found at planning time (e.g. output would overwrite the input)
};

struct ExportProgress
{
    int done = 0, total = 0;
    std::filesystem::path current;
    double elapsedSeconds = 0, etaSeconds = -1;
};

struct ExportResult
{
    int written = 0;
    std::vector<SkippedFile> skipped;
    bool cancelled = false;
};

// Maps inputs (files and folders) to outputs under outDir, mirroring subfolders and names. A single
// folder input maps its contents straight into outDir; with several inputs each folder gets a subfolder.
// format: "" keeps each input's extension, else e.g. "png" or "jpg". Refuses an output folder that is
// one of the inputs or inside one, and one that cannot be created or written to.
ExportPlan planExport(const std::vector<std::filesystem::path> &inputs, const std::filesystem::path &outDir,
                      const std::string &format = "");

// The folder export behind Translator::exportFiles for any per-image translation: decoding, translating
// and encoding overlap on three threads; progress returning false cancels after the current image.
ExportResult exportImages(const ExportPlan &plan, const std::function<Image(const Image &)> &translate,
                          const std::function<bool(const ExportProgress &)> &progress);

class Translator
{
public:
    static std::unique_ptr<Translator> fromModelFile(const std::filesystem::path &file, const RuntimeOptions &runtime);
    // The generator of the project's newest readable checkpoint.
    static std::unique_ptr<Translator> fromProject(const std::filesystem::path &projectDir, Direction direction,
                                                   const RuntimeOptions &runtime);
    ~Translator();

    Image translate(const Image &image);               // whole or tiled, by size
    Image translateWhole(const Image &image);
    Image translateTiled(const Image &image, int tileSize, int halo = -1); // halo -1: the receptive field

    // Images above this many pixels are tiled (default 4 MP on a CPU, 16 MP on a GPU).
    void setTilingThreshold(std::int64_t pixels) { m_tileAbove = pixels; }
    int receptiveRadius() const;

    ExportResult exportFiles(const ExportPlan &plan, const std::function<bool(const ExportProgress &)> &progress);

    // Writes the generator as a model file for sharing.
    void saveModel(const std::filesystem::path &file) const;

    const ModelFileInfo &info() const { return m_info; }
    std::string deviceDescription() const;

private:
    Translator();
    void readyGenerator(); // moves the loaded generator to the device, eval mode, tiling threshold
    struct Private;
    std::unique_ptr<Private> d;
    ModelFileInfo m_info;
    std::int64_t m_tileAbove = 4'000'000;
};

} // namespace engine
