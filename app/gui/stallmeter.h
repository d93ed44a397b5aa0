#pragma once
// StallMeter: measures how long the UI thread's event loop goes without running, for the
// responsiveness benchmark (`cyclestudio --measure-ui SECONDS`). A 2 ms timer records the time between
// its ticks; a tick that comes late means the event loop was busy. Lives on the UI thread.

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QVector>

namespace app {

class StallMeter : public QObject
{
    Q_OBJECT

public:
    explicit StallMeter(QObject *parent = nullptr);
    void start();
    double maxStallMs() const;
    double percentileStallMs(double p) const;
    int samples() const { return m_gaps.size(); }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    QVector<double> m_gaps; // milliseconds between ticks
};

} // namespace app
