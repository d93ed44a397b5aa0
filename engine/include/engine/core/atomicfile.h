#pragma once
// Atomic file writes: data goes to a temporary file beside the target, is flushed, and is renamed over
// the target only when complete, so a crash, a full disk or a failure mid-write never leaves a
// half-written file under the final name.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>

namespace engine {

// Writes bytes to path atomically. Throws engine::Error with the reason (disk full, permission...).
void writeFileAtomic(const std::filesystem::path &path, const std::string &bytes);
void writeFileAtomic(const std::filesystem::path &path, const void *data, std::size_t size);

// Test hook: when set, called after the temporary file is written and before it is renamed into place.
// A test throws from it to simulate a crash mid-write.
void setAtomicWriteHookForTesting(std::function<void(const std::filesystem::path &tmp)> hook);

// Removes the temporary files of writes whose process no longer runs (killed mid-write), in `folder`
// (not below it). With includeUnowned, also those of older versions, whose names carry no process id.
// Returns how many were removed.
int removeOrphanTempFiles(const std::filesystem::path &folder, bool includeUnowned = false);

// Reads a whole file. Throws engine::Error if it cannot be read.
std::string readFileBytes(const std::filesystem::path &path);

// A path as UTF-8 for messages.
std::string displayPath(const std::filesystem::path &path);

} // namespace engine
