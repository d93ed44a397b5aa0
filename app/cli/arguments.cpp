#include "app/cli/arguments.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace cli {

Arguments::Arguments(const std::vector<std::string> &args, const std::set<std::string> &valueOptions,
                     const std::set<std::string> &multiOptions, const std::set<std::string> &flags)
{
    for (size_t i = 0; i < args.size(); ++i) {
        std::string a = args[i];
        if (a == "--") { // the end of options: the rest are positional, even if they start with "-"
            m_positional.insert(m_positional.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
            break;
        }
        if (a.size() > 1 && a[0] == '-' && !(a.size() > 1 && (std::isdigit(static_cast<unsigned char>(a[1])) || a[1] == '.'))) {
            std::string inlineValue;
            bool hasInline = false;
            if (const auto eq = a.find('='); eq != std::string::npos) {
                inlineValue = a.substr(eq + 1);
                a = a.substr(0, eq);
                hasInline = true;
            }
            if (flags.count(a)) {
                m_values[a].push_back("1");
            } else if (valueOptions.count(a)) {
                if (hasInline) {
                    m_values[a].push_back(inlineValue);
                } else {
                    if (i + 1 >= args.size())
                        throw UsageError("The option " + a + " needs a value.");
                    m_values[a].push_back(args[++i]);
                }
            } else if (multiOptions.count(a)) {
                auto &list = m_values[a];
                if (hasInline)
                    list.push_back(inlineValue);
                while (i + 1 < args.size() && !(args[i + 1].size() > 1 && args[i + 1].rfind("--", 0) == 0))
                    list.push_back(args[++i]);
                if (list.empty())
                    throw UsageError("The option " + a + " needs at least one value.");
            } else {
                throw UsageError("Unknown option " + a + ".");
            }
        } else {
            m_positional.push_back(a);
        }
    }
}

bool Arguments::has(const std::string &name) const { return m_values.count(name) > 0; }

std::string Arguments::value(const std::string &name, const std::string &fallback) const
{
    const auto it = m_values.find(name);
    return it == m_values.end() ? fallback : it->second.back();
}

std::vector<std::string> Arguments::values(const std::string &name) const
{
    const auto it = m_values.find(name);
    return it == m_values.end() ? std::vector<std::string>{} : it->second;
}

long long Arguments::longValue(const std::string &name, long long fallback) const
{
    if (!has(name))
        return fallback;
    const auto v = value(name);
    try {
        size_t used = 0;
        const long long n = std::stoll(v, &used);
        if (used != v.size())
            throw std::invalid_argument(v);
        return n;
    } catch (const std::exception &) {
        throw UsageError("The option " + name + " needs a whole number, not \"" + v + "\".");
    }
}

int Arguments::intValue(const std::string &name, int fallback) const
{
    const long long n = longValue(name, fallback);
    if (n < -2147483647LL || n > 2147483647LL)
        throw UsageError("The value of " + name + " is out of range.");
    return static_cast<int>(n);
}

long long Arguments::boundedValue(const std::string &name, long long fallback, long long lo, long long hi) const
{
    const long long n = longValue(name, fallback);
    if (has(name) && (n < lo || n > hi))
        throw UsageError("The option " + name + " takes a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", not " +
                         value(name) + ".");
    return n;
}

std::uint64_t Arguments::unsignedValue(const std::string &name, std::uint64_t fallback) const
{
    if (!has(name))
        return fallback;
    const auto v = value(name);
    const bool digits = !v.empty() && v.size() <= 20 && std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c); });
    try {
        size_t used = 0;
        if (digits) {
            const unsigned long long n = std::stoull(v, &used);
            if (used == v.size())
                return n;
        }
    } catch (const std::exception &) {
    }
    throw UsageError("The option " + name + " takes a whole number from 0 to 18446744073709551615, not \"" + v + "\".");
}

double Arguments::doubleValue(const std::string &name, double fallback) const
{
    if (!has(name))
        return fallback;
    const auto v = value(name);
    try {
        size_t used = 0;
        const double x = std::stod(v, &used);
        if (used != v.size() || !std::isfinite(x))
            throw std::invalid_argument(v);
        return x;
    } catch (const std::exception &) {
        throw UsageError("The option " + name + " needs a finite number, not \"" + v + "\".");
    }
}

} // namespace cli
