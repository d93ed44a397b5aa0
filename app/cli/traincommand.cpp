// cyclestudio-cli train.

#include "app/cli/commands.h"
#include "app/cli/common.h"
#include "engine/core/atomicfile.h"
#include "app/cli/launcher.h"
#include "engine/training/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <thread>

namespace cli {

namespace {

// Progress lines at most about once a second (and always the run's last), with the latest value of each
// loss (the multi-domain generator losses are logged only on the iterations that update it).
struct TrainingPrinter
{
    std::chrono::steady_clock::time_point lastPrint = std::chrono::steady_clock::now() - std::chrono::hours(1);
    long long runEnd = -1; // the iteration this run stops at, known at the first progress report
    engine::LossValues last;

    void remember(const engine::LossValues &losses)
    {
        for (const auto &[name, value] : losses.entries) {
            if (std::isnan(value))
                continue;
            auto it = std::find_if(last.entries.begin(), last.entries.end(), [&](const auto &e) { return e.first == name; });
            if (it == last.entries.end())
                last.add(name, value);
            else
                it->second = value;
        }
    }

    void print(const engine::TrainProgress &p, long long iterations)
    {
        if (runEnd < 0)
            runEnd = iterations > 0 ? std::min<long long>(p.totalIterations, p.iteration - 1 + iterations) : p.totalIterations;
        const auto now = std::chrono::steady_clock::now();
        if (now - lastPrint <= std::chrono::milliseconds(900) && p.iteration < runEnd)
            return;
        lastPrint = now;
        char buf[128];
        std::snprintf(buf, sizeof buf, "iter %lld/%lld epoch %d/%d  %.2f s/it ", static_cast<long long>(p.iteration),
                      static_cast<long long>(p.totalIterations), p.epoch, p.totalEpochs, p.secondsPerIteration);
        std::string line = buf;
        for (const auto &[name, value] : last.entries) {
            if (name.rfind("idt_", 0) == 0)
                continue; // the identity terms follow the cycle ones; the log has them
            std::snprintf(buf, sizeof buf, " %s %.3f", name.c_str(), value);
            line += buf;
        }
        std::cerr << line << "\n";
    }
};

// Rank 0 (or the only process) reports; the other ranks of a distributed run only warn, naming themselves.
engine::TrainerCallbacks trainingCallbacks(long long iterations, int rank)
{
    auto printer = std::make_shared<TrainingPrinter>();
    engine::TrainerCallbacks cb;
    const std::string who = rank > 0 ? "rank " + std::to_string(rank) + ": " : "";
    cb.warning = [who](const std::string &m) { std::cerr << "warning: " << who << m << "\n"; };
    cb.progress = [](const engine::TrainProgress &) { return !g_interrupted.load(); };
    if (rank > 0)
        return cb;
    cb.loss = [printer](const engine::LossSample &s) { printer->remember(s.losses); };
    cb.status = [](const std::string &m) { std::cerr << m << "\n"; };
    cb.progress = [printer, iterations](const engine::TrainProgress &p) {
        printer->print(p, iterations);
        return !g_interrupted.load();
    };
    return cb;
}

// --nproc N: this command again, once per local rank, without --nproc; on a CPU each rank gets its share
// of the cores unless --threads says otherwise.
int startLocalRanks(const std::vector<std::string> &args, const Arguments &a, const engine::RuntimeOptions &runtime, int ranks)
{
    std::vector<std::string> argv{"/proc/self/exe", "train"};
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--nproc") {
            ++i;
            continue;
        }
        if (args[i].rfind("--nproc=", 0) == 0)
            continue;
        argv.push_back(args[i]);
    }
    const bool cuda = runtime.device == engine::DeviceChoice::Cuda || (runtime.device == engine::DeviceChoice::Auto && engine::cudaAvailable());
    if (cuda && ranks > engine::cudaDeviceCount())
        throw UsageError("--nproc " + std::to_string(ranks) + " asks for one GPU per rank, and this machine has " +
                         std::to_string(engine::cudaDeviceCount()) + ".");
    if (!cuda && !a.has("--threads"))
        argv.insert(argv.end(), {"--threads", std::to_string(std::max(1u, std::thread::hardware_concurrency() / static_cast<unsigned>(ranks)))});
    return launchLocalRanks(argv, ranks, cuda, runtime.world.timeoutSeconds);
}

} // namespace

int runTrain(const std::vector<std::string> &args)
{
    const Arguments a(args, {"--iterations", "--threads", "--device", "--nproc", "--dist-backend", "--dist-timeout"}, {}, {"--restart"});
    if (a.positional().size() != 1)
        throw UsageError("train needs exactly one project folder.");
    if (a.has("--iterations") && a.longValue("--iterations", 0) == 0)
        throw UsageError("--iterations must be at least 1; leave it out to train to the end of the schedule.");
    const long long iterations = a.boundedValue("--iterations", 0, 1, 1'000'000'000);

    engine::RuntimeOptions runtime = runtimeFrom(a);
    runtime.world = engine::worldFromEnvironment();
    runtime.world.backend = a.value("--dist-backend", "");
    runtime.world.timeoutSeconds = static_cast<int>(a.boundedValue("--dist-timeout", runtime.world.timeoutSeconds, 5, 86400));
    const int ranks = static_cast<int>(a.boundedValue("--nproc", 1, 1, 256));
    if (ranks > 1) {
        if (runtime.world.distributed())
            throw UsageError("--nproc starts local ranks itself; this process is already rank " + std::to_string(runtime.world.rank) +
                             " of a run of " + std::to_string(runtime.world.worldSize) + " (WORLD_SIZE is set).");
        return startLocalRanks(args, a, runtime, ranks);
    }
    const int rank = runtime.world.rank;
    const auto trainer = engine::openTrainer(toPath(a.positional()[0]), runtime, trainingCallbacks(iterations, rank),
                                             a.has("--restart") ? engine::TrainStart::Restart : engine::TrainStart::Resume);
    if (rank == 0) {
        const std::string world = trainer->worldDescription();
        std::cerr << "Training " << (world.empty() ? "" : "as " + world + "; each process ") << "on " << trainer->deviceDescription()
                  << ", from iteration " << trainer->iteration() << " of " << trainer->totalIterations() << " ("
                  << trainer->iterationsPerEpoch() << " per epoch).\n";
    }
    trainer->train(iterations);
    if (rank > 0)
        return g_interrupted ? 130 : 0;
    if (g_interrupted)
        std::cerr << "Stopped at iteration " << trainer->iteration() << "; run train again to continue.\n";
    std::cout << "iteration=" << trainer->iteration() << " epoch=" << trainer->epoch() << "\n";
    return g_interrupted ? 130 : 0;
}

} // namespace cli
