#include "project/jsonfields.h"

#include "engine/core/error.h"

#include <cmath>
#include <limits>

namespace engine {

namespace {

std::string shown(const nlohmann::json &value)
{
    std::string text = value.dump();
    if (text.size() > 40)
        text = text.substr(0, 37) + "...";
    return text;
}

[[noreturn]] void wrong(const char *key, const char *must, const nlohmann::json &value)
{
    throw Error(std::string("The setting \"") + key + "\" must be " + must + ", not " + shown(value) + ".");
}

// The entry, or nullptr when it is absent.
const nlohmann::json *find(const nlohmann::json &j, const char *key)
{
    const auto it = j.find(key);
    return it == j.end() ? nullptr : &*it;
}

// A whole number in [lo, hi] (JSON integers, or floats with an integral value).
long double wholeNumber(const nlohmann::json &v, const char *key, long double lo, long double hi, const char *must)
{
    if (!v.is_number())
        wrong(key, must, v);
    const long double x = v.is_number_unsigned() ? static_cast<long double>(v.get<std::uint64_t>())
                          : v.is_number_integer() ? static_cast<long double>(v.get<std::int64_t>())
                                                  : static_cast<long double>(v.get<double>());
    if (!std::isfinite(x) || std::floor(x) != x || x < lo || x > hi)
        wrong(key, must, v);
    return x;
}

} // namespace

void requireObject(const nlohmann::json &j, const std::string &what)
{
    if (!j.is_object())
        throw Error("The " + what + " must be a JSON object, not " + shown(j) + ".");
}

int intField(const nlohmann::json &j, const char *key, int fallback)
{
    const auto *v = find(j, key);
    return v ? static_cast<int>(wholeNumber(*v, key, std::numeric_limits<int>::min(), std::numeric_limits<int>::max(), "a whole number"))
             : fallback;
}

std::int64_t int64Field(const nlohmann::json &j, const char *key, std::int64_t fallback)
{
    const auto *v = find(j, key);
    if (!v)
        return fallback;
    if (v->is_number_integer() && !v->is_number_unsigned())
        return v->get<std::int64_t>();
    return static_cast<std::int64_t>(wholeNumber(*v, key, -9.2e18L, 9.2e18L, "a whole number"));
}

std::uint64_t uint64Field(const nlohmann::json &j, const char *key, std::uint64_t fallback)
{
    const auto *v = find(j, key);
    if (!v)
        return fallback;
    if (v->is_number_unsigned())
        return v->get<std::uint64_t>(); // all 64 bits, exactly
    if (v->is_number_integer() && v->get<std::int64_t>() >= 0)
        return static_cast<std::uint64_t>(v->get<std::int64_t>());
    wrong(key, "a whole number from 0 to 18446744073709551615", *v);
}

double numberField(const nlohmann::json &j, const char *key, double fallback)
{
    const auto *v = find(j, key);
    if (!v)
        return fallback;
    if (!v->is_number() || !std::isfinite(v->get<double>()))
        wrong(key, "a finite number", *v);
    return v->get<double>();
}

bool boolField(const nlohmann::json &j, const char *key, bool fallback)
{
    const auto *v = find(j, key);
    if (!v)
        return fallback;
    if (!v->is_boolean())
        wrong(key, "true or false", *v);
    return v->get<bool>();
}

std::string stringField(const nlohmann::json &j, const char *key, const std::string &fallback)
{
    const auto *v = find(j, key);
    if (!v)
        return fallback;
    if (!v->is_string())
        wrong(key, "a text in quotes", *v);
    return v->get<std::string>();
}

std::vector<double> numbersField(const nlohmann::json &j, const char *key, const std::vector<double> &fallback)
{
    const auto *v = find(j, key);
    if (!v)
        return fallback;
    if (!v->is_array())
        wrong(key, "a list of numbers", *v);
    std::vector<double> out;
    for (const auto &x : *v) {
        if (!x.is_number() || !std::isfinite(x.get<double>()))
            wrong(key, "a list of finite numbers", *v);
        out.push_back(x.get<double>());
    }
    return out;
}

std::vector<std::string> stringsField(const nlohmann::json &j, const char *key)
{
    const auto *v = find(j, key);
    if (!v || !v->is_array())
        wrong(key, "a list of texts in quotes", v ? *v : nlohmann::json());
    std::vector<std::string> out;
    for (const auto &x : *v) {
        if (!x.is_string())
            wrong(key, "a list of texts in quotes", *v);
        out.push_back(x.get<std::string>());
    }
    return out;
}

} // namespace engine
