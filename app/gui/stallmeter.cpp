#include "app/gui/stallmeter.h"

#include <algorithm>

namespace app {

StallMeter::StallMeter(QObject *parent) : QObject(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(2);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        const qint64 now = m_clock.nsecsElapsed();
        m_gaps.push_back((now - m_last) / 1e6);
        m_last = now;
    });
}

void StallMeter::start()
{
    m_gaps.clear();
    m_clock.start();
    m_last = 0;
    m_timer.start();
}

double StallMeter::maxStallMs() const { return m_gaps.isEmpty() ? 0 : *std::max_element(m_gaps.begin(), m_gaps.end()); }

double StallMeter::percentileStallMs(double p) const
{
    if (m_gaps.isEmpty())
        return 0;
    auto sorted = m_gaps;
    std::sort(sorted.begin(), sorted.end());
    return sorted[std::min<qsizetype>(sorted.size() - 1, qsizetype(p / 100.0 * sorted.size()))];
}

} // namespace app
