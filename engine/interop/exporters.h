#pragma once
// A generator written for other runtimes. TorchScript: a scripted module with the weights as parameters
// and forward(image) -> translated image, both [N, 3, H, W] in [-1, 1], H and W multiples of 4; it runs
// under torch.jit.load in Python and in C++. ONNX: one graph with dynamic batch, height and width (input
// "image", output "translated", same range), written with the ONNX library and checked by its checker
// when written. Both give the same numbers as the engine's generator (instance norm over the whole
// image, reflect padding, the transposed convolutions as ConvTranspose).

#include <filesystem>
#include <string>

namespace engine {

class ResnetGeneratorImpl;
struct ModelFileInfo;

void exportTorchScript(const ResnetGeneratorImpl &generator, const ModelFileInfo &info, const std::filesystem::path &file);
// Throws engine::Error with this sentence when this build has no ONNX library (onnxAvailable() is false).
inline constexpr const char *kOnnxMissing =
    "This build of CycleStudio cannot write ONNX: it was built without the ONNX library (libonnx-dev).";
void exportOnnx(const ResnetGeneratorImpl &generator, const ModelFileInfo &info, const std::filesystem::path &file);

// What the exported file says about itself (direction, trained size, value range), as JSON.
std::string exportDescription(const ModelFileInfo &info);

} // namespace engine
