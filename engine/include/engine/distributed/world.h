#pragma once
// The processes of one training run. A run may be one process (the default) or several ranks that
// train together, data-parallel, over LibTorch's c10d process groups: Gloo between CPUs, NCCL between
// CUDA GPUs where the LibTorch build has it. Launchers (torchrun, Slurm, Kubernetes jobs, or
// `cyclestudio-cli train --nproc N`) describe the run in the environment: RANK, WORLD_SIZE, LOCAL_RANK,
// MASTER_ADDR and MASTER_PORT. Every rank must see the project folder at the same path (one machine, or
// a shared file system); rank 0 is the only one that writes to it. No torch here.

#include <cstddef>
#include <string>
#include <utility>

namespace engine {

struct WorldOptions
{
    int rank = 0;
    int worldSize = 1;
    int localRank = 0;
    std::string masterAddr = "127.0.0.1";
    int masterPort = 29500;
    std::string backend; // "gloo" or "nccl"; empty: by device (NCCL on CUDA when the build has it, else Gloo)
    // How long a rank waits for the others, at the start and in every exchange, before the run ends with
    // a message that names the rank that is gone.
    int timeoutSeconds = 120;

    bool distributed() const { return worldSize > 1; }
};

// The run the environment describes: one process when WORLD_SIZE is unset or 1. Throws engine::Error when
// a variable is malformed or out of range (RANK outside 0..WORLD_SIZE-1, a port outside 1..65535).
WorldOptions worldFromEnvironment();

// This build can train across processes (its LibTorch has c10d and Gloo).
bool distributedTrainingAvailable();
// Whether the build has NCCL for CUDA GPUs.
bool ncclAvailable();

// A TCP port on the loopback interface that nothing listens on now, for a run's rendezvous on this
// machine. Throws engine::Error when there is none.
int freeLocalPort();

// The items [begin, end) of part `index` (0-based) of `count` contiguous parts of `size` items in their
// stable order: the parts cover every item exactly once and differ in size by at most one.
std::pair<std::size_t, std::size_t> shardRange(std::size_t size, int index, int count);

// "K/N" as typed (--shard 1/4) → {K, N}. K is 0-based like RANK, so `--shard $RANK/$WORLD_SIZE` works.
// Throws engine::Error when malformed or K is not in 0..N-1.
std::pair<int, int> parseShard(const std::string &text);

} // namespace engine
