#pragma once
// The loss log of a project (logs/losses.csv): "iteration,epoch" then one column per loss name; an empty
// cell is a loss that iteration does not have. Shared by both training modes. No torch here.

#include "engine/training/lossvalues.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace engine {

// A loss log as read back: the loss names (the columns after iteration and epoch) and one row per
// iteration; NaN where a row has no value for a loss.
struct LossHistory
{
    struct Row
    {
        std::int64_t iteration = 0;
        int epoch = 1;
        std::vector<double> values; // one per name
    };
    std::vector<std::string> names;
    std::vector<Row> rows;
};
// An empty history when the file does not exist; malformed rows are skipped.
LossHistory readLossLog(const std::filesystem::path &path);

// Drops rows after `iteration`: they belong to a run whose checkpoint was not saved, so the curves
// continue seamlessly after a resume.
void trimLossLog(const std::filesystem::path &path, std::int64_t iteration);

class LossLog
{
public:
    // Opens the log for appending with these columns. A log written with other columns (other loss
    // options, an older version) is first rewritten with these, matched by name; columns this run no
    // longer logs are kept at the end. Throws engine::Error when the file cannot be written.
    LossLog(const std::filesystem::path &path, std::vector<std::string> names);

    void append(std::int64_t iteration, int epoch, const LossValues &losses);
    // Throws engine::Error when the rows cannot be written (a full disk).
    void flush();

private:
    std::filesystem::path m_path;
    std::vector<std::string> m_names;
    std::ofstream m_out;
};

} // namespace engine
