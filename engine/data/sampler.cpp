#include "data/sampler.h"

#include <algorithm>
#include <numeric>
#include <random>

namespace engine {

std::uint64_t splitmix(std::uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

UnalignedSampler::UnalignedSampler(std::size_t countA, std::size_t countB, int batchSize, int loadSize, int cropSize, bool flip,
                                   std::uint64_t seed)
    : m_countA(countA), m_countB(countB), m_batch(batchSize), m_loadSize(loadSize), m_cropSize(cropSize), m_flip(flip), m_seed(seed)
{
}

std::int64_t UnalignedSampler::iterationsPerEpoch(std::size_t countA, std::size_t countB, int batchSize)
{
    const auto n = static_cast<std::int64_t>(std::max(countA, countB));
    return std::max<std::int64_t>(1, (n + batchSize - 1) / batchSize);
}

std::int64_t UnalignedSampler::iterationsPerEpoch() const { return iterationsPerEpoch(m_countA, m_countB, m_batch); }

BatchPlan UnalignedSampler::plan(std::int64_t iteration) const
{
    const std::size_t n = std::max(m_countA, m_countB);
    const std::int64_t perEpoch = iterationsPerEpoch();
    const std::int64_t epoch = iteration / perEpoch;
    // The epoch's permutation.
    std::vector<std::size_t> perm(n);
    std::iota(perm.begin(), perm.end(), std::size_t(0));
    std::mt19937_64 epochRng(splitmix(m_seed ^ splitmix(static_cast<std::uint64_t>(epoch) + 0x5eed)));
    std::shuffle(perm.begin(), perm.end(), epochRng);

    BatchPlan batch(2);
    for (int j = 0; j < m_batch; ++j) {
        const std::size_t position = static_cast<std::size_t>((iteration % perEpoch) * m_batch + j) % n;
        std::mt19937_64 rng(splitmix(m_seed ^ splitmix(static_cast<std::uint64_t>(iteration) * 1024 + static_cast<std::uint64_t>(j))));
        SampleSpec a, b;
        a.domain = 0;
        b.domain = 1;
        a.index = perm[position] % m_countA;
        b.index = std::uniform_int_distribution<std::size_t>(0, m_countB - 1)(rng);
        std::uniform_int_distribution<int> offset(0, m_loadSize - m_cropSize);
        a.cropX = offset(rng);
        a.cropY = offset(rng);
        b.cropX = offset(rng);
        b.cropY = offset(rng);
        std::bernoulli_distribution coin(0.5);
        a.flip = m_flip && coin(rng);
        b.flip = m_flip && coin(rng);
        batch[0].push_back(a);
        batch[1].push_back(b);
    }
    return batch;
}

LabelledSampler::LabelledSampler(std::vector<std::size_t> domainCounts, int batchSize, bool flip, std::uint64_t seed)
    : m_batch(batchSize), m_flip(flip), m_seed(seed)
{
    for (std::size_t d = 0; d < domainCounts.size(); ++d)
        for (std::size_t i = 0; i < domainCounts[d]; ++i)
            m_images.emplace_back(static_cast<int>(d), i);
}

std::int64_t LabelledSampler::iterationsPerEpoch(std::size_t images, int batchSize)
{
    return std::max<std::int64_t>(1, static_cast<std::int64_t>((images + static_cast<std::size_t>(batchSize) - 1) /
                                                                static_cast<std::size_t>(batchSize)));
}

std::int64_t LabelledSampler::iterationsPerEpoch() const { return iterationsPerEpoch(m_images.size(), m_batch); }

BatchPlan LabelledSampler::plan(std::int64_t iteration) const
{
    const std::int64_t perEpoch = iterationsPerEpoch();
    const auto epoch = static_cast<std::uint64_t>(iteration / perEpoch);
    std::vector<std::size_t> order(m_images.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::mt19937_64 shuffle(splitmix(m_seed ^ splitmix(epoch + 1)));
    std::shuffle(order.begin(), order.end(), shuffle);
    BatchPlan batch(1);
    const std::size_t first = static_cast<std::size_t>(iteration % perEpoch) * static_cast<std::size_t>(m_batch);
    for (int j = 0; j < m_batch; ++j) {
        const auto &[domain, index] = m_images[order[(first + static_cast<std::size_t>(j)) % order.size()]];
        SampleSpec s;
        s.domain = domain;
        s.index = index;
        s.flip = m_flip && (splitmix(m_seed ^ splitmix(static_cast<std::uint64_t>(iteration) * 977 + static_cast<std::uint64_t>(j))) & 1);
        batch[0].push_back(s);
    }
    return batch;
}

ShardedSampler::ShardedSampler(std::unique_ptr<Sampler> whole, int rank, int ranks) : m_whole(std::move(whole)), m_rank(rank), m_ranks(ranks) {}

BatchPlan ShardedSampler::plan(std::int64_t iteration) const
{
    BatchPlan whole = m_whole->plan(iteration);
    for (auto &stream : whole) {
        const std::size_t per = stream.size() / static_cast<std::size_t>(m_ranks);
        const auto first = stream.begin() + static_cast<std::ptrdiff_t>(per * static_cast<std::size_t>(m_rank));
        stream = std::vector<SampleSpec>(first, first + static_cast<std::ptrdiff_t>(per));
    }
    return whole;
}

} // namespace engine
