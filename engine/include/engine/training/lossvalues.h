#pragma once
// The losses of one training iteration, as plain numbers (no torch): an ordered list of named values.
// The CycleGAN mode logs the reference's loss_names (G_A, G_B, D_A, D_B, cycle_A, cycle_B, idt_A,
// idt_B) plus one curve per optional loss (cycle_ms_*, cycle_feat_*); the list for a run follows from its
// options (CycleGanModel::lossNames), so the loss log's columns are known before the first iteration.

#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace engine {

struct LossValues
{
    std::vector<std::pair<std::string, double>> entries;

    void add(std::string name, double value) { entries.emplace_back(std::move(name), value); }

    // The value of a named loss; NaN when this run does not log it.
    double operator[](const std::string &name) const
    {
        for (const auto &[n, v] : entries)
            if (n == name)
                return v;
        return std::nan("");
    }

    std::vector<std::string> names() const
    {
        std::vector<std::string> out;
        for (const auto &e : entries)
            out.push_back(e.first);
        return out;
    }
};

} // namespace engine
