#include "distributed/communicator.h"

#include "distributed/config.h"
#include "engine/core/error.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#if CYCLESTUDIO_HAVE_DISTRIBUTED
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#if CYCLESTUDIO_HAVE_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif
#endif

namespace engine {

namespace {

constexpr std::int64_t kBucketBytes = 25 << 20; // as PyTorch's DistributedDataParallel
constexpr auto kHeartbeat = std::chrono::seconds(1);

std::string rankKey(const char *what, int rank) { return std::string(what) + "/" + std::to_string(rank); }

std::map<std::string, std::string> parseLines(const std::string &text)
{
    std::map<std::string, std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        const auto eq = line.find('=');
        if (eq != std::string::npos)
            out[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return out;
}

} // namespace

#if CYCLESTUDIO_HAVE_DISTRIBUTED

struct Communicator::Private
{
    c10::intrusive_ptr<c10d::Store> store;     // the training thread's connection to the rendezvous store
    c10::intrusive_ptr<c10d::Store> beatStore; // the heartbeat's and the diagnosis's own connection
    // The concrete group: in LibTorch 2.x the backends are no longer ProcessGroups themselves.
    c10::intrusive_ptr<c10d::ProcessGroupGloo> gloo;
#if CYCLESTUDIO_HAVE_NCCL
    c10::intrusive_ptr<c10d::ProcessGroupNCCL> nccl;
#endif

    template <typename F>
    void run(F &&f)
    {
#if CYCLESTUDIO_HAVE_NCCL
        if (nccl) {
            f(*nccl)->wait();
            return;
        }
#endif
        f(*gloo)->wait();
    }
    std::thread heartbeat;
    std::mutex mutex;
    std::condition_variable cv;
    bool stopping = false;
};

namespace {

c10::intrusive_ptr<c10d::Store> connectStore(const WorldOptions &w, bool server, std::chrono::milliseconds timeout)
{
    c10d::TCPStoreOptions o;
    o.port = static_cast<std::uint16_t>(w.masterPort);
    o.isServer = server;
    o.numWorkers = w.worldSize;
    o.waitWorkers = false; // the ranks announce themselves (joined/N), so a missing one can be named
    o.timeout = timeout;
    return c10::make_intrusive<c10d::TCPStore>(w.masterAddr, o);
}

std::shared_ptr<::gloo::transport::Device> glooDevice(const WorldOptions &w)
{
    if (const char *iface = std::getenv("GLOO_SOCKET_IFNAME"); iface && *iface)
        return c10d::ProcessGroupGloo::createDeviceForInterface(iface);
    // A run on one machine talks over loopback; across machines, over the address this host resolves to.
    if (w.masterAddr == "127.0.0.1" || w.masterAddr == "localhost")
        return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
    return c10d::ProcessGroupGloo::createDefaultDevice();
}

} // namespace

Communicator::Communicator(const WorldOptions &world, ComputeDevice device) : d(std::make_unique<Private>()), m_world(world)
{
    const auto timeout = std::chrono::milliseconds(static_cast<std::int64_t>(world.timeoutSeconds) * 1000);
    const std::string where = world.masterAddr + ":" + std::to_string(world.masterPort);
    m_backend = world.backend.empty() ? (device == ComputeDevice::Cuda && ncclAvailable() ? "nccl" : "gloo") : world.backend;
    if (m_backend != "gloo" && m_backend != "nccl")
        throw Error("Unknown distributed backend \"" + m_backend + "\"; use gloo (CPUs, or GPUs) or nccl (CUDA GPUs).");
    if (m_backend == "nccl" && (!ncclAvailable() || device != ComputeDevice::Cuda))
        throw Error(ncclAvailable() ? "The NCCL backend needs CUDA GPUs; on the CPU use gloo."
                                    : "This build of LibTorch has no NCCL; use --dist-backend gloo.");
    try {
        d->store = connectStore(world, world.rank == 0, timeout);
        d->beatStore = connectStore(world, false, timeout);
    } catch (const std::exception &e) {
        if (world.rank == 0)
            throw Error("Rank 0 cannot host the run's rendezvous at " + where + " (" + e.what() +
                        "). Is another run using that port? Choose another with MASTER_PORT.");
        throw Error("Rank " + std::to_string(world.rank) + " cannot reach rank 0 at " + where + " within " +
                    std::to_string(world.timeoutSeconds) + " s. Start rank 0, or check MASTER_ADDR and MASTER_PORT.");
    }
    d->store->set(rankKey("joined", world.rank), std::vector<std::uint8_t>{1});
    // Everyone has arrived, or the missing ranks are named.
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        std::vector<int> missing;
        for (int r = 0; r < world.worldSize; ++r)
            if (!d->store->check({rankKey("joined", r)}))
                missing.push_back(r);
        if (missing.empty())
            break;
        if (std::chrono::steady_clock::now() > deadline) {
            std::string list;
            for (int r : missing)
                list += (list.empty() ? "" : ", ") + std::to_string(r);
            throw Error("Rank " + std::to_string(world.rank) + " waited " + std::to_string(world.timeoutSeconds) + " s at " + where +
                        " for the other ranks of this run of " + std::to_string(world.worldSize) + "; rank(s) " + list +
                        " never arrived. Nothing was trained.");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    d->heartbeat = std::thread([this] {
        const auto key = rankKey("alive", m_world.rank);
        std::unique_lock<std::mutex> lock(d->mutex);
        while (!d->stopping) {
            lock.unlock();
            try {
                d->beatStore->add(key, 1);
            } catch (const std::exception &) {
                // The store is gone with rank 0; the next exchange reports it.
            }
            lock.lock();
            d->cv.wait_for(lock, kHeartbeat, [this] { return d->stopping; });
        }
    });
    try {
        auto prefixed = c10::make_intrusive<c10d::PrefixStore>("group", d->store);
#if CYCLESTUDIO_HAVE_NCCL
        if (m_backend == "nccl") {
            auto options = c10d::ProcessGroupNCCL::Options::create();
            options->timeout = timeout;
            d->nccl = c10::make_intrusive<c10d::ProcessGroupNCCL>(prefixed, world.rank, world.worldSize, options);
        } else
#endif
        {
            auto options = c10d::ProcessGroupGloo::Options::create(timeout);
            options->devices.push_back(glooDevice(world));
            options->threads = 2;
            d->gloo = c10::make_intrusive<c10d::ProcessGroupGloo>(prefixed, world.rank, world.worldSize, options);
        }
    } catch (const std::exception &e) {
        fail("connecting the ranks", e.what());
    }
}

Communicator::~Communicator()
{
    {
        std::lock_guard<std::mutex> lock(d->mutex);
        d->stopping = true;
    }
    d->cv.notify_all();
    if (d->heartbeat.joinable())
        d->heartbeat.join();
    d->gloo.reset();
}

template <typename F>
auto Communicator::exchange(const char *what, F &&f) -> decltype(f())
{
    const auto t0 = std::chrono::steady_clock::now();
    struct Clock
    {
        double &total;
        std::chrono::steady_clock::time_point t0;
        ~Clock() { total += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); }
    } clock{m_exchangeSeconds, t0};
    try {
        return f();
    } catch (const Error &) {
        throw;
    } catch (const std::exception &e) {
        fail(what, e.what());
    }
}

std::string Communicator::whoIsGone()
{
    // A rank that ended with an error said why.
    try {
        for (int r = 0; r < m_world.worldSize; ++r) {
            if (r == m_world.rank || !d->beatStore->check({rankKey("failed", r)}))
                continue;
            const auto bytes = d->beatStore->get(rankKey("failed", r));
            return "rank " + std::to_string(r) + " stopped: " + std::string(bytes.begin(), bytes.end());
        }
        // A rank that was killed stops beating.
        auto beats = [&] {
            std::vector<std::int64_t> v;
            for (int r = 0; r < m_world.worldSize; ++r)
                v.push_back(d->beatStore->add(rankKey("alive", r), 0));
            return v;
        };
        const auto before = beats();
        std::this_thread::sleep_for(3 * kHeartbeat);
        const auto after = beats();
        std::string gone;
        for (int r = 0; r < m_world.worldSize; ++r)
            if (r != m_world.rank && after[static_cast<size_t>(r)] == before[static_cast<size_t>(r)])
                gone += (gone.empty() ? "" : ", ") + std::to_string(r);
        if (!gone.empty())
            return "rank " + gone + " stopped answering (the process ended or hangs)";
        return "";
    } catch (const std::exception &) {
        return "rank 0, which hosts the run's rendezvous, is gone";
    }
}

void Communicator::fail(const char *what, const std::string &detail)
{
    const std::string who = d->beatStore ? whoIsGone() : std::string();
    const std::string first = detail.substr(0, detail.find('\n'));
    throw PeerFailure("Distributed training stopped on rank " + std::to_string(m_world.rank) + " while " + what + ": " +
                (who.empty() ? "the exchange failed (" + first + ")" : who) +
                ". The whole run ends; training resumes from the last checkpoint when all ranks start again.");
}

void Communicator::reportFailure(const std::string &message)
{
    try {
        d->beatStore->set(rankKey("failed", m_world.rank), std::vector<std::uint8_t>(message.begin(), message.end()));
    } catch (const std::exception &) {
        // Rank 0 is gone too; the other ranks will say so.
    }
}

void Communicator::signal(const std::string &key)
{
    exchange("starting", [&] { d->store->set("signal/" + key, std::vector<std::uint8_t>{1}); });
}

void Communicator::waitFor(const std::string &key)
{
    exchange("waiting for rank 0", [&] { d->store->wait({"signal/" + key}); });
}

void Communicator::checkAgreement(const std::string &description)
{
    exchange("comparing what each rank trains", [&] {
        d->store->set(rankKey("agree", m_world.rank), std::vector<std::uint8_t>(description.begin(), description.end()));
        std::vector<std::string> keys;
        for (int r = 0; r < m_world.worldSize; ++r)
            keys.push_back(rankKey("agree", r));
        d->store->wait(keys);
    });
    const auto bytes0 = d->store->get(rankKey("agree", 0));
    const auto reference = parseLines(std::string(bytes0.begin(), bytes0.end()));
    for (int r = 1; r < m_world.worldSize; ++r) {
        const auto bytes = d->store->get(rankKey("agree", r));
        const auto mine = parseLines(std::string(bytes.begin(), bytes.end()));
        for (const auto &[key, value] : reference) {
            const auto it = mine.find(key);
            const std::string other = it == mine.end() ? "(none)" : it->second;
            if (other != value)
                throw Error("Rank " + std::to_string(r) + " does not train what rank 0 trains: its " + key + " is " + other +
                            " where rank 0's is " + value +
                            ". Every rank must train the same project, from the same checkpoint, with the same settings. Nothing was "
                            "trained.");
        }
    }
}

void Communicator::allreduce(torch::Tensor &flat)
{
    std::vector<torch::Tensor> tensors{flat};
    d->run([&](auto &group) { return group.allreduce(tensors); });
}

void Communicator::averageGradients(torch::optim::Optimizer &optimizer)
{
    std::vector<torch::Tensor> grads;
    for (auto &group : optimizer.param_groups())
        for (auto &p : group.params())
            if (p.grad().defined())
                grads.push_back(p.mutable_grad());
    exchange("averaging gradients", [&] {
        torch::NoGradGuard noGrad;
        const double scale = 1.0 / m_world.worldSize;
        // Buckets of about 25 MB, one all-reduce each: few large messages instead of one per tensor.
        size_t first = 0;
        while (first < grads.size()) {
            size_t last = first;
            std::int64_t bytes = 0;
            std::vector<torch::Tensor> flat;
            while (last < grads.size() && (last == first || bytes + grads[last].nbytes() <= kBucketBytes)) {
                bytes += static_cast<std::int64_t>(grads[last].nbytes());
                flat.push_back(grads[last].reshape({-1}));
                ++last;
            }
            auto bucket = torch::cat(flat);
            allreduce(bucket);
            bucket.mul_(scale);
            std::int64_t offset = 0;
            for (size_t i = first; i < last; ++i) {
                const auto n = grads[i].numel();
                grads[i].copy_(bucket.narrow(0, offset, n).view_as(grads[i]));
                offset += n;
            }
            first = last;
        }
    });
}

void Communicator::broadcast(const std::vector<torch::Tensor> &tensors)
{
    exchange("sharing rank 0's weights", [&] {
        torch::NoGradGuard noGrad;
        // Grouped by type, in buckets: the parameters are float, some buffers are integers.
        std::map<c10::ScalarType, std::vector<torch::Tensor>> byType;
        for (const auto &t : tensors)
            byType[t.scalar_type()].push_back(t);
        for (auto &[type, list] : byType) {
            std::vector<torch::Tensor> flat;
            for (const auto &t : list)
                flat.push_back(t.reshape({-1}));
            std::vector<torch::Tensor> bucket{torch::cat(flat)};
            d->run([&](auto &group) { return group.broadcast(bucket); });
            std::int64_t offset = 0;
            for (auto &t : list) {
                const auto n = t.numel();
                t.copy_(bucket[0].narrow(0, offset, n).view_as(t));
                offset += n;
            }
        }
    });
}

std::vector<double> Communicator::sum(const std::vector<double> &values)
{
    return exchange("combining the losses", [&] {
        auto t = torch::tensor(values, torch::kDouble);
        if (m_backend == "nccl")
            t = t.cuda();
        allreduce(t);
        t = t.cpu().contiguous();
        return std::vector<double>(t.data_ptr<double>(), t.data_ptr<double>() + t.numel());
    });
}

std::vector<std::string> Communicator::gather(const std::string &bytes)
{
    return exchange("gathering the ranks' state for the checkpoint", [&] {
        // Through the store: a few megabytes once per checkpoint, with no equal-size padding.
        d->store->set(rankKey("state", m_world.rank), std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
        std::vector<std::string> out;
        if (m_world.rank == 0) {
            for (int r = 0; r < m_world.worldSize; ++r) {
                const auto k = rankKey("state", r);
                d->store->wait({k});
                const auto v = d->store->get(k);
                out.emplace_back(v.begin(), v.end());
                d->store->deleteKey(k);
            }
        }
        // The next checkpoint's keys must not be read before rank 0 has taken and removed these.
        d->run([](auto &group) { return group.barrier(); });
        return out;
    });
}

#else // no c10d in this LibTorch

struct Communicator::Private
{
};

Communicator::Communicator(const WorldOptions &world, ComputeDevice) : d(std::make_unique<Private>()), m_world(world)
{
    throw Error("This build of CycleStudio cannot train across processes: its LibTorch has no distributed (c10d, Gloo) support.");
}
Communicator::~Communicator() = default;
void Communicator::signal(const std::string &) {}
void Communicator::waitFor(const std::string &) {}
void Communicator::checkAgreement(const std::string &) {}
void Communicator::averageGradients(torch::optim::Optimizer &) {}
void Communicator::broadcast(const std::vector<torch::Tensor> &) {}
std::vector<double> Communicator::sum(const std::vector<double> &values) { return values; }
std::vector<std::string> Communicator::gather(const std::string &bytes) { return {bytes}; }
void Communicator::reportFailure(const std::string &) {}

#endif

} // namespace engine
