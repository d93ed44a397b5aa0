#include "app/gui/language.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace app {

namespace {
QTranslator *g_ours = nullptr;
QTranslator *g_qt = nullptr;

void removeInstalled()
{
    for (QTranslator **t : {&g_ours, &g_qt}) {
        if (*t) {
            QCoreApplication::removeTranslator(*t);
            delete *t;
            *t = nullptr;
        }
    }
}

// The shipped language that serves `name` ("zh_CN", "zh", "en_GB" → en…), or "".
QString match(const QString &name)
{
    const QStringList shipped = availableLanguages();
    if (shipped.contains(name))
        return name;
    const QLocale locale(name);
    for (const auto &s : shipped)
        if (QLocale(s).language() == locale.language() && (s.size() == 2 || QLocale(s).territory() == locale.territory() ||
                                                           locale.territory() == QLocale::AnyTerritory))
            return s;
    return {};
}
} // namespace

QStringList availableLanguages() { return {QStringLiteral("en"), QStringLiteral("zh_CN")}; }

QString installTranslations(const QString &language, const QString &directory)
{
    removeInstalled();
    QString wanted = language;
    if (wanted.isEmpty())
        wanted = QSettings().value(QStringLiteral("view/language")).toString();
    if (wanted.isEmpty())
        wanted = QLocale::system().name();
    QString use = match(wanted);
    if (use.isEmpty())
        use = QStringLiteral("en");

    auto load = [&](const QString &lang) {
        auto *t = new QTranslator;
        const QString file = QStringLiteral("%1/cyclestudio_%2.qm").arg(directory, lang);
        if (t->load(file)) {
            QCoreApplication::installTranslator(t);
            g_ours = t;
            return true;
        }
        delete t;
        qWarning("CycleStudio: the %s translation (%s) is missing or damaged; the interface stays in English.", qPrintable(lang),
                 qPrintable(file));
        return false;
    };
    if (!load(use)) {
        if (use == QLatin1String("en"))
            return use;
        use = QStringLiteral("en");
        load(use);
        return use;
    }
    // Qt's own strings (standard buttons, file dialogs), when the system has them.
    if (use != QLatin1String("en")) {
        auto *qt = new QTranslator;
        if (qt->load(QLocale(use), QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            QCoreApplication::installTranslator(qt);
            g_qt = qt;
        } else {
            delete qt;
        }
    }
    return use;
}

} // namespace app
