#pragma once
// Integrity of the files LibTorch writes: its archives are zip files whose tensor records are stored
// uncompressed, each with the CRC-32 of its content. LibTorch does not check them when reading, so a
// flipped bit in a tensor would load silently; verifyZipChecksums() recomputes every stored record's
// CRC-32 from the bytes and compares (compressed records, LibTorch's code files, are checked by inflating
// them). No torch here.

#include <cstdint>
#include <string>

namespace engine {

std::uint32_t crc32(const void *data, std::size_t size, std::uint32_t crc = 0);

// Empty when every record of the zip file in `bytes` is intact; otherwise a sentence fragment saying what
// is wrong ("record archive/data/3 fails its checksum", "the zip directory is damaged").
std::string verifyZipChecksums(const std::string &bytes);

} // namespace engine
