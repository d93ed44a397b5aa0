#pragma once
// The user interface language: the system's, or the one chosen in View → Language (QSettings
// "view/language"). Translations are compiled into the program (qrc :/i18n); English is the source, with
// a small English catalogue for plurals. A missing or damaged catalogue falls back to English with a
// warning on stderr, never a failure.

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace app {

// The languages shipped, as locale names ("en", "zh_CN").
QStringList availableLanguages();

// Installs the catalogue for `language` ("" = the saved choice, else the system's locale) from
// `directory`. Returns the language in use ("en" when it fell back). Call before creating windows.
QString installTranslations(const QString &language = QString(), const QString &directory = QStringLiteral(":/i18n"));

} // namespace app
