#pragma once
// Which images make up each iteration's batch, and how each is cropped and flipped: a pure function of
// (seed, iteration), so a resumed run sees exactly the batches an uninterrupted one would, without any
// saved loader state. Two samplers, one per training mode, feed the one DataLoader. No torch here.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace engine {

// One image of a batch: the domain and the index of its file, the crop's top-left corner in the image
// resized to the load size, and a horizontal flip.
struct SampleSpec
{
    int domain = 0;
    std::size_t index = 0;
    int cropX = 0, cropY = 0;
    bool flip = false;
};

// A batch is one or more streams of images stacked into one tensor each: the CycleGAN mode has two
// (A images, B images), the multi-domain mode one (images of any domain, labelled by their domain).
using BatchPlan = std::vector<std::vector<SampleSpec>>;

class Sampler
{
public:
    virtual ~Sampler() = default;
    virtual std::int64_t iterationsPerEpoch() const = 0;
    virtual BatchPlan plan(std::int64_t iteration) const = 0;
};

// splitmix64: turns (seed, iteration, sample) into independent generator seeds.
std::uint64_t splitmix(std::uint64_t x);

// The reference's unaligned dataset (--dataset_mode unaligned, serial_batches off): an epoch is a seeded
// permutation of max(|A|, |B|) indices into A; B is drawn uniformly at random for each A; crop offsets
// (--preprocess resize_and_crop) and flips (!--no_flip) are drawn independently for A and B.
class UnalignedSampler : public Sampler
{
public:
    UnalignedSampler(std::size_t countA, std::size_t countB, int batchSize, int loadSize, int cropSize, bool flip, std::uint64_t seed);
    std::int64_t iterationsPerEpoch() const override;
    BatchPlan plan(std::int64_t iteration) const override;
    static std::int64_t iterationsPerEpoch(std::size_t countA, std::size_t countB, int batchSize);

private:
    std::size_t m_countA, m_countB;
    int m_batch, m_loadSize, m_cropSize;
    bool m_flip;
    std::uint64_t m_seed;
};

// The multi-domain mode: every image of every domain in one seeded permutation per epoch, read in order,
// each flipped at random; images are resized to the training size (no crop).
class LabelledSampler : public Sampler
{
public:
    LabelledSampler(std::vector<std::size_t> domainCounts, int batchSize, bool flip, std::uint64_t seed);
    std::int64_t iterationsPerEpoch() const override;
    BatchPlan plan(std::int64_t iteration) const override;
    static std::int64_t iterationsPerEpoch(std::size_t images, int batchSize);

private:
    std::vector<std::pair<int, std::size_t>> m_images; // (domain, index) of every image, domain by domain
    int m_batch;
    bool m_flip;
    std::uint64_t m_seed;
};

// One rank's part of a distributed run's batches. The inner sampler plans the run's whole batch (ranks ×
// batch per rank), and rank r takes the r-th slice of every stream: N ranks with batch b see exactly the
// images one process with batch N·b would, and the plan stays a pure function of (seed, iteration).
class ShardedSampler : public Sampler
{
public:
    ShardedSampler(std::unique_ptr<Sampler> whole, int rank, int ranks);
    std::int64_t iterationsPerEpoch() const override { return m_whole->iterationsPerEpoch(); }
    BatchPlan plan(std::int64_t iteration) const override;

private:
    std::unique_ptr<Sampler> m_whole;
    int m_rank, m_ranks;
};

} // namespace engine
