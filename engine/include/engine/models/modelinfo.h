#pragma once
// What a project's or a model file's networks are, without loading any weights: parameter counts by
// network name (G_A, G_B, D_A, D_B for the CycleGAN mode; G and D for the multi-domain mode). No torch here.

#include "engine/project/options.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace engine {

class Project;

using ParameterCounts = std::vector<std::pair<std::string, std::int64_t>>;

ParameterCounts parameterCounts(const Project &project);
std::int64_t generatorParameters(const ModelOptions &model);

} // namespace engine
