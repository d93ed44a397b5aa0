#include "app/cli/launcher.h"

#include "app/cli/common.h"
#include "engine/core/error.h"
#include "engine/distributed/world.h"

#include <chrono>
#include <iostream>
#include <thread>

#if defined(__unix__) || defined(__APPLE__)
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif
#define CYCLESTUDIO_CAN_LAUNCH 1
#endif

namespace cli {

#if CYCLESTUDIO_CAN_LAUNCH

namespace {

std::string describeExit(int status)
{
    if (WIFSIGNALED(status))
        return "was killed by signal " + std::to_string(WTERMSIG(status));
    return "ended with exit status " + std::to_string(WEXITSTATUS(status));
}

} // namespace

int launchLocalRanks(const std::vector<std::string> &argv, int ranks, bool oneGpuEach, int timeoutSeconds)
{
    const std::string port = std::to_string(engine::freeLocalPort());
    std::vector<pid_t> children;
    for (int r = 0; r < ranks; ++r) {
        const pid_t pid = ::fork();
        if (pid < 0)
            throw engine::Error("Cannot start rank " + std::to_string(r) + " (fork failed).");
        if (pid == 0) {
            // A group of its own: Ctrl-C reaches this launcher alone, which passes it on once (a second
            // SIGINT would make a rank quit without its checkpoint). And the rank ends if the launcher dies.
            ::setpgid(0, 0);
#if defined(__linux__)
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
            ::setenv("RANK", std::to_string(r).c_str(), 1);
            ::setenv("LOCAL_RANK", std::to_string(r).c_str(), 1);
            ::setenv("WORLD_SIZE", std::to_string(ranks).c_str(), 1);
            ::setenv("MASTER_ADDR", "127.0.0.1", 1);
            ::setenv("MASTER_PORT", port.c_str(), 1);
            if (oneGpuEach)
                ::setenv("CUDA_VISIBLE_DEVICES", std::to_string(r).c_str(), 1);
            std::vector<char *> args;
            for (const auto &a : argv)
                args.push_back(const_cast<char *>(a.c_str()));
            args.push_back(nullptr);
            ::execv("/proc/self/exe", args.data());
            ::execvp(args[0], args.data());
            std::_Exit(127);
        }
        children.push_back(pid);
    }

    std::vector<int> status(children.size(), -1);
    int result = 0, running = ranks;
    bool forwarded = false;
    std::chrono::steady_clock::time_point firstFailure{};
    bool killed = false;
    while (running > 0) {
        for (size_t r = 0; r < children.size(); ++r) {
            if (status[r] != -1)
                continue;
            int st = 0;
            const pid_t done = ::waitpid(children[r], &st, WNOHANG);
            if (done != children[r])
                continue;
            status[r] = st;
            --running;
            const bool ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
            if (!ok && result == 0) {
                result = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
                firstFailure = std::chrono::steady_clock::now();
                if (!(WIFEXITED(st) && WEXITSTATUS(st) == 130))
                    std::cerr << "error: rank " << r << " " << describeExit(st) << "; the other ranks end too.\n";
            }
        }
        // Ctrl-C, SIGTERM or SIGHUP to the launcher: each rank is asked once to stop after the iteration.
        if (g_interrupted && !forwarded) {
            forwarded = true;
            for (size_t r = 0; r < children.size(); ++r)
                if (status[r] == -1)
                    ::kill(children[r], SIGINT);
        }
        // The others notice a failed rank on their own within the timeout; after it, they are stopped.
        if (result != 0 && !killed && running > 0 &&
            std::chrono::steady_clock::now() - firstFailure > std::chrono::seconds(timeoutSeconds + 15)) {
            killed = true;
            for (size_t r = 0; r < children.size(); ++r)
                if (status[r] == -1)
                    ::kill(children[r], SIGKILL);
        }
        if (running > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return result;
}

#else

int launchLocalRanks(const std::vector<std::string> &, int, bool, int)
{
    throw engine::Error("--nproc starts local ranks on Linux and macOS; here, start one process per rank with RANK, WORLD_SIZE, "
                        "MASTER_ADDR and MASTER_PORT set.");
}

#endif

} // namespace cli
