// MainWindow on its own (linked without torch): every action has a shortcut and a tooltip, the theme, the title.

#include "ui/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest/QtTest>

class TestMainWindow : public QObject
{
    Q_OBJECT
    QTemporaryDir m_settings;

private Q_SLOTS:
    void initTestCase();
    void everyActionHasAShortcutAndATooltip();
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_settings.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
}

void TestMainWindow::everyActionHasAShortcutAndATooltip()
{
    ui::MainWindow window;
    const auto actions = window.menuActions();
    QVERIFY(actions.size() >= 16);
    QSet<QKeySequence> seen;
    for (auto *a : actions) {
        QVERIFY2(!a->shortcut().isEmpty(), qPrintable(a->objectName()));
        QVERIFY2(!a->toolTip().isEmpty() && a->toolTip() != a->text().remove(QLatin1Char('&')), qPrintable(a->objectName()));
        QVERIFY2(!seen.contains(a->shortcut()), qPrintable(a->objectName() + QStringLiteral(" repeats a shortcut")));
        seen.insert(a->shortcut());
    }

    // The dark theme changes the application's palette and is remembered.
    const QColor light = QApplication::palette().color(QPalette::Window);
    window.setDarkTheme(true);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < light.lightness());
    QVERIFY(QSettings().value(QStringLiteral("view/dark")).toBool());
    window.setDarkTheme(false);
    QCOMPARE(QApplication::palette().color(QPalette::Window), light);

    // The title carries the project's name and the unsaved-changes mark.
    window.setProject(QStringLiteral("/tmp/My project"));
    QCOMPARE(window.windowTitle(), QStringLiteral("My project[*] — CycleStudio"));
    QCOMPARE(window.recentProjects().value(0), QStringLiteral("/tmp/My project"));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
