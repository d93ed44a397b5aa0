#pragma once
// Models in and out of the PyTorch world. In: the official CycleGAN code's generators saved with
// torch.save(state_dict) (.pth, both formats, read by a restricted reader that never runs anything), and
// its training folders (latest_net_G_A.pth ... with train_opt.txt). Out: a project's generator as a
// CycleStudio model file, as a .pth with the official key names, as TorchScript, or as ONNX. No torch
// here.

#include "engine/project/checkpoint.h"
#include "engine/project/options.h"
#include "engine/project/project.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace engine {

enum class ModelFormat { Csm, Pth, TorchScript, Onnx };
std::string modelFormatName(ModelFormat format); // csm, pth, torchscript, onnx
std::optional<ModelFormat> modelFormatFromName(const std::string &name);
std::string modelFormatExtension(ModelFormat format); // .csm, .pth, .pt, .onnx
// Whether this build can write ONNX (it needs the ONNX library when built).
bool onnxAvailable();

// "CycleGAN ResNet generator, 9 residual blocks, ngf 64".
std::string generatorArchitecture(const ModelOptions &model);
// Gives a CycleStudio model file another name (in its header; the file keeps its name), atomically.
void renameModelFile(const std::filesystem::path &csm, const std::string &name);

// A .pth or .pt file, by its name.
bool isPytorchFile(const std::filesystem::path &file);

// What a model file holds: a .csm's header, or what a .pth generator is (inspectPytorchGenerator). Throws
// engine::Error with a sentence.
ModelFileInfo anyModelFileInfo(const std::filesystem::path &file);

struct ImportedModel
{
    ModelFileInfo info;       // direction from the file name (G_B: B to A), trained at 256 px
    std::string architecture; // "official CycleGAN ResNet generator, 9 residual blocks, ngf 64"
    std::int64_t parameters = 0;
};
// Reads a generator's .pth and says what it is. Throws engine::Error with a sentence.
ImportedModel inspectPytorchGenerator(const std::filesystem::path &pth);
// The same, written as a CycleStudio model file named `name` ("" : the .pth's name).
ImportedModel importPytorchGenerator(const std::filesystem::path &pth, const std::filesystem::path &csm, const std::string &name = {});

// Writes one direction of a project's newest usable generator in the format; returns what it wrote.
ModelFileInfo exportModelAs(const std::filesystem::path &projectDir, Direction direction, ModelFormat format,
                            const std::filesystem::path &file);

// A training folder of the official code: <epoch>_net_G_A.pth, _G_B, _D_A, _D_B and train_opt.txt.
struct OfficialTraining
{
    std::filesystem::path folder;
    std::string epoch = "latest"; // or a number: training continues after that epoch
};
// A new project that continues an official training: its four networks and its options (netG, ngf,
// ndf, n_layers_D, norm, gan_mode, the lambdas, pool_size, load and crop size, lr, beta1 and the epochs)
// from train_opt.txt when present. The official code saves no optimizer state, so Adam starts fresh;
// `notes` receives sentences saying so and what else was assumed. Throws engine::Error.
Project createFromOfficialTraining(const std::filesystem::path &dir, std::vector<std::filesystem::path> domainA,
                                   std::vector<std::filesystem::path> domainB, const OfficialTraining &source, const TrainOptions &base,
                                   std::vector<std::string> *notes = nullptr);

} // namespace engine
