#pragma once
// ProjectLock: one writer per project. Whoever trains a project holds an advisory lock on
// <project>/.cyclestudio.lock (flock on Linux and macOS, LockFileEx on Windows) for as long as it trains;
// a second trainer, from the command line or the window, is refused with a sentence naming the holder's
// process id. The operating system releases the lock when its holder exits, even when killed, so a lock
// left by a crash is never in the way. No torch here.

#include <filesystem>
#include <memory>

namespace engine {

class ProjectLock
{
public:
    // Throws engine::Error when another process holds the project's lock.
    explicit ProjectLock(const std::filesystem::path &projectDir);
    ~ProjectLock();
    ProjectLock(const ProjectLock &) = delete;
    ProjectLock &operator=(const ProjectLock &) = delete;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace engine
