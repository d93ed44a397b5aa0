#pragma once
// Folder export: inputs (files and folders) mapped to outputs with mirrored subfolders and names, then
// translated with decoding, translation and encoding overlapping on three threads. Used by every
// translator (Translator::exportFiles). No torch here.

#include "engine/core/image.h"

#include <filesystem>
#include <functional>
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
    int bitsPerChannel = 8; // 16: PNG or TIFF with the translation's full precision
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
    // Wall time of the whole export, and the part of it the translating thread spent in the model: the
    // rest is waiting for decoding or encoding, which run alongside.
    double seconds = 0, translatingSeconds = 0;
};

// Maps inputs (files and folders) to outputs under outDir, mirroring subfolders and names. A single
// folder input maps its contents straight into outDir; with several inputs each folder gets a subfolder.
// format: "" keeps each input's extension, else e.g. "png" or "jpg"; "png16" and "tif16" write PNG or
// TIFF with 16 bits per channel (for print: smooth gradients without banding). Refuses an output folder that is
// one of the inputs or inside one, and one that cannot be created or written to.
ExportPlan planExport(const std::vector<std::filesystem::path> &inputs, const std::filesystem::path &outDir,
                      const std::string &format = "");

// The folder export behind Translator::exportFiles for any per-image translation: decoding, translating
// and encoding overlap on three threads; progress returning false cancels after the current image.
ExportResult exportImages(const ExportPlan &plan, const std::function<Image(const Image &)> &translate,
                          const std::function<bool(const ExportProgress &)> &progress);

} // namespace engine
