#pragma once
// Every engine failure a person may see is an engine::Error whose what() is a complete sentence.

#include <stdexcept>
#include <string>

namespace engine {

class Error : public std::runtime_error
{
public:
    explicit Error(const std::string &message) : std::runtime_error(message) {}
};

// Thrown when a callback asked the work to stop; not an error for the user.
class Cancelled : public std::runtime_error
{
public:
    Cancelled() : std::runtime_error("Cancelled.") {}
};

} // namespace engine
