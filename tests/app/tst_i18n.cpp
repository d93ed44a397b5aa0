// Translations: the catalogues are compiled into the program, Simplified Chinese changes the window's
// title bars and menus, English supplies the plural forms, and a damaged or unknown catalogue falls
// back to English with a warning.

#include "app/gui/language.h"
#include "ui/mainwindow.h"

#include <QDockWidget>
#include <QFile>
#include <QMenuBar>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest/QtTest>

class TestI18n : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase();
    void cleanup() { app::installTranslations(QStringLiteral("en")); }
    void cataloguesAreEmbedded();
    void chineseChangesTheWindow();
    void englishPlurals();
    void damagedOrUnknownFallsBackToEnglish();
    void savedChoiceWins();
};

void TestI18n::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
}

void TestI18n::cataloguesAreEmbedded()
{
    for (const auto &lang : app::availableLanguages())
        QVERIFY2(QFile::exists(QStringLiteral(":/i18n/cyclestudio_%1.qm").arg(lang)), qPrintable(lang));
}

void TestI18n::chineseChangesTheWindow()
{
    QCOMPARE(app::installTranslations(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    ui::MainWindow window;
    QCOMPARE(window.menuBar()->actions().first()->text(), QStringLiteral("文件(&F)"));
    QCOMPARE(window.findChild<QDockWidget *>(QStringLiteral("datasetDock"))->windowTitle(), QStringLiteral("数据集"));
    QCOMPARE(window.tabs()->tabText(0), QStringLiteral("训练(&T)"));
    window.setProject(m_dir.filePath(QStringLiteral("项目")));
    QCOMPARE(window.windowTitle(), QStringLiteral("项目[*] — CycleStudio"));

    // A territory-less or regional name finds the catalogue too.
    QCOMPARE(app::installTranslations(QStringLiteral("zh")), QStringLiteral("zh_CN"));
    QCOMPARE(QCoreApplication::translate("ui::MainWindow", "&File"), QStringLiteral("文件(&F)"));

    app::installTranslations(QStringLiteral("en"));
    ui::MainWindow english;
    QCOMPARE(english.menuBar()->actions().first()->text(), QStringLiteral("&File"));
}

void TestI18n::englishPlurals()
{
    QCOMPARE(app::installTranslations(QStringLiteral("en_GB")), QStringLiteral("en"));
    QCOMPARE(QCoreApplication::translate("ui::DatasetPane", "%1: %n image(s)", nullptr, 1), QStringLiteral("%1: 1 image"));
    QCOMPARE(QCoreApplication::translate("ui::DatasetPane", "%1: %n image(s)", nullptr, 3), QStringLiteral("%1: 3 images"));
}

void TestI18n::damagedOrUnknownFallsBackToEnglish()
{
    const QString dir = m_dir.filePath(QStringLiteral("broken"));
    QDir().mkpath(dir);
    QFile bad(dir + QStringLiteral("/cyclestudio_zh_CN.qm"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("this is not a Qt message catalogue");
    bad.close();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("zh_CN translation .* missing or damaged")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("en translation .* missing or damaged")));
    QCOMPARE(app::installTranslations(QStringLiteral("zh_CN"), dir), QStringLiteral("en"));
    QCOMPARE(QCoreApplication::translate("ui::MainWindow", "&File"), QStringLiteral("&File"));

    QCOMPARE(app::installTranslations(QStringLiteral("fr_FR")), QStringLiteral("en")); // not shipped
    QCOMPARE(QCoreApplication::translate("ui::MainWindow", "&File"), QStringLiteral("&File"));
}

void TestI18n::savedChoiceWins()
{
    QSettings().setValue(QStringLiteral("view/language"), QStringLiteral("zh_CN"));
    QCOMPARE(app::installTranslations(), QStringLiteral("zh_CN"));
    QSettings().remove(QStringLiteral("view/language"));
}

QTEST_MAIN(TestI18n)
#include "tst_i18n.moc"
