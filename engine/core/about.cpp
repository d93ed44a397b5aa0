#include "engine/core/about.h"

#include <opencv2/core/version.hpp>
#include <torch/version.h>

namespace engine {

std::vector<LibraryInfo> engineLibraries()
{
    return {
        {"LibTorch", TORCH_VERSION, "BSD-3-Clause", "https://pytorch.org"},
        {"OpenCV", CV_VERSION, "Apache-2.0", "https://opencv.org"},
    };
}

} // namespace engine
