#include "engine/core/atomicfile.h"

#include "engine/core/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <regex>

#ifndef _WIN32
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#endif

namespace fs = std::filesystem;

namespace engine {

namespace {
std::function<void(const fs::path &)> g_hook;

// ".tmp-<process id>-<random>": the process id tells whether the writer is still alive.
std::string tempSuffix()
{
    std::random_device rd;
#ifndef _WIN32
    const long pid = static_cast<long>(::getpid());
#else
    const long pid = 0;
#endif
    return ".tmp-" + std::to_string(pid) + "-" + std::to_string(rd() % 1000000);
}

bool processAlive(long pid)
{
#ifndef _WIN32
    return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
#else
    (void)pid;
    return true;
#endif
}
} // namespace

void setAtomicWriteHookForTesting(std::function<void(const fs::path &)> hook) { g_hook = std::move(hook); }

std::string displayPath(const fs::path &path)
{
    const auto u8 = path.u8string();
    return std::string(u8.begin(), u8.end());
}

void writeFileAtomic(const fs::path &path, const std::string &bytes) { writeFileAtomic(path, bytes.data(), bytes.size()); }

void writeFileAtomic(const fs::path &path, const void *data, std::size_t size)
{
    std::error_code isDir;
    if (fs::is_directory(path, isDir))
        throw Error("\"" + displayPath(path) + "\" is a folder; give the name of a file to write.");
    const fs::path tmp = path.string() + tempSuffix();
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw Error("Cannot write \"" + displayPath(path) + "\": " + std::strerror(errno) + ".");
        out.write(static_cast<const char *>(data), static_cast<std::streamsize>(size));
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
        const auto reason = ec.message();
        fs::remove(tmp, ec);
        throw Error("Cannot replace \"" + displayPath(path) + "\": " + reason + ". The previous file is kept.");
    }
}

int removeOrphanTempFiles(const fs::path &folder, bool includeUnowned)
{
    static const std::regex owned(R"(.*\.tmp-(\d{1,9})-\d+)"), unowned(R"(.*\.tmp-\d+)");
    int removed = 0;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const auto name = it->path().filename().string();
        std::smatch m;
        const bool orphan = std::regex_match(name, m, owned) ? !processAlive(std::stol(m[1].str()))
                                                            : includeUnowned && std::regex_match(name, unowned);
        std::error_code removeError;
        if (orphan && it->is_regular_file(removeError) && fs::remove(it->path(), removeError))
            ++removed;
    }
    return removed;
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
    // One allocation of the file's size, one read: a large file is never held twice.
    const auto size = fs::file_size(path, ec);
    std::string bytes;
    if (!ec) {
        bytes.resize(static_cast<size_t>(size));
        in.read(bytes.data(), static_cast<std::streamsize>(size));
        bytes.resize(static_cast<size_t>(in.gcount()));
    } else {
        bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    if (in.bad())
        throw Error("Cannot read \"" + displayPath(path) + "\".");
    return bytes;
}

} // namespace engine
