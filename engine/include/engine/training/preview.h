#pragma once
// PreviewGrid: what a trainer shows of its progress. The CycleGAN mode has rows of
// real A | A→B | A→B→A and real B | B→A | B→A→B on fixed samples; the multi-domain mode has `rows`: for
// each sample a row real | into domain 1 | … | into domain N and under it a row of the translations
// brought back to the sample's own domain (the first cell left empty). No torch here.

#include "engine/core/image.h"

#include <cstdint>
#include <vector>

namespace engine {

struct PreviewGrid
{
    std::int64_t iteration = 0;
    std::vector<Image> realA, fakeB, recA, realB, fakeA, recB;
    std::vector<std::vector<Image>> rows;
    Image composed() const; // one picture, as saved in the project's previews/
};

} // namespace engine
