#pragma once
// LiveModels: the weights in training, for a translation that wants them now rather than at the next
// checkpoint. The translate worker asks (request(), on its thread); the training worker answers at the
// end of its current iteration, or at once while paused (serve(), on the training thread), by writing
// that direction's generator to a model file in a scratch folder. Nothing is written unless asked, and
// the same iteration is written once. No torch here: the training worker supplies the writer.

#include <QElapsedTimer>
#include <QMutex>
#include <QString>
#include <QTemporaryDir>
#include <QWaitCondition>

#include <functional>
#include <memory>
#include <optional>

namespace app {

class LiveModels
{
public:
    struct Snapshot
    {
        QString file;
        qint64 iteration = 0;
    };
    // Writes direction 0 (A→B) or 1 (B→A) into `file`. Throws on failure.
    using Writer = std::function<void(int direction, const QString &file)>;

    // Training thread. `iteration` says how far the run is.
    void attach(const QString &projectDir, std::function<qint64()> iteration, Writer writer);
    void detach(); // also answers waiting requests with "no run"
    void serve();  // fulfils a pending request; cheap when there is none

    // Any other thread: the current weights of `direction` of the run training `projectDir`, or nothing
    // when no run of that project goes on (or it did not answer within `timeoutMs`, or could not write).
    // Weights written less than `reuseMs` ago are given at once (scrubbing through a video's frames does
    // not wait for an iteration at every step).
    std::optional<Snapshot> request(const QString &projectDir, int direction, int timeoutMs = 30000, int reuseMs = 15000);
    bool training(const QString &projectDir) const;

private:
    mutable QMutex m_mutex;
    QWaitCondition m_answered;
    QString m_project;
    Writer m_writer;
    std::function<qint64()> m_iteration;
    int m_wanted = -1; // the direction asked for, -1 none
    std::optional<Snapshot> m_latest[2];
    QElapsedTimer m_written[2];
    quint64 m_round = 0; // counts answers, so that a waiter knows its own
    std::unique_ptr<QTemporaryDir> m_dir;
};

} // namespace app
