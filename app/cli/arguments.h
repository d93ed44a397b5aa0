#pragma once
// A small argument parser for cyclestudio-cli: positional arguments, --name value options (repeatable
// ones collect their values), and flags. Usage errors are UsageError (exit code 2).

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
    long long longValue(const std::string &name, long long fallback) const;
    double doubleValue(const std::string &name, double fallback) const;

private:
    std::vector<std::string> m_positional;
    std::map<std::string, std::vector<std::string>> m_values;
};

} // namespace cli
