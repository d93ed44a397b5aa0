#include "core/zipcheck.h"

#include "engine/core/error.h"

#include <array>
#include <cstring>

namespace engine {

namespace {

// Slicing-by-4 tables for the reflected CRC-32 polynomial 0xEDB88320 (zip, PNG, gzip).
struct Crc32Tables
{
    std::array<std::array<std::uint32_t, 256>, 4> t{};
    Crc32Tables()
    {
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[0][i] = c;
        }
        for (std::uint32_t i = 0; i < 256; ++i)
            for (int s = 1; s < 4; ++s)
                t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xFF];
    }
};

const Crc32Tables &tables()
{
    static const Crc32Tables instance;
    return instance;
}

std::uint16_t u16(const std::string &b, std::size_t at) { return std::uint16_t(std::uint8_t(b[at]) | (std::uint8_t(b[at + 1]) << 8)); }
std::uint32_t u32(const std::string &b, std::size_t at) { return std::uint32_t(u16(b, at)) | (std::uint32_t(u16(b, at + 2)) << 16); }
std::uint64_t u64(const std::string &b, std::size_t at) { return std::uint64_t(u32(b, at)) | (std::uint64_t(u32(b, at + 4)) << 32); }

struct Directory
{
    std::uint64_t entries = 0, offset = 0, size = 0;
};

// The central directory from the end-of-central-directory record (zip64 when the sizes need it).
bool findDirectory(const std::string &b, Directory &dir)
{
    if (b.size() < 22)
        return false;
    const std::size_t lowest = b.size() > 22 + 65535 ? b.size() - 22 - 65535 : 0;
    for (std::size_t at = b.size() - 22;; --at) {
        if (u32(b, at) == 0x06054b50u) {
            dir.entries = u16(b, at + 10);
            dir.size = u32(b, at + 12);
            dir.offset = u32(b, at + 16);
            if ((dir.entries == 0xFFFF || dir.offset == 0xFFFFFFFFu || dir.size == 0xFFFFFFFFu) && at >= 20 &&
                u32(b, at - 20) == 0x07064b50u) {
                const std::uint64_t z64 = u64(b, at - 20 + 8);
                if (z64 + 56 > b.size() || u32(b, std::size_t(z64)) != 0x06064b50u)
                    return false;
                dir.entries = u64(b, std::size_t(z64) + 32);
                dir.size = u64(b, std::size_t(z64) + 40);
                dir.offset = u64(b, std::size_t(z64) + 48);
            }
            return dir.offset + dir.size <= b.size();
        }
        if (at == lowest)
            return false;
    }
}

// Sizes and offset from a central-directory entry, with its zip64 extra field when present.
void readZip64Extra(const std::string &b, std::size_t extra, std::size_t extraLength, std::uint64_t &size, std::uint64_t &compressed,
                    std::uint64_t &local)
{
    for (std::size_t at = extra; at + 4 <= extra + extraLength;) {
        const std::uint16_t id = u16(b, at), length = u16(b, at + 2);
        std::size_t field = at + 4;
        if (id == 0x0001) {
            for (std::uint64_t *value : {&size, &compressed, &local})
                if (*value == 0xFFFFFFFFu && field + 8 <= at + 4 + length) {
                    *value = u64(b, field);
                    field += 8;
                }
        }
        at += 4 + std::size_t(length);
    }
}

} // namespace

std::uint32_t crc32(const void *data, std::size_t size, std::uint32_t crc)
{
    const auto &t = tables().t;
    const auto *p = static_cast<const std::uint8_t *>(data);
    crc = ~crc;
    while (size >= 4) {
        crc ^= std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8) | (std::uint32_t(p[2]) << 16) | (std::uint32_t(p[3]) << 24);
        crc = t[3][crc & 0xFF] ^ t[2][(crc >> 8) & 0xFF] ^ t[1][(crc >> 16) & 0xFF] ^ t[0][crc >> 24];
        p += 4;
        size -= 4;
    }
    while (size--)
        crc = t[0][(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

namespace {

// The records, or a sentence fragment saying what is wrong with the directory.
std::vector<ZipRecord> readDirectory(const std::string &b, std::string &problem)
{
    std::vector<ZipRecord> records;
    Directory dir;
    if (!findDirectory(b, dir)) {
        problem = "the zip directory at its end is missing or damaged";
        return records;
    }
    std::size_t at = std::size_t(dir.offset);
    for (std::uint64_t i = 0; i < dir.entries; ++i) {
        if (at + 46 > b.size() || u32(b, at) != 0x02014b50u) {
            problem = "the zip directory is damaged";
            return records;
        }
        const std::uint16_t method = u16(b, at + 10), nameLength = u16(b, at + 28), extraLength = u16(b, at + 30),
                            commentLength = u16(b, at + 32);
        ZipRecord r;
        r.crc = u32(b, at + 16);
        std::uint64_t compressed = u32(b, at + 20), size = u32(b, at + 24), local = u32(b, at + 42);
        if (at + 46 + nameLength + extraLength > b.size()) {
            problem = "the zip directory is damaged";
            return records;
        }
        r.name = b.substr(at + 46, nameLength);
        readZip64Extra(b, at + 46 + nameLength, extraLength, size, compressed, local);
        if (local + 30 > b.size() || u32(b, std::size_t(local)) != 0x04034b50u) {
            problem = "record " + r.name + " is missing";
            return records;
        }
        r.offset = local + 30 + u16(b, std::size_t(local) + 26) + u16(b, std::size_t(local) + 28);
        r.size = method == 0 ? size : compressed;
        r.stored = method == 0;
        if (r.offset + r.size > b.size() || (r.stored && compressed != size)) {
            problem = "record " + r.name + " is cut short";
            return records;
        }
        records.push_back(std::move(r));
        at += 46 + std::size_t(nameLength) + extraLength + commentLength;
    }
    return records;
}

} // namespace

std::vector<ZipRecord> zipRecords(const std::string &bytes, const std::string &nameForMessages)
{
    std::string problem;
    auto records = readDirectory(bytes, problem);
    if (!problem.empty())
        throw Error("\"" + nameForMessages + "\" is damaged or truncated: " + problem + ".");
    return records;
}

std::string verifyZipChecksums(const std::string &b)
{
    std::string problem;
    const auto records = readDirectory(b, problem);
    if (!problem.empty())
        return problem;
    // Compressed records (LibTorch's code files) are checked by inflating them when they are read; the
    // stored ones (every tensor, and the pickled structure) are not checked by anyone else.
    for (const auto &r : records)
        if (r.stored && crc32(b.data() + r.offset, std::size_t(r.size)) != r.crc)
            return "record " + r.name + " fails its checksum";
    return {};
}

} // namespace engine
