#include "engine/dataloader.h"

#include "engine/atomicfile.h"
#include "engine/error.h"
#include "engine/imageio.h"

#include <algorithm>
#include <numeric>
#include <random>

namespace fs = std::filesystem;

namespace engine {

namespace {

constexpr size_t kQueueDepth = 4;
constexpr size_t kCacheBudgetBytes = size_t(1) << 30; // decoded, resized images kept in memory

std::uint64_t mix(std::uint64_t x)
{
    // splitmix64: turns (seed, iteration, sample) into independent generator seeds.
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

} // namespace

DataLoader::DataLoader(std::vector<fs::path> filesA, std::vector<fs::path> filesB, const TrainOptions &options,
                       std::int64_t startIteration, std::function<void(const std::string &)> warning)
    : m_options(options), m_warning(std::move(warning)), m_nextToProduce(startIteration)
{
    if (filesA.empty() || filesB.empty())
        throw Error("Both domains need at least one image to train.");
    m_files[0] = std::move(filesA);
    m_files[1] = std::move(filesB);
    for (int d = 0; d < 2; ++d) {
        m_bad[d].assign(m_files[d].size(), 0);
        m_cache[d].resize(m_files[d].size());
    }
    m_thread = std::thread([this] { run(); });
}

DataLoader::~DataLoader()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

std::int64_t DataLoader::iterationsPerEpoch(size_t countA, size_t countB, int batchSize)
{
    const auto n = static_cast<std::int64_t>(std::max(countA, countB));
    return std::max<std::int64_t>(1, (n + batchSize - 1) / batchSize);
}

std::int64_t DataLoader::iterationsPerEpoch() const
{
    return iterationsPerEpoch(m_files[0].size(), m_files[1].size(), m_options.batchSize);
}

SamplePlan DataLoader::plan(std::int64_t iteration, int j) const
{
    const size_t n = std::max(m_files[0].size(), m_files[1].size());
    const std::int64_t perEpoch = iterationsPerEpoch();
    const std::int64_t epoch = iteration / perEpoch;
    // The epoch's permutation (serial_batches off in the reference).
    std::vector<size_t> perm(n);
    std::iota(perm.begin(), perm.end(), size_t(0));
    std::mt19937_64 epochRng(mix(m_options.seed ^ mix(static_cast<std::uint64_t>(epoch) + 0x5eed)));
    std::shuffle(perm.begin(), perm.end(), epochRng);
    const size_t position = static_cast<size_t>((iteration % perEpoch) * m_options.batchSize + j) % n;

    std::mt19937_64 rng(mix(m_options.seed ^ mix(static_cast<std::uint64_t>(iteration) * 1024 + static_cast<std::uint64_t>(j))));
    SamplePlan p;
    p.indexA = perm[position] % m_files[0].size();
    p.indexB = std::uniform_int_distribution<size_t>(0, m_files[1].size() - 1)(rng);
    std::uniform_int_distribution<int> offset(0, m_options.loadSize - m_options.cropSize);
    p.cropXA = offset(rng);
    p.cropYA = offset(rng);
    p.cropXB = offset(rng);
    p.cropYB = offset(rng);
    std::bernoulli_distribution coin(0.5);
    p.flipA = m_options.flip && coin(rng);
    p.flipB = m_options.flip && coin(rng);
    return p;
}

torch::Tensor DataLoader::sample(int domain, size_t index, int cropX, int cropY, bool flip)
{
    auto &files = m_files[domain];
    const int load = m_options.loadSize, crop = m_options.cropSize;
    // A bad file is reported once and replaced, deterministically, by the next readable one.
    for (size_t tries = 0; tries < files.size(); ++tries, index = (index + 1) % files.size()) {
        if (m_bad[domain][index])
            continue;
        auto &cached = m_cache[domain][index];
        std::vector<std::uint8_t> uncached; // used when the cache budget is spent
        const std::vector<std::uint8_t> *pixels = &cached;
        if (cached.empty()) {
            try {
                Image resized = resizeImage(loadImage(files[index]), load, load);
                if (m_cacheBytes + resized.rgb.size() <= kCacheBudgetBytes) {
                    cached = std::move(resized.rgb);
                    m_cacheBytes += cached.size();
                } else {
                    uncached = std::move(resized.rgb);
                    pixels = &uncached;
                }
            } catch (const Error &e) {
                m_bad[domain][index] = 1;
                if (m_warning)
                    m_warning(std::string("Skipped an image in domain ") + (domain == 0 ? "A" : "B") + ": " + e.what());
                continue;
            }
        }
        auto img = torch::from_blob(const_cast<std::uint8_t *>(pixels->data()), {load, load, 3}, torch::kUInt8)
                       .narrow(0, cropY, crop)
                       .narrow(1, cropX, crop);
        if (flip)
            img = img.flip({1});
        return img.permute({2, 0, 1}).to(torch::kFloat).div_(127.5).sub_(1.0);
    }
    throw Error(std::string("None of the ") + std::to_string(files.size()) + " images in domain " +
                (domain == 0 ? "A" : "B") + " can be read.");
}

void DataLoader::run()
{
    try {
        for (;;) {
            {
                std::unique_lock<std::mutex> lock(m_mutex);
                m_cv.wait(lock, [this] { return m_stop || m_queue.size() < kQueueDepth; });
                if (m_stop)
                    return;
            }
            Batch batch;
            batch.iteration = m_nextToProduce;
            std::vector<torch::Tensor> as, bs;
            for (int j = 0; j < m_options.batchSize; ++j) {
                const auto p = plan(m_nextToProduce, j);
                as.push_back(sample(0, p.indexA, p.cropXA, p.cropYA, p.flipA));
                bs.push_back(sample(1, p.indexB, p.cropXB, p.cropYB, p.flipB));
            }
            batch.a = torch::stack(as);
            batch.b = torch::stack(bs);
            ++m_nextToProduce;
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                m_queue.push_back(std::move(batch));
            }
            m_cv.notify_all();
        }
    } catch (...) {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_error = std::current_exception();
        m_cv.notify_all();
    }
}

Batch DataLoader::next()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_cv.wait(lock, [this] { return !m_queue.empty() || m_error; });
    if (m_queue.empty())
        std::rethrow_exception(m_error);
    Batch b = std::move(m_queue.front());
    m_queue.pop_front();
    lock.unlock();
    m_cv.notify_all();
    return b;
}

} // namespace engine
