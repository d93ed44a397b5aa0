// The new-project wizard on its own: two named styles with their pictures counted, the time chosen
// turned into a preset and schedule from the measured speed, the summary, and what it asks the app for.

#include "ui/newprojectwizard.h"

#include <QAbstractButton>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest/QtTest>

namespace {
QVector<ui::PresetValues> presets()
{
    return {{ui::Preset::Sketch, 96, 32, 6, {1.0}, 0.0},
            {ui::Preset::Quick, 128, 64, 6, {1.0}, 0.0},
            {ui::Preset::Standard, 256, 64, 9, {1.0}, 0.0},
            {ui::Preset::Custom, 0, 0, 0, {1.0, 1.0, 1.0}, 1.0}};
}

ui::TrainSettings defaults()
{
    ui::TrainSettings s;
    s.preset = ui::Preset::Quick;
    s.size = 128;
    s.ngf = 64;
    s.blocks = 6;
    s.epochs = 100;
    s.epochsDecay = 100;
    s.lambdaCycle = 10;
    s.lambdaIdentity = 0.5;
    s.previewEvery = 25;
    s.checkpointEvery = 500;
    s.seed = 7;
    return s;
}

// Sketch 1 s, Quick 4 s, Standard 12 s a step; 100 steps an epoch (the 200-epoch schedule: 20000).
QVector<ui::TrainEstimate> measured()
{
    QVector<ui::TrainEstimate> out;
    for (double seconds : {1.0, 4.0, 12.0}) {
        ui::TrainEstimate e;
        e.secondsPerIteration = seconds;
        e.totalIterations = 20000;
        e.device = QStringLiteral("CPU, 2 threads");
        out << e;
    }
    return out;
}

void writePictures(const QString &dir, int count)
{
    QDir().mkpath(dir);
    QImage image(8, 8, QImage::Format_RGB32);
    image.fill(Qt::blue);
    for (int i = 0; i < count; ++i)
        QVERIFY(image.save(QDir(dir).filePath(QStringLiteral("p%1.png").arg(i))));
    QFile text(QDir(dir).filePath(QStringLiteral("notes.txt")));
    QVERIFY(text.open(QIODevice::WriteOnly));
}
} // namespace

class TestNewProjectWizard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void timeBecomesAPresetAndASchedule();
    void stylesPicturesAndSummaryMakeTheRequest();
};

void TestNewProjectWizard::timeBecomesAPresetAndASchedule()
{
    using W = ui::NewProjectWizard;
    // 15 minutes: 900 Sketch steps, the most any preset reaches; 9 epochs, half of them slowing down.
    auto p = W::planFor(15, presets(), measured(), defaults());
    QCOMPARE(p.preset, ui::Preset::Sketch);
    QCOMPARE(p.size, 96);
    QCOMPARE(p.epochs + p.epochsDecay, 9);
    QCOMPARE(p.epochs, 5);
    QCOMPARE(p.iterations, qint64(900));
    QCOMPARE(p.quality, W::qualityFor(900));
    // An hour: Sketch reaches 3600 steps, Quick would reach only 900.
    p = W::planFor(60, presets(), measured(), defaults());
    QCOMPARE(p.preset, ui::Preset::Sketch);
    QCOMPARE(p.iterations, qint64(3600));
    // Overnight: Quick's 7200 steps; Standard would reach only 2400.
    p = W::planFor(8 * 60, presets(), measured(), defaults());
    QCOMPARE(p.preset, ui::Preset::Quick);
    QCOMPARE(p.epochs, 36);
    QCOMPARE(p.epochsDecay, 36);
    QCOMPARE(p.seconds, 7200 * 4.0);
    // Until stopped: the preset chosen as for a night, with the full schedule.
    p = W::planFor(0, presets(), measured(), defaults());
    QCOMPARE(p.preset, ui::Preset::Quick);
    QCOMPARE(p.iterations, qint64(20000));
    // A fast GPU: Standard fits in an hour.
    auto fast = measured();
    fast[2].secondsPerIteration = 0.05;
    QCOMPARE(W::planFor(60, presets(), fast, defaults()).preset, ui::Preset::Standard);
    // Without a measurement there is no plan.
    auto failed = measured();
    for (auto &e : failed)
        e.error = QStringLiteral("no device");
    QVERIFY(!W::planFor(60, presets(), failed, defaults()).valid());
    // The quality promised grows with the steps.
    QVERIFY(W::qualityFor(500) != W::qualityFor(3000));
    QVERIFY(W::qualityFor(3000) != W::qualityFor(20000));
}

void TestNewProjectWizard::stylesPicturesAndSummaryMakeTheRequest()
{
    QTemporaryDir root;
    writePictures(root.filePath(QStringLiteral("photos")), 3);
    writePictures(root.filePath(QStringLiteral("paintings/inner")), 2);
    ui::FileTypes types;
    types.imageSuffixes = {QStringLiteral("png"), QStringLiteral("jpg")};
    ui::NewProjectWizard wizard(types, presets(), defaults(), root.path());
    QSignalSpy asked(&wizard, &ui::NewProjectWizard::estimatesRequested);
    wizard.show();
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled()); // no pictures yet
    wizard.setStyleName(0, QStringLiteral("Photos"));
    wizard.setStyleName(1, QStringLiteral("photos"));
    wizard.addSources(0, {root.filePath(QStringLiteral("photos"))});
    wizard.addSources(1, {root.filePath(QStringLiteral("paintings"))});
    QCOMPARE(wizard.imageCount(0), 3);
    QCOMPARE(wizard.imageCount(1), 2); // in a sub-folder; the text file is not counted
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled()); // the same name twice
    wizard.setStyleName(1, QStringLiteral("Watercolours"));
    QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());

    wizard.next();
    QCOMPARE(asked.count(), 1); // the speed of Sketch, Quick and Standard on these pictures
    const auto settings = asked.value(0).value(0).value<QVector<ui::TrainSettings>>();
    QCOMPARE(settings.size(), 3);
    QCOMPARE(settings[2].size, 256);
    QCOMPARE(settings[0].seed, quint64(7));
    QCOMPARE(asked.value(0).value(1).toInt(), 3);
    QVERIFY(wizard.findChild<QLabel *>(QStringLiteral("planText"))->text().contains(QStringLiteral("Measuring")));
    wizard.setEstimates(measured());
    wizard.setDuration(ui::NewProjectWizard::Duration::Overnight);
    QVERIFY(wizard.findChild<QLabel *>(QStringLiteral("planText"))->text().contains(QStringLiteral("7200")));

    wizard.next();
    QCOMPARE(wizard.findChild<QLineEdit *>(QStringLiteral("wizardProjectName"))->text(), QStringLiteral("Photos to Watercolours"));
    QVERIFY(wizard.summary().contains(QStringLiteral("Watercolours")));
    QVERIFY(wizard.button(QWizard::FinishButton)->isEnabled());
    auto request = wizard.request();
    QCOMPARE(request.dir, QDir(root.path()).filePath(QStringLiteral("Photos to Watercolours")));
    QCOMPARE(request.names.a, QStringLiteral("Photos"));
    QCOMPARE(request.names.b, QStringLiteral("Watercolours"));
    QCOMPARE(request.sourcesA, QStringList{QDir(root.path()).filePath(QStringLiteral("photos"))});
    QCOMPARE(request.settings.preset, ui::Preset::Quick);
    QCOMPARE(request.settings.size, 128);
    QCOMPARE(request.settings.epochs, 36);
    QCOMPARE(request.minutes, 8 * 60);
    QVERIFY(!request.custom);
    // A folder that exists already is refused, with a sentence.
    QVERIFY(QDir(root.path()).mkdir(QStringLiteral("Taken")));
    wizard.findChild<QLineEdit *>(QStringLiteral("wizardProjectName"))->setText(QStringLiteral("Taken"));
    QVERIFY(!wizard.button(QWizard::FinishButton)->isEnabled());
    QVERIFY(wizard.summary().contains(QStringLiteral("already")));
    // Custom keeps the defaults and asks for the Train tab.
    wizard.setDuration(ui::NewProjectWizard::Duration::Custom);
    request = wizard.request();
    QVERIFY(request.custom);
    QCOMPARE(request.settings.preset, ui::Preset::Quick);
    QCOMPARE(request.settings.epochs, 100);
}

QTEST_MAIN(TestNewProjectWizard)
#include "tst_newprojectwizard.moc"
