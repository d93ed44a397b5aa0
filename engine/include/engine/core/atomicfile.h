#pragma once
// Atomic file writes: data goes to a temporary file beside the target, is flushed, and is renamed over
// the target only when complete, so a crash, a full disk or a failure mid-write never leaves a
// half-written file under the final name.

#include <filesystem>
#include <functional>
#include <string>

namespace engine {

// Writes bytes to path atomically. Throws engine::Error with the reason (disk full, permission...).
void writeFileAtomic(const std::filesystem::path &path, const std::string &bytes);

// Test hook: when set, called after the temporary file is written and before it is renamed into place.
// A test throws from it to simulate a crash mid-write.
void setAtomicWriteHookForTesting(std::function<void(const std::filesystem::path &tmp)> hook);

// Reads a whole file. Throws engine::Error if it cannot be read.
std::string readFileBytes(const std::filesystem::path &path);

// A path as UTF-8 for messages.
std::string displayPath(const std::filesystem::path &path);

} // namespace engine
