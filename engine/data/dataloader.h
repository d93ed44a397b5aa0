#pragma once
// DataLoader: decodes and preprocesses training batches on a background thread, ahead of training, so
// the model never waits for files. Both training modes use it; a Sampler (data/sampler.h) decides
// which images each iteration sees, so resuming at iteration k gives exactly the batches an
// uninterrupted run would have seen. Each image is resized to the load size (bicubic; the decoded,
// resized images are cached up to 1 GiB), cropped and flipped as planned, and scaled to [-1, 1]. An
// unreadable file is reported once and replaced, deterministically, by the next readable file of its
// domain. Owned by the trainer; next() is called from the training thread.

#include "data/sampler.h"

#include <torch/torch.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace engine {

struct Batch
{
    std::int64_t iteration = 0;
    std::vector<torch::Tensor> images; // one [N, 3, crop, crop] tensor in [-1, 1] per stream of the plan
    torch::Tensor labels;              // [N] int64: the domain of each image of the first stream
};

struct LoaderOptions
{
    int loadSize = 286; // images are resized to loadSize × loadSize (aspect not kept, as in the reference)
    int cropSize = 256;
    std::function<void(const std::string &)> warning;
    bool pinMemory = false; // batches in page-locked memory, for copies to a CUDA GPU that do not wait
};

class DataLoader
{
public:
    // domains[d]: the image files of domain d; names[d]: its name for messages.
    DataLoader(std::vector<std::vector<std::filesystem::path>> domains, std::vector<std::string> names,
               std::unique_ptr<Sampler> sampler, LoaderOptions options, std::int64_t startIteration);
    ~DataLoader();
    DataLoader(const DataLoader &) = delete;
    DataLoader &operator=(const DataLoader &) = delete;

    // The batch for the next iteration; blocks until it is ready. Throws engine::Error when a domain has
    // no readable image left.
    Batch next();

    std::int64_t iterationsPerEpoch() const { return m_sampler->iterationsPerEpoch(); }

private:
    void run();
    Batch produce(std::int64_t iteration);
    torch::Tensor sample(const SampleSpec &spec);

    struct Domain
    {
        std::string name;
        std::vector<std::filesystem::path> files;
        std::vector<char> bad;
        std::vector<std::vector<std::uint8_t>> cache; // decoded images resized to the load size
    };
    std::vector<Domain> m_domains;
    std::unique_ptr<Sampler> m_sampler;
    LoaderOptions m_options;
    std::int64_t m_nextToProduce;
    size_t m_cacheBytes = 0; // touched only by run()

    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<Batch> m_queue;
    std::exception_ptr m_error;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace engine
