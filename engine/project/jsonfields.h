#pragma once
// Reading settings and headers from JSON with a sentence for every wrong value: a missing entry takes
// its default; an entry of the wrong type, out of range or not finite is refused, naming the entry
// ("The setting "lambda_A" must be a number, not "ten"."). Callers add which file it was.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace engine {

// Throws engine::Error unless j is a JSON object; `what` names it ("the settings").
void requireObject(const nlohmann::json &j, const std::string &what);

int intField(const nlohmann::json &j, const char *key, int fallback);
std::int64_t int64Field(const nlohmann::json &j, const char *key, std::int64_t fallback);
std::uint64_t uint64Field(const nlohmann::json &j, const char *key, std::uint64_t fallback);
double numberField(const nlohmann::json &j, const char *key, double fallback);
bool boolField(const nlohmann::json &j, const char *key, bool fallback);
std::string stringField(const nlohmann::json &j, const char *key, const std::string &fallback);
std::vector<double> numbersField(const nlohmann::json &j, const char *key, const std::vector<double> &fallback);
std::vector<std::string> stringsField(const nlohmann::json &j, const char *key);

} // namespace engine
