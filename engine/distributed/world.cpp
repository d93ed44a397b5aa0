#include "engine/distributed/world.h"

#include "distributed/config.h"
#include "engine/core/error.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <limits>

#if defined(__unix__) || defined(__APPLE__)
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace engine {

namespace {

// The variable's integer value, or `fallback` when it is unset or empty.
long long integerVariable(const char *name, long long fallback, long long low, long long high)
{
    const char *text = std::getenv(name);
    if (!text || !*text)
        return fallback;
    char *end = nullptr;
    errno = 0;
    const long long value = std::strtoll(text, &end, 10);
    if (errno != 0 || *end != '\0' || value < low || value > high)
        throw Error(std::string("The environment variable ") + name + " is \"" + text + "\"; it must be a whole number from " +
                    std::to_string(low) + " to " + std::to_string(high) + ".");
    return value;
}

} // namespace

WorldOptions worldFromEnvironment()
{
    WorldOptions w;
    w.worldSize = static_cast<int>(integerVariable("WORLD_SIZE", 1, 1, 65536));
    if (w.worldSize == 1)
        return w;
    if (!std::getenv("RANK"))
        throw Error("WORLD_SIZE is " + std::to_string(w.worldSize) + " but RANK is not set: a launcher sets both, one rank per process.");
    w.rank = static_cast<int>(integerVariable("RANK", 0, 0, w.worldSize - 1));
    w.localRank = static_cast<int>(integerVariable("LOCAL_RANK", w.rank, 0, 65535));
    if (const char *addr = std::getenv("MASTER_ADDR"); addr && *addr)
        w.masterAddr = addr;
    w.masterPort = static_cast<int>(integerVariable("MASTER_PORT", w.masterPort, 1, 65535));
    return w;
}

bool distributedTrainingAvailable() { return CYCLESTUDIO_HAVE_DISTRIBUTED != 0; }

bool ncclAvailable() { return CYCLESTUDIO_HAVE_NCCL != 0; }

int freeLocalPort()
{
#if defined(__unix__) || defined(__APPLE__)
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd >= 0) {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        const bool ok = ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0 &&
                        ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0;
        ::close(fd);
        if (ok)
            return ntohs(addr.sin_port);
    }
#endif
    throw Error("No free local port for the processes of this run to meet on; set MASTER_PORT.");
}

std::pair<std::size_t, std::size_t> shardRange(std::size_t size, int index, int count)
{
    if (count < 1 || index < 0 || index >= count)
        throw Error("A shard is K/N with 0 ≤ K < N; got " + std::to_string(index) + "/" + std::to_string(count) + ".");
    const auto n = static_cast<std::size_t>(count), k = static_cast<std::size_t>(index);
    const std::size_t base = size / n, extra = size % n;
    const std::size_t begin = k * base + std::min(k, extra);
    return {begin, begin + base + (k < extra ? 1 : 0)};
}

std::pair<int, int> parseShard(const std::string &text)
{
    const auto slash = text.find('/');
    auto number = [&](const std::string &part) {
        if (part.empty() || part.size() > 6 || part.find_first_not_of("0123456789") != std::string::npos)
            throw Error("--shard takes K/N, the 0-based part K of N parts (for example 0/4 … 3/4); got \"" + text + "\".");
        return std::stoi(part);
    };
    if (slash == std::string::npos)
        number("");
    const int k = number(text.substr(0, slash)), n = number(text.substr(slash + 1));
    if (n < 1 || k >= n)
        throw Error("--shard " + text + ": the part K must be from 0 to N-1, and N at least 1.");
    return {k, n};
}

} // namespace engine
