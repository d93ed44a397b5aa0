#pragma once
// What the engine tests ask of an autograd graph.

#include <torch/torch.h>

#include <set>
#include <string>
#include <vector>

namespace testdata {

// The names of the autograd nodes behind `y` ("torch::autograd::CopySlices", …).
inline std::set<std::string> gradientNodes(const torch::Tensor &y)
{
    std::set<std::string> names;
    std::set<const torch::autograd::Node *> seen;
    std::vector<const torch::autograd::Node *> open{y.grad_fn().get()};
    while (!open.empty()) {
        const auto *node = open.back();
        open.pop_back();
        if (!node || !seen.insert(node).second)
            continue;
        names.insert(node->name());
        for (const auto &edge : node->next_edges())
            open.push_back(edge.function.get());
    }
    return names;
}

// Whether the backward pass behind `y` copies whole tensors for an in-place operation on a view.
inline bool copiesSlices(const torch::Tensor &y) { return gradientNodes(y).count("torch::autograd::CopySlices") > 0; }

} // namespace testdata
