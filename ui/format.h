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

// The names of a two-domain project's styles as shown: the user's names, or "A" and "B" when unnamed.
struct StyleNames
{
    QString a, b;
    QString shownA() const { return a.isEmpty() ? QStringLiteral("A") : a; }
    QString shownB() const { return b.isEmpty() ? QStringLiteral("B") : b; }
    bool isNamed() const { return !a.isEmpty() && !b.isEmpty(); }
    // "Photos → Watercolours" (or "A → B"), one way or the other.
    QString aToB() const { return shownA() + QStringLiteral(" → ") + shownB(); }
    QString bToA() const { return shownB() + QStringLiteral(" → ") + shownA(); }
};

// Why two style names cannot be used, or "" when they can (both empty is fine: A and B). The engine
// checks the same when the project is saved.
inline QString styleNamesProblem(const QString &a, const QString &b)
{
    auto tr = [](const char *text) { return QCoreApplication::translate("ui::StyleNames", text); };
    if (a.isEmpty() && b.isEmpty())
        return {};
    if (a.isEmpty() || b.isEmpty())
        return tr("Give both styles a name, or neither.");
    for (const auto &name : {a, b}) {
        if (name.toUtf8().size() > 40)
            return tr("A style's name can have at most 40 characters.");
        for (const QChar c : name)
            if (c == QLatin1Char(',') || c.unicode() < 32)
                return tr("A style's name may not contain commas.");
    }
    if (a.compare(b, Qt::CaseInsensitive) == 0)
        return tr("The two styles need different names.");
    return {};
}

inline QString formatBytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace ui
