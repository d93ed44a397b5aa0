#pragma once
// Runs cyclestudio-cli (CYCLESTUDIO_CLI, from the build) for the command-line tests.

#include <QProcess>
#include <QString>
#include <QStringList>

#include <filesystem>

namespace clitest {

struct Run
{
    int code = -1; // -2: killed by a signal; -1: did not finish in time
    QString out, err;
};

inline Run cli(const QStringList &args, int timeoutMs = 120000, const QString &program = QStringLiteral(CYCLESTUDIO_CLI))
{
    QProcess p;
    p.setProgram(program);
    p.setArguments(args);
    p.start();
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

inline QString q(const std::filesystem::path &p) { return QString::fromStdString(p.u8string()); }

} // namespace clitest
