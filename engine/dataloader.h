#pragma once
// DataLoader: decodes and preprocesses training batches on a background thread, ahead of training, so
// the model never waits for files (design §6). Sampling is a pure function of (seed, iteration): an epoch
// is a seeded permutation of max(|A|, |B|) indices, B is drawn at random for each A (unaligned mode), and
// crop offsets and flips come from a per-sample generator. Resuming at iteration k therefore gives
// exactly the batches an uninterrupted run would have seen, without saving any loader state.
// Owned by the Trainer; next() is called from the training thread.

#include "engine/options.h"

#include <torch/torch.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace engine {

struct Batch
{
    std::int64_t iteration = 0;
    torch::Tensor a, b; // [N, 3, crop, crop] in [-1, 1]
};

struct SamplePlan
{
    size_t indexA = 0, indexB = 0;
    int cropXA = 0, cropYA = 0, cropXB = 0, cropYB = 0;
    bool flipA = false, flipB = false;
};

class DataLoader
{
public:
    DataLoader(std::vector<std::filesystem::path> filesA, std::vector<std::filesystem::path> filesB,
               const TrainOptions &options, std::int64_t startIteration,
               std::function<void(const std::string &)> warning = {});
    ~DataLoader();
    DataLoader(const DataLoader &) = delete;
    DataLoader &operator=(const DataLoader &) = delete;

    // The batch for the next iteration; blocks until it is ready. Throws engine::Error when a domain has
    // no readable image left.
    Batch next();

    std::int64_t iterationsPerEpoch() const;
    static std::int64_t iterationsPerEpoch(size_t countA, size_t countB, int batchSize);

    // The deterministic plan of sample j of the batch of the given iteration.
    SamplePlan plan(std::int64_t iteration, int j) const;

private:
    void run();
    torch::Tensor sample(int domain, size_t index, int cropX, int cropY, bool flip);

    std::vector<std::filesystem::path> m_files[2];
    std::vector<char> m_bad[2];
    TrainOptions m_options;
    std::function<void(const std::string &)> m_warning;
    std::int64_t m_nextToProduce;

    // Decoded images resized to the load size, kept while they fit the budget (touched only by run()).
    std::vector<std::vector<std::uint8_t>> m_cache[2];
    size_t m_cacheBytes = 0;

    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<Batch> m_queue;
    std::exception_ptr m_error;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace engine
