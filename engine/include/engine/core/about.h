#pragma once
// The libraries the engine was built with, for --version and the About dialog. No torch here.

#include <string>
#include <utility>
#include <vector>

namespace engine {

struct LibraryInfo
{
    std::string name, version, licence, url;
};

std::vector<LibraryInfo> engineLibraries();

} // namespace engine
