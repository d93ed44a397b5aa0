#pragma once
// The image buffer of Shrivastava et al. used by the reference (util/image_pool.py, --pool_size 50): the
// discriminators see a history of generated images, not only the latest ones. Owned by CycleGanModel.

#include <torch/torch.h>

#include <random>
#include <vector>

namespace engine {

class ImagePool
{
public:
    explicit ImagePool(int size = 50);

    // Until the pool is full, stores each image and returns it; then, with probability 0.5, returns a
    // stored image and puts the new one in its place, else returns the new one.
    torch::Tensor query(const torch::Tensor &images, std::mt19937_64 &rng);

    int size() const { return m_size; }
    const std::vector<torch::Tensor> &images() const { return m_images; }
    void setImages(std::vector<torch::Tensor> images) { m_images = std::move(images); }
    // Appends each query's decision per image to `decisions` (nullptr: none): -1 when the new image was
    // returned, j when stored image j was returned and replaced. A replay in another implementation
    // (the lockstep test against the reference) makes the same choices from it.
    void recordDecisions(std::vector<int> *decisions) { m_decisions = decisions; }

private:
    int m_size;
    std::vector<torch::Tensor> m_images; // each [1, C, H, W], detached
    std::vector<int> *m_decisions = nullptr;
};

} // namespace engine
