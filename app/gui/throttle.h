#pragma once
// Throttle: results cross from a worker thread to the views at most every 50 ms (about 20 a second,
// what a person can see), plus whenever the caller must report at once (the last item, a stop). Lives on
// the worker thread.

#include <QElapsedTimer>

namespace app {

class Throttle
{
public:
    static constexpr int kIntervalMs = 50;

    Throttle() { m_clock.start(); }
    // True when the interval has passed (or `now` is true); the interval then starts again.
    bool ready(bool now = false)
    {
        if (!now && m_clock.elapsed() < kIntervalMs)
            return false;
        m_clock.restart();
        return true;
    }

private:
    QElapsedTimer m_clock;
};

} // namespace app
