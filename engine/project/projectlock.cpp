#include "project/projectlock.h"

#include "engine/core/atomicfile.h"
#include "engine/core/error.h"

#include <cerrno>
#include <cstring>
#include <string>

#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#endif

namespace fs = std::filesystem;

namespace engine {

#ifdef _WIN32

struct ProjectLock::Private
{
    HANDLE file = INVALID_HANDLE_VALUE;
};

ProjectLock::ProjectLock(const fs::path &projectDir) : d(std::make_unique<Private>())
{
    const auto path = projectDir / ".cyclestudio.lock";
    d->file = CreateFileW(path.wstring().c_str(), GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_ALWAYS,
                          FILE_ATTRIBUTE_HIDDEN, nullptr);
    if (d->file == INVALID_HANDLE_VALUE)
        throw Error("Cannot open the project's lock file \"" + displayPath(path) + "\".");
    OVERLAPPED overlapped{};
    if (!LockFileEx(d->file, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &overlapped)) {
        CloseHandle(d->file);
        d->file = INVALID_HANDLE_VALUE;
        throw Error("The project \"" + displayPath(projectDir) + "\" is being trained by another CycleStudio. Stop that one first.");
    }
}

ProjectLock::~ProjectLock()
{
    if (d->file != INVALID_HANDLE_VALUE)
        CloseHandle(d->file); // releases the lock
}

#else

struct ProjectLock::Private
{
    int fd = -1;
};

ProjectLock::ProjectLock(const fs::path &projectDir) : d(std::make_unique<Private>())
{
    const auto path = projectDir / ".cyclestudio.lock";
    d->fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (d->fd < 0)
        throw Error("Cannot open the project's lock file \"" + displayPath(path) + "\": " + std::strerror(errno) + ".");
    if (::flock(d->fd, LOCK_EX | LOCK_NB) != 0) {
        char buf[32] = {};
        const auto n = ::pread(d->fd, buf, sizeof buf - 1, 0);
        ::close(d->fd);
        d->fd = -1;
        const std::string holder = n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
        throw Error("The project \"" + displayPath(projectDir) + "\" is being trained by another CycleStudio" +
                    (holder.empty() ? std::string() : " (process " + holder + ")") + ". Stop that one first, or wait until it finishes.");
    }
    const std::string pid = std::to_string(static_cast<long>(::getpid()));
    if (::ftruncate(d->fd, 0) == 0)
        (void)!::pwrite(d->fd, pid.data(), pid.size(), 0);
}

ProjectLock::~ProjectLock()
{
    if (d->fd >= 0)
        ::close(d->fd); // releases the lock
}

#endif

} // namespace engine
