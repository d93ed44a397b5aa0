#include "app/gui/livemodels.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>

#include <exception>

namespace app {

namespace {
bool sameProject(const QString &a, const QString &b)
{
    return !a.isEmpty() && QFileInfo(a).absoluteFilePath() == QFileInfo(b).absoluteFilePath();
}
} // namespace

void LiveModels::attach(const QString &projectDir, std::function<qint64()> iteration, Writer writer)
{
    QMutexLocker lock(&m_mutex);
    m_project = projectDir;
    m_iteration = std::move(iteration);
    m_writer = std::move(writer);
    m_latest[0].reset();
    m_latest[1].reset();
}

void LiveModels::detach()
{
    QMutexLocker lock(&m_mutex);
    m_project.clear();
    m_writer = {};
    m_iteration = {};
    m_wanted = -1;
    m_latest[0].reset();
    m_latest[1].reset();
    ++m_round;
    m_answered.wakeAll();
}

bool LiveModels::training(const QString &projectDir) const
{
    QMutexLocker lock(&m_mutex);
    return m_writer && sameProject(m_project, projectDir);
}

void LiveModels::serve()
{
    QMutexLocker lock(&m_mutex);
    if (m_wanted < 0 || !m_writer)
        return;
    const int direction = m_wanted;
    m_wanted = -1;
    try {
        if (!m_dir)
            m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/cyclestudio-live-XXXXXX"));
        const qint64 now = m_iteration();
        if (!m_latest[direction] || m_latest[direction]->iteration != now) { // once per iteration
            const QString file = m_dir->filePath(direction == 0 ? QStringLiteral("AtoB.csm") : QStringLiteral("BtoA.csm"));
            m_writer(direction, file);
            m_latest[direction] = Snapshot{file, now};
            m_written[direction].start();
        }
    } catch (const std::exception &) {
        m_latest[direction].reset(); // the caller falls back to the newest checkpoint
    }
    ++m_round;
    m_answered.wakeAll();
}

std::optional<LiveModels::Snapshot> LiveModels::request(const QString &projectDir, int direction, int timeoutMs, int reuseMs)
{
    QMutexLocker lock(&m_mutex);
    if (!m_writer || !sameProject(m_project, projectDir) || direction < 0 || direction > 1)
        return std::nullopt;
    if (m_latest[direction] && m_written[direction].isValid() && m_written[direction].elapsed() < reuseMs)
        return m_latest[direction];
    m_wanted = direction;
    const quint64 round = m_round;
    QDeadlineTimer deadline(timeoutMs);
    while (m_round == round && m_answered.wait(&m_mutex, deadline)) {
    }
    if (m_round == round) { // no answer in time: training is between slow steps
        m_wanted = -1;
        return std::nullopt;
    }
    return m_latest[direction];
}

} // namespace app
