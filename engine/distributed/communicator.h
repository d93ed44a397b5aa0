#pragma once
// Communicator: this process's place in a distributed training run (engine/distributed/world.h) and
// the exchanges the trainers need, on a c10d process group (Gloo, or NCCL on CUDA where built):
// gradients averaged after each backward, the weights broadcast from rank 0, the losses and the stop
// request combined, every rank's private state (image pools, random generators) gathered to rank 0 for
// its checkpoint, and the ranks' agreement on what they train checked at the start.
//
// Failures: every exchange waits at most the run's timeout. When one fails, the message names the rank
// that is gone: each rank beats a counter in the rendezvous store every second, and a rank that ends
// with an error leaves its message there first. Lives on the training thread (the heartbeat has its own).

#include "engine/core/device.h"
#include "engine/core/error.h"

#include <torch/torch.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace engine {

// The run ended because another rank failed or is gone; the message names it.
class PeerFailure : public Error
{
public:
    using Error::Error;
};

class Communicator
{
public:
    // Meets the other ranks (rank 0 hosts the rendezvous store at masterAddr:masterPort) and builds the
    // process group. Throws engine::Error naming the ranks that did not arrive within the timeout.
    Communicator(const WorldOptions &world, ComputeDevice device);
    ~Communicator();
    Communicator(const Communicator &) = delete;
    Communicator &operator=(const Communicator &) = delete;

    int rank() const { return m_world.rank; }
    int size() const { return m_world.worldSize; }
    const std::string &backend() const { return m_backend; }

    // Rank 0 sets `key` when it has done what the others wait for; the others wait for it.
    void signal(const std::string &key);
    void waitFor(const std::string &key);

    // Every rank describes what it is about to train as "name=value" lines; a rank whose lines differ
    // from rank 0's is refused (engine::Error naming the rank, the entry and both values) on every rank.
    void checkAgreement(const std::string &description);

    // The gradients of the optimiser's parameters, averaged over the ranks (bucketed all-reduce).
    void averageGradients(torch::optim::Optimizer &optimizer);
    // The tensors of every rank made equal to rank 0's.
    void broadcast(const std::vector<torch::Tensor> &tensors);
    // Element-wise sums over the ranks.
    std::vector<double> sum(const std::vector<double> &values);
    // Rank 0 receives every rank's bytes (index = rank); the other ranks receive nothing.
    std::vector<std::string> gather(const std::string &bytes);

    // This rank ends with an error: the others name it and its message instead of a lost connection.
    void reportFailure(const std::string &message);
    // Seconds spent in exchanges so far (for the figures of docs/PERFORMANCE.md).
    double exchangeSeconds() const { return m_exchangeSeconds; }

private:
    template <typename F>
    auto exchange(const char *what, F &&f) -> decltype(f());
    [[noreturn]] void fail(const char *what, const std::string &detail);
    std::string whoIsGone();
    void allreduce(torch::Tensor &flat);

    struct Private;
    std::unique_ptr<Private> d;
    WorldOptions m_world;
    std::string m_backend;
    double m_exchangeSeconds = 0;
};

} // namespace engine
