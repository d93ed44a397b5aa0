#include "engine/core/atomicfile.h"

#include "engine/core/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>

#ifndef _WIN32
#include <fcntl.h>
#include <unistd.h>
#endif

namespace fs = std::filesystem;

namespace engine {

namespace {
std::function<void(const fs::path &)> g_hook;

std::string tempSuffix()
{
    std::random_device rd;
    return ".tmp-" + std::to_string(rd() % 1000000);
}
} // namespace

void setAtomicWriteHookForTesting(std::function<void(const fs::path &)> hook) { g_hook = std::move(hook); }

std::string displayPath(const fs::path &path)
{
    const auto u8 = path.u8string();
    return std::string(u8.begin(), u8.end());
}

void writeFileAtomic(const fs::path &path, const std::string &bytes)
{
    const fs::path tmp = path.string() + tempSuffix();
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw Error("Cannot write \"" + displayPath(path) + "\": " + std::strerror(errno) + ".");
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            const int err = errno;
            out.close();
            std::error_code ec;
            fs::remove(tmp, ec);
            throw Error("Cannot write \"" + displayPath(path) + "\": " +
                        (err ? std::strerror(err) : "the disk may be full") + ". The previous file is kept.");
        }
    }
#ifndef _WIN32
    // Make the data durable before the rename makes it visible.
    if (int fd = ::open(tmp.c_str(), O_RDONLY); fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
#endif
    try {
        if (g_hook)
            g_hook(tmp);
    } catch (...) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw;
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw Error("Cannot replace \"" + displayPath(path) + "\": " + ec.message() + ". The previous file is kept.");
    }
}

std::string readFileBytes(const fs::path &path)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw Error("The file \"" + displayPath(path) + "\" does not exist.");
    if (fs::is_directory(path, ec))
        throw Error("\"" + displayPath(path) + "\" is a folder, not a file.");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("Cannot open \"" + displayPath(path) + "\": " + std::strerror(errno) + ".");
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad())
        throw Error("Cannot read \"" + displayPath(path) + "\".");
    return bytes;
}

} // namespace engine
