#pragma once
// Fine-tuning: a new project that starts from a trained model instead of random weights, so an artist can
// adapt it to a new, small set of images quickly. The architecture and
// loss settings come from the source; the learning rate and schedule are chosen afresh; parts of both
// generators can be frozen (they keep their loaded weights and get no optimiser state). The project's
// first checkpoint (iteration 0) holds the loaded weights and records what is frozen and where the
// weights came from, so training, resuming and the window all see the same thing. No torch here.

#include "engine/project/options.h"
#include "engine/project/project.h"

#include <filesystem>
#include <string>
#include <vector>

namespace engine {

struct FineTuneOptions
{
    // A project folder (its newest readable checkpoint: all four networks), a .csm model file or a PyTorch
    // generator (.pth, as the official CycleGAN code saves it) (its generator; the other generator and both
    // discriminators start from random weights).
    std::filesystem::path source;
    bool freezeEncoder = true;
    int freezeBlocks = 0;
    double lr = 1e-4; // half the paper's 2e-4: the weights are already close
    int epochs = 10;
    int epochsDecay = 10;
};

// `base` gives what is not taken from the source: batch size, seed, preview and checkpoint intervals.
// Throws engine::Error (unreadable source, frozen blocks the model does not have, existing project).
Project createFineTuneProject(const std::filesystem::path &dir, std::vector<std::filesystem::path> domainA,
                              std::vector<std::filesystem::path> domainB, const FineTuneOptions &fineTune, const TrainOptions &base);

// "encoder and residual blocks 1–3 of both generators" or "nothing", for messages and the window.
std::string describeFrozen(const TrainOptions &options);

} // namespace engine
