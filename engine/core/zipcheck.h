#pragma once
// Integrity of the files LibTorch writes: its archives are zip files whose tensor records are stored
// uncompressed, each with the CRC-32 of its content. LibTorch does not check them when reading, so a
// flipped bit in a tensor would load silently; verifyZipChecksums() recomputes every stored record's
// CRC-32 from the bytes and compares (compressed records, LibTorch's code files, are checked by inflating
// them). No torch here.

#include <cstdint>
#include <string>
#include <vector>

namespace engine {

std::uint32_t crc32(const void *data, std::size_t size, std::uint32_t crc = 0);

// A record of a zip file: its name and where its (stored) bytes are.
struct ZipRecord
{
    std::string name;
    std::uint64_t offset = 0, size = 0; // of the data, in the file
    std::uint32_t crc = 0;
    bool stored = true; // false: compressed
};
// The records of the zip file in `bytes`; throws engine::Error with a sentence naming the file when its
// directory is damaged or a record lies outside the file.
std::vector<ZipRecord> zipRecords(const std::string &bytes, const std::string &nameForMessages);

// Empty when every record of the zip file in `bytes` is intact; otherwise a sentence fragment saying what
// is wrong ("record archive/data/3 fails its checksum", "the zip directory is damaged").
std::string verifyZipChecksums(const std::string &bytes);

} // namespace engine
