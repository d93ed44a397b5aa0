#pragma once
// Reading what a CycleStudio file is without loading it: the LibTorch archive's small data.pkl record
// (its pickled attributes, tensors aside) is read from the zip, checked against its CRC-32, and the
// "format" and "header" strings, which every CycleStudio file writes first, are taken from it. This is
// how the checkpoints of a project are ordered (by the iteration in their header) and told apart (by
// the project they belong to) without reading hundreds of megabytes of weights. No torch here.

#include <filesystem>
#include <string>

namespace engine {

struct ArchivePeek
{
    std::string format; // "cyclestudio-checkpoint", ...
    std::string header; // JSON
};

// Throws engine::Error naming the file when it is not a readable archive with those strings.
ArchivePeek peekArchive(const std::filesystem::path &path);

} // namespace engine
