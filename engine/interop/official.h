#pragma once
// The official CycleGAN code's networks (junyanz/pytorch-CycleGAN-and-pix2pix, models/networks.py) as
// state_dicts: ResnetGenerator (--netG resnet_Nblocks, any ngf, instance norm, no dropout) and
// NLayerDiscriminator (--netD basic / n_layers). Their keys are mapped to this engine's networks both
// ways; the architecture is inferred from the key names and shapes. Quirks of real files are handled as
// PyTorch's own loading code handles them: a DataParallel "module." prefix is stripped, and the
// running_mean, running_var and num_batches_tracked entries that 2017-era instance-norm layers saved are
// dropped. Other architectures (U-Net, batch norm, dropout) are refused with a sentence naming what was
// found.

#include "engine/interop/pytorch.h"
#include "engine/project/options.h"
#include "interop/pth.h"

#include <filesystem>
#include <string>

namespace engine {

class ResnetGeneratorImpl;
class PatchDiscriminatorImpl;

struct OfficialGenerator
{
    ModelOptions model; // ngf and blocks inferred
    StateDict weights;  // in this engine's names (conv_in.weight, blocks.0.conv1.weight, ...)
};

// `what` names the file in messages.
OfficialGenerator fromOfficialGenerator(StateDict state, const std::string &what);
// A generator's .pth read and mapped (engine/interop/pytorch.cpp); throws engine::Error with a sentence.
OfficialGenerator readOfficialGenerator(const std::filesystem::path &pth);
// What an imported generator is: its file information (direction from the name: G_B translates B to A),
// architecture sentence and parameter count.
ImportedModel describeImported(const std::filesystem::path &pth, const OfficialGenerator &g);
// The generator's weights in the official names (model.1.weight, model.10.conv_block.1.weight, ...).
StateDict toOfficialGenerator(const ResnetGeneratorImpl &generator);

struct OfficialDiscriminator
{
    int ndf = 64, layers = 3;
    StateDict weights; // this engine's names (the official ones: model.0.weight, ...)
};
OfficialDiscriminator fromOfficialDiscriminator(StateDict state, const std::string &what);

// Copies weights by name into a module, with shape checks; every parameter must be given.
void loadWeights(torch::nn::Module &module, const StateDict &weights, const std::string &what);

} // namespace engine
