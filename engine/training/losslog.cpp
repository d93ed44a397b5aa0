#include "engine/training/losslog.h"

#include "engine/core/atomicfile.h"
#include "engine/core/error.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <sstream>

namespace fs = std::filesystem;

namespace engine {

namespace {

std::vector<std::string> splitCsv(const std::string &line)
{
    std::vector<std::string> fields;
    std::string field;
    std::istringstream in(line);
    while (std::getline(in, field, ','))
        fields.push_back(field);
    if (!line.empty() && line.back() == ',')
        fields.emplace_back();
    return fields;
}

std::string joined(const std::vector<std::string> &columns)
{
    std::string out;
    for (size_t i = 0; i < columns.size(); ++i)
        out += (i ? "," : "") + columns[i];
    return out;
}

void matchColumns(const fs::path &path, const std::vector<std::string> &names)
{
    std::istringstream in(readFileBytes(path));
    std::vector<std::string> columns{"iteration", "epoch"};
    columns.insert(columns.end(), names.begin(), names.end());
    std::string line;
    if (!std::getline(in, line) || line == joined(columns))
        return;
    const auto oldColumns = splitCsv(line);
    for (const auto &c : oldColumns)
        if (std::find(columns.begin(), columns.end(), c) == columns.end())
            columns.push_back(c);
    std::string out = joined(columns) + "\n";
    while (std::getline(in, line)) {
        if (line.empty())
            continue;
        const auto fields = splitCsv(line);
        for (size_t c = 0; c < columns.size(); ++c) {
            const auto at = std::find(oldColumns.begin(), oldColumns.end(), columns[c]);
            const auto i = static_cast<size_t>(at - oldColumns.begin());
            out += c ? "," : "";
            if (at != oldColumns.end() && i < fields.size())
                out += fields[i];
        }
        out += "\n";
    }
    writeFileAtomic(path, out);
}

} // namespace

LossHistory readLossLog(const fs::path &path)
{
    LossHistory history;
    std::error_code ec;
    if (!fs::exists(path, ec))
        return history;
    std::istringstream in(readFileBytes(path));
    std::string line;
    if (!std::getline(in, line))
        return history;
    auto columns = splitCsv(line);
    if (columns.size() < 2)
        return history;
    history.names.assign(columns.begin() + 2, columns.end());
    while (std::getline(in, line)) {
        const auto fields = splitCsv(line);
        if (fields.size() < 3)
            continue;
        LossHistory::Row row;
        try {
            size_t used = 0;
            row.iteration = std::stoll(fields[0], &used);
            if (used != fields[0].size())
                continue;
            row.epoch = std::stoi(fields[1]);
        } catch (const std::exception &) {
            continue;
        }
        row.values.resize(history.names.size(), std::nan(""));
        for (size_t i = 0; i < history.names.size() && i + 2 < fields.size(); ++i) {
            const auto &f = fields[i + 2];
            if (f.empty())
                continue;
            char *end = nullptr;
            const double v = std::strtod(f.c_str(), &end);
            if (end && *end == '\0')
                row.values[i] = v;
        }
        history.rows.push_back(std::move(row));
    }
    return history;
}

void trimLossLog(const fs::path &path, std::int64_t iteration)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        return;
    std::istringstream in(readFileBytes(path));
    std::string line, kept;
    bool changed = false;
    while (std::getline(in, line)) {
        if (line.empty())
            continue;
        if (std::isdigit(static_cast<unsigned char>(line[0])) && std::stoll(line) > iteration) {
            changed = true;
            continue;
        }
        kept += line + "\n";
    }
    if (changed)
        writeFileAtomic(path, kept);
}

LossLog::LossLog(const fs::path &path, std::vector<std::string> names) : m_path(path), m_names(std::move(names))
{
    std::error_code ec;
    const bool fresh = !fs::exists(path, ec) || fs::file_size(path, ec) == 0;
    if (!fresh)
        matchColumns(path, m_names);
    m_out.open(path, std::ios::app);
    if (!m_out)
        throw Error("Cannot write the loss log \"" + displayPath(path) + "\".");
    if (fresh)
        m_out << "iteration,epoch," << joined(m_names) << '\n';
}

void LossLog::append(std::int64_t iteration, int epoch, const LossValues &losses)
{
    m_out << iteration << ',' << epoch;
    char buf[32];
    for (const auto &name : m_names) {
        const double v = losses[name];
        if (std::isnan(v))
            m_out << ',';
        else {
            std::snprintf(buf, sizeof buf, ",%.6g", v);
            m_out << buf;
        }
    }
    m_out << '\n';
    if (iteration % 10 == 0)
        flush();
}

void LossLog::flush()
{
    m_out.flush();
    if (!m_out)
        throw Error("Cannot write the loss log \"" + displayPath(m_path) + "\" (" + std::strerror(errno) +
                    "); the disk may be full. Training stopped; the last checkpoint is kept.");
}

} // namespace engine
