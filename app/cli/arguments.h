#pragma once
// A small argument parser for cyclestudio-cli: positional arguments, --name value options (repeatable
// ones collect their values), and flags; "--" ends the options. Usage errors are UsageError (exit code 2).

#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace cli {

class UsageError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

class Arguments
{
public:
    // valueOptions take a value; multiOptions take one or more values up to the next option;
    // flags take none. Anything else starting with "--" is a usage error.
    Arguments(const std::vector<std::string> &args, const std::set<std::string> &valueOptions,
              const std::set<std::string> &multiOptions = {}, const std::set<std::string> &flags = {});

    const std::vector<std::string> &positional() const { return m_positional; }
    bool has(const std::string &name) const;
    std::string value(const std::string &name, const std::string &fallback = {}) const;
    std::vector<std::string> values(const std::string &name) const;
    int intValue(const std::string &name, int fallback) const;
    // A whole number in [lo, hi]; a usage error names the range.
    long long boundedValue(const std::string &name, long long fallback, long long lo, long long hi) const;
    // 0 to 2^64 - 1, digits only (no sign: -1 does not wrap around).
    std::uint64_t unsignedValue(const std::string &name, std::uint64_t fallback) const;
    long long longValue(const std::string &name, long long fallback) const;
    double doubleValue(const std::string &name, double fallback) const;

private:
    std::vector<std::string> m_positional;
    std::map<std::string, std::vector<std::string>> m_values;
};

} // namespace cli
