#include "project/archivepeek.h"

#include "core/zipcheck.h"
#include "engine/core/atomicfile.h"
#include "engine/core/error.h"

#include <fstream>
#include <optional>

namespace fs = std::filesystem;

namespace engine {

namespace {

std::uint32_t u32(const std::string &b, std::size_t at)
{
    return std::uint32_t(std::uint8_t(b[at])) | (std::uint32_t(std::uint8_t(b[at + 1])) << 8) |
           (std::uint32_t(std::uint8_t(b[at + 2])) << 16) | (std::uint32_t(std::uint8_t(b[at + 3])) << 24);
}
std::uint16_t u16(const std::string &b, std::size_t at) { return std::uint16_t(std::uint8_t(b[at]) | (std::uint8_t(b[at + 1]) << 8)); }

std::string readAt(std::ifstream &in, std::uint64_t offset, std::size_t size)
{
    std::string bytes(size, '\0');
    in.seekg(static_cast<std::streamoff>(offset));
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    if (std::size_t(in.gcount()) != size)
        throw std::runtime_error("short read");
    return bytes;
}

// The data.pkl record's bytes, checked against the CRC-32 its directory entry gives.
std::string dataPickle(std::ifstream &in, std::uint64_t fileSize)
{
    const std::size_t tailSize = std::size_t(std::min<std::uint64_t>(fileSize, 22 + 65535 + 20));
    const std::string tail = readAt(in, fileSize - tailSize, tailSize);
    std::size_t eocd = std::string::npos;
    for (std::size_t at = tailSize >= 22 ? tailSize - 22 : 0;; --at) {
        if (u32(tail, at) == 0x06054b50u) {
            eocd = at;
            break;
        }
        if (at == 0)
            break;
    }
    if (eocd == std::string::npos)
        throw std::runtime_error("no zip directory");
    std::uint64_t entries = u16(tail, eocd + 10), dirSize = u32(tail, eocd + 12), dirOffset = u32(tail, eocd + 16);
    if (dirOffset == 0xFFFFFFFFu && eocd >= 20 && u32(tail, eocd - 20) == 0x07064b50u) { // zip64
        const std::string locator = tail.substr(eocd - 20, 20);
        const std::uint64_t at = std::uint64_t(u32(locator, 8)) | (std::uint64_t(u32(locator, 12)) << 32);
        const std::string z64 = readAt(in, at, 56);
        entries = std::uint64_t(u32(z64, 32)) | (std::uint64_t(u32(z64, 36)) << 32);
        dirSize = std::uint64_t(u32(z64, 40)) | (std::uint64_t(u32(z64, 44)) << 32);
        dirOffset = std::uint64_t(u32(z64, 48)) | (std::uint64_t(u32(z64, 52)) << 32);
    }
    if (dirOffset + dirSize > fileSize || dirSize > (64u << 20))
        throw std::runtime_error("damaged zip directory");
    const std::string dir = readAt(in, dirOffset, std::size_t(dirSize));
    std::size_t at = 0;
    for (std::uint64_t i = 0; i < entries && at + 46 <= dir.size(); ++i) {
        const std::uint16_t nameLength = u16(dir, at + 28), extraLength = u16(dir, at + 30), commentLength = u16(dir, at + 32);
        const std::string name = dir.substr(at + 46, nameLength);
        const auto slash = name.find('/');
        if (slash != std::string::npos && name.substr(slash + 1) == "data.pkl") {
            const std::uint32_t crc = u32(dir, at + 16), size = u32(dir, at + 24), local = u32(dir, at + 42);
            if (size > (64u << 20) || u16(dir, at + 10) != 0)
                throw std::runtime_error("unexpected data.pkl");
            const std::string header = readAt(in, local, 30);
            if (u32(header, 0) != 0x04034b50u)
                throw std::runtime_error("damaged record");
            const std::string bytes = readAt(in, local + 30 + u16(header, 26) + u16(header, 28), size);
            if (crc32(bytes.data(), bytes.size()) != crc)
                throw std::runtime_error("data.pkl fails its checksum");
            return bytes;
        }
        at += 46 + std::size_t(nameLength) + extraLength + commentLength;
    }
    throw std::runtime_error("no data.pkl");
}

// The pickled text string that follows `at` (BINUNICODE or SHORT_BINUNICODE), or none.
std::optional<std::string> textAt(const std::string &pickle, std::size_t &at)
{
    if (at < pickle.size() && pickle[at] == 'X' && at + 5 <= pickle.size()) {
        const std::uint32_t length = u32(pickle, at + 1);
        if (at + 5 + length <= pickle.size()) {
            std::string text = pickle.substr(at + 5, length);
            at += 5 + length;
            return text;
        }
    } else if (at + 2 <= pickle.size() && std::uint8_t(pickle[at]) == 0x8c) {
        const std::size_t length = std::uint8_t(pickle[at + 1]);
        if (at + 2 + length <= pickle.size()) {
            std::string text = pickle.substr(at + 2, length);
            at += 2 + length;
            return text;
        }
    }
    return std::nullopt;
}

// The value pickled right after the key string `key` (the module's attribute name, then its value).
std::string stringAfterKey(const std::string &pickle, const std::string &key)
{
    for (std::size_t at = 0; at < pickle.size(); ++at) {
        std::size_t next = at;
        const auto text = textAt(pickle, next);
        if (!text || *text != key)
            continue;
        // Between the key and its value the pickler may put a memo opcode (BINPUT, LONG_BINPUT).
        for (int skipped = 0; skipped < 2 && next < pickle.size(); ++skipped) {
            if (pickle[next] == 'q')
                next += 2;
            else if (pickle[next] == 'r')
                next += 5;
            else
                break;
        }
        if (const auto value = textAt(pickle, next))
            return *value;
    }
    throw std::runtime_error("no " + key);
}

} // namespace

ArchivePeek peekArchive(const fs::path &path)
{
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    std::ifstream in(path, std::ios::binary);
    if (ec || !in)
        throw Error("Cannot read \"" + displayPath(path) + "\".");
    try {
        const std::string pickle = dataPickle(in, size);
        return {stringAfterKey(pickle, "format"), stringAfterKey(pickle, "header")};
    } catch (const std::exception &) {
        throw Error("\"" + displayPath(path) + "\" is damaged or is not a CycleStudio file.");
    }
}

} // namespace engine
