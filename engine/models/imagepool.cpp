#include "models/imagepool.h"

namespace engine {

ImagePool::ImagePool(int size) : m_size(size) {}

torch::Tensor ImagePool::query(const torch::Tensor &images, std::mt19937_64 &rng)
{
    if (m_size == 0)
        return images;
    std::uniform_real_distribution<double> coin(0.0, 1.0);
    std::vector<torch::Tensor> out;
    out.reserve(static_cast<size_t>(images.size(0)));
    for (int64_t i = 0; i < images.size(0); ++i) {
        auto image = images.narrow(0, i, 1).detach();
        int decision = -1;
        if (static_cast<int>(m_images.size()) < m_size) {
            m_images.push_back(image);
            out.push_back(image);
        } else if (coin(rng) > 0.5) {
            std::uniform_int_distribution<int> pick(0, m_size - 1);
            decision = pick(rng);
            out.push_back(m_images[static_cast<size_t>(decision)].clone());
            m_images[static_cast<size_t>(decision)] = image;
        } else {
            out.push_back(image);
        }
        if (m_decisions)
            m_decisions->push_back(decision);
    }
    return torch::cat(out, 0);
}

} // namespace engine
