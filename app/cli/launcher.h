#pragma once
// `train --nproc N`: starts N local ranks of the same command as child processes, the way torchrun
// does (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR=127.0.0.1 and a free MASTER_PORT in each one's
// environment; on CUDA, one GPU each through CUDA_VISIBLE_DEVICES), passes Ctrl-C on to them once, and
// when one fails gives the others the run's timeout to end on their own before stopping them.

#include <string>
#include <vector>

namespace cli {

// argv: this program's command line without --nproc. Returns the exit status for the whole run: 0 when
// every rank finished, else the first failing rank's.
int launchLocalRanks(const std::vector<std::string> &argv, int ranks, bool oneGpuEach, int timeoutSeconds);

} // namespace cli
