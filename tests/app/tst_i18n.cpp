// Translations: the catalogues are compiled into the program, Simplified Chinese changes the window's
// title bars and menus, English supplies the plural forms, and a damaged or unknown catalogue falls
// back to English with a warning.

#include "app/gui/enginetext.h"
#include "app/gui/language.h"
#include "app/gui/studio.h"
#include "app/gui/studiohost.h"
#include "engine/project/project.h"
#include "ui/datasetpane.h"
#include "ui/trainpanel.h"
#include "ui/mainwindow.h"

#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QSignalSpy>
#include <QAction>
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
    void languageSwitchesWhileRunning();
    void engineSentencesSpeakTheWindowsLanguage();
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

// View → Language switches at once: the window is built again in Chinese (Qt's own buttons too when the
// system has their catalogue), with the project, its style names and the tab still there; and back.
void TestI18n::languageSwitchesWhileRunning()
{
    const std::filesystem::path dir = m_dir.filePath(QStringLiteral("switch")).toStdString();
    auto project = engine::Project::create(dir, {}, {}, engine::TrainOptions(), "custom");
    project.setStyleNames("Photos", "Paintings");
    project.save();

    app::StudioHost host;
    host.start(QStringLiteral("en"));
    auto *first = host.studio();
    first->window()->setUnattended(true);
    QVERIFY(first->openProject(QString::fromStdString(dir.u8string())));
    first->window()->tabs()->setCurrentIndex(1);
    QCOMPARE(first->window()->menuBar()->actions().first()->text(), QStringLiteral("&File"));
    QSignalSpy replaced(&host, &app::StudioHost::studioReplaced);
    auto *chinese = first->window()->findChild<QAction *>(QStringLiteral("language_zh_CN"));
    QVERIFY(chinese);
    chinese->trigger();
    QTRY_COMPARE(replaced.count(), 1);
    auto *window = host.studio()->window();
    QCOMPARE(host.language(), QStringLiteral("zh_CN"));
    QCOMPARE(window->menuBar()->actions().first()->text(), QStringLiteral("文件(&F)"));
    QCOMPARE(window->tabs()->tabText(0), QStringLiteral("训练(&T)"));
    QCOMPARE(window->tabs()->currentIndex(), 1);
    QCOMPARE(host.studio()->projectDir(), QFileInfo(QString::fromStdString(dir.u8string())).absoluteFilePath());
    QCOMPARE(window->domainA()->title(), QStringLiteral("Photos"));
    QCOMPARE(QSettings().value(QStringLiteral("view/language")).toString(), QStringLiteral("zh_CN"));
    QVERIFY(window->findChild<QAction *>(QStringLiteral("language_zh_CN"))->isChecked());
    // Qt's own strings follow where the system has Qt's catalogue (Debian: qt6-translations-l10n).
    if (QFile::exists(QLibraryInfo::path(QLibraryInfo::TranslationsPath) + QStringLiteral("/qtbase_zh_CN.qm")))
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("取消"));
    // And back to English.
    window->findChild<QAction *>(QStringLiteral("language_en"))->trigger();
    QTRY_COMPARE(replaced.count(), 2);
    QCOMPARE(host.studio()->window()->menuBar()->actions().first()->text(), QStringLiteral("&File"));
    QSettings().remove(QStringLiteral("view/language"));
}

// The engine writes English; the sentences a user meets most reach the window in its language, with the
// engine's names and numbers in place, and any other sentence as the engine wrote it.
void TestI18n::engineSentencesSpeakTheWindowsLanguage()
{
    QCOMPARE(app::engineText("Checkpoint saved at iteration 1200."), QStringLiteral("Checkpoint saved at iteration 1200."));
    QCOMPARE(app::installTranslations(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    QCOMPARE(app::engineText("Checkpoint saved at iteration 1200."), QStringLiteral("已在第 1200 步保存检查点。"));
    QCOMPARE(app::engineText("\"/home/ana/照片/cat 50%2.png\" is not an image this program can read, or it is damaged."),
             QStringLiteral("“/home/ana/照片/cat 50%2.png”不是本程序能读取的图片，或者已损坏。"));
    QCOMPARE(app::engineText("The output folder \"/a/out\" is inside the input folder \"/a\". Choose an output folder outside the input, "
                             "so the originals stay untouched."),
             QStringLiteral("输出文件夹“/a/out”位于输入文件夹“/a”之内。请选择输入之外的输出文件夹，以免改动原图。"));
    QCOMPARE(app::engineText("Skipped an image in domain B: \"x.png\" is empty (0 bytes)."),
             QStringLiteral("已跳过域 B 中的一张图片：“x.png”是空文件（0 字节）。"));
    QCOMPARE(app::engineText("Something the table does not know."), QStringLiteral("Something the table does not know."));
    QCOMPARE(app::engineText("Checkpoint saved at iteration 12"), QStringLiteral("Checkpoint saved at iteration 12")); // no full stop
}

QTEST_MAIN(TestI18n)
#include "tst_i18n.moc"
