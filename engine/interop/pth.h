#pragma once
// PyTorch .pth files (torch.save(state_dict)): read in both formats, the zip format of PyTorch 1.6 and
// later and the legacy format of older releases (in which most published CycleGAN generators are), with
// the restricted unpickler of interop/pickle.h; written in the zip format with the keys the official
// code uses. Tensors become float32 (float16, bfloat16 and float64 are converted); non-finite weights
// and storages whose sizes disagree with the shapes are refused. No Python is ever run.

#include <torch/torch.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace engine {

// Names and tensors in the file's order.
using StateDict = std::vector<std::pair<std::string, torch::Tensor>>;

// Throws engine::Error with a sentence: not a .pth, damaged or truncated, a hostile or non-state_dict
// pickle, sizes that disagree, non-finite weights.
StateDict readStateDict(const std::filesystem::path &file);
StateDict readStateDictBytes(const std::string &bytes, const std::string &nameForMessages);

// The zip format of torch.save (PyTorch 1.6 and later), written atomically: torch.load in Python gives
// an OrderedDict of the tensors, which load_state_dict(strict=True) accepts.
void writeStateDict(const StateDict &state, const std::filesystem::path &file);
std::string stateDictBytes(const StateDict &state, const std::string &archiveName = "archive");

} // namespace engine
