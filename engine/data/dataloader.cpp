#include "data/dataloader.h"

#include "engine/core/error.h"
#include "engine/core/imageio.h"

namespace fs = std::filesystem;

namespace engine {

namespace {
constexpr size_t kQueueDepth = 4;
constexpr size_t kCacheBudgetBytes = size_t(1) << 30;
} // namespace

DataLoader::DataLoader(std::vector<std::vector<fs::path>> domains, std::vector<std::string> names, std::unique_ptr<Sampler> sampler,
                       LoaderOptions options, std::int64_t startIteration)
    : m_sampler(std::move(sampler)), m_options(std::move(options)), m_nextToProduce(startIteration)
{
    for (size_t d = 0; d < domains.size(); ++d) {
        Domain domain;
        domain.name = d < names.size() ? names[d] : std::to_string(d + 1);
        if (domains[d].empty())
            throw Error("Domain " + domain.name + " needs at least one image to train.");
        domain.bad.assign(domains[d].size(), 0);
        domain.cache.resize(domains[d].size());
        domain.files = std::move(domains[d]);
        m_domains.push_back(std::move(domain));
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

torch::Tensor DataLoader::sample(const SampleSpec &spec)
{
    auto &domain = m_domains.at(static_cast<size_t>(spec.domain));
    const int load = m_options.loadSize, crop = m_options.cropSize;
    auto index = spec.index;
    for (size_t tries = 0; tries < domain.files.size(); ++tries, index = (index + 1) % domain.files.size()) {
        if (domain.bad[index])
            continue;
        auto &cached = domain.cache[index];
        std::vector<std::uint8_t> uncached; // used when the cache budget is spent
        const std::vector<std::uint8_t> *pixels = &cached;
        if (cached.empty()) {
            try {
                Image resized = resizeImage(loadImage(domain.files[index]), load, load);
                if (m_cacheBytes + resized.rgb.size() <= kCacheBudgetBytes) {
                    cached = std::move(resized.rgb);
                    m_cacheBytes += cached.size();
                } else {
                    uncached = std::move(resized.rgb);
                    pixels = &uncached;
                }
            } catch (const Error &e) {
                domain.bad[index] = 1;
                if (m_options.warning)
                    m_options.warning("Skipped an image in domain " + domain.name + ": " + e.what());
                continue;
            }
        }
        auto img = torch::from_blob(const_cast<std::uint8_t *>(pixels->data()), {load, load, 3}, torch::kUInt8)
                       .narrow(0, spec.cropY, crop)
                       .narrow(1, spec.cropX, crop);
        if (spec.flip)
            img = img.flip({1});
        return img.permute({2, 0, 1}).to(torch::kFloat).div_(127.5).sub_(1.0);
    }
    throw Error("None of the " + std::to_string(domain.files.size()) + " images in domain " + domain.name + " can be read.");
}

Batch DataLoader::produce(std::int64_t iteration)
{
    Batch batch;
    batch.iteration = iteration;
    const auto plan = m_sampler->plan(iteration);
    for (const auto &stream : plan) {
        std::vector<torch::Tensor> images;
        for (const auto &spec : stream)
            images.push_back(sample(spec));
        auto stacked = torch::stack(images);
        batch.images.push_back(m_options.pinMemory ? stacked.pin_memory() : stacked);
    }
    std::vector<std::int64_t> labels;
    for (const auto &spec : plan.front())
        labels.push_back(spec.domain);
    batch.labels = torch::tensor(labels, torch::kLong);
    return batch;
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
            Batch batch = produce(m_nextToProduce++);
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
