#pragma once
// Small formatting helpers shared by the views: durations and data sizes in the user's locale.

#include <QCoreApplication>
#include <QLocale>
#include <QString>

#include <cmath>

namespace ui {

inline QString formatDuration(double seconds)
{
    if (seconds < 0 || !std::isfinite(seconds))
        return QStringLiteral("–");
    const qint64 s = qRound64(seconds);
    if (s >= 2 * 86400)
        return QCoreApplication::translate("ui::format", "%1 days %2 h").arg(s / 86400).arg((s / 3600) % 24);
    if (s >= 3600)
        return QCoreApplication::translate("ui::format", "%1 h %2 min").arg(s / 3600).arg((s / 60) % 60);
    if (s >= 60)
        return QCoreApplication::translate("ui::format", "%1 min %2 s").arg(s / 60).arg(s % 60);
    return QCoreApplication::translate("ui::format", "%1 s").arg(s);
}

inline QString formatBytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace ui
