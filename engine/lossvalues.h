#pragma once
// The losses of one training iteration, as plain numbers (no torch), named as in the reference's
// loss_names: G_A, G_B, D_A, D_B, cycle_A, cycle_B, idt_A, idt_B.

#include <array>
#include <cstdint>
#include <string>

namespace engine {

struct LossValues
{
    double G_A = 0, G_B = 0, D_A = 0, D_B = 0;
    double cycle_A = 0, cycle_B = 0, idt_A = 0, idt_B = 0;

    static constexpr std::array<const char *, 8> names() { return {"G_A", "G_B", "D_A", "D_B", "cycle_A", "cycle_B", "idt_A", "idt_B"}; }
    std::array<double, 8> values() const { return {G_A, G_B, D_A, D_B, cycle_A, cycle_B, idt_A, idt_B}; }
};

} // namespace engine
