// TrainPanel on its own: presets filling the form, invalid values refused, the optional cycle losses, the full 64-bit seed.

#include "ui/trainpanel.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSlider>
#include <QComboBox>
#include <QListWidget>
#include <QDoubleSpinBox>
#include <QToolButton>
#include <QtTest/QtTest>

namespace {
// The presets as the app gives them from the engine.
QVector<ui::PresetValues> presets()
{
    return {{ui::Preset::Sketch, 96, 32, 6, {1.0}, 0.0},
            {ui::Preset::Quick, 128, 64, 6, {1.0}, 0.0},
            {ui::Preset::Standard, 256, 64, 9, {1.0}, 0.0},
            {ui::Preset::Custom, 0, 0, 0, {1.0, 1.0, 1.0}, 1.0}};
}

// A valid form to start from: the Sketch preset with the reference's schedule.
void prepare(ui::TrainPanel &panel)
{
    panel.setPresets(presets());
    ui::TrainSettings s;
    s.preset = ui::Preset::Sketch;
    s.size = 96;
    s.ngf = 32;
    s.blocks = 6;
    s.epochs = 100;
    s.epochsDecay = 100;
    s.lambdaCycle = 10;
    s.lambdaIdentity = 0.5;
    s.previewEvery = 25;
    s.checkpointEvery = 500;
    panel.setSettings(s);
}
} // namespace

class TestTrainPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void presetsFillTheFormAndInvalidValuesAreRefused();
    void customPresetTurnsOnTheOptionalCycleLosses();
    void seedKeepsAllSixtyFourBits();
    void advancedSettingsAreCollapsedAndWordsDriveTheWeights();
    void previewStripPlaysATimeLapse();
};

void TestTrainPanel::presetsFillTheFormAndInvalidValuesAreRefused()
{
    ui::TrainPanel panel;
    prepare(panel);
    panel.applyPreset(ui::Preset::Standard);
    auto s = panel.settings();
    QCOMPARE(s.size, 256);
    QCOMPARE(s.blocks, 9);
    QCOMPARE(s.ngf, 64);
    panel.applyPreset(ui::Preset::Sketch);
    s = panel.settings();
    QCOMPARE(s.size, 96);
    QCOMPARE(s.ngf, 32);
    QVERIFY(s.preset == ui::Preset::Sketch);

    // Editing a network setting turns the preset into Custom.
    auto spins = panel.findChildren<QSpinBox *>();
    QSpinBox *size = nullptr;
    for (auto *sb : spins)
        if (sb->value() == 96)
            size = sb;
    QVERIFY(size);
    size->setValue(98); // not a multiple of 4
    QVERIFY(panel.settings().preset == ui::Preset::Custom);
    QVERIFY(!panel.validationError().isEmpty());
    QVERIFY(!panel.startButton()->isEnabled());
    QSignalSpy start(&panel, &ui::TrainPanel::startRequested);
    panel.startButton()->click();
    QCOMPARE(start.count(), 0);
    size->setValue(100);
    QVERIFY(panel.validationError().isEmpty());
    panel.startButton()->click();
    QCOMPARE(start.count(), 1);

    // Stored settings load as they are, preset name included.
    ui::TrainSettings stored = panel.settings();
    stored.preset = ui::Preset::Sketch;
    stored.size = 96;
    stored.ngf = 32;
    stored.checkpointEvery = 123;
    panel.setSettings(stored);
    QVERIFY(panel.settings().preset == ui::Preset::Sketch);
    QCOMPARE(panel.settings().checkpointEvery, 123);
    panel.setRunning(true);
    QVERIFY(!size->isEnabled()); // locked while training
    QVERIFY(panel.stopButton()->isEnabled());
}

void TestTrainPanel::customPresetTurnsOnTheOptionalCycleLosses()
{
    ui::TrainPanel panel;
    prepare(panel);
    panel.applyPreset(ui::Preset::Sketch);
    QCOMPARE(panel.settings().cyclePyramidWeights, QVector<double>{1.0});
    QCOMPARE(panel.settings().lambdaFeature, 0.0);
    auto labels = panel.findChildren<QLabel *>();
    auto shows = [&](const QString &text) {
        return std::any_of(labels.begin(), labels.end(), [&](QLabel *l) { return l->text().contains(text); });
    };
    QVERIFY(shows(QStringLiteral("Feature cycle loss off")));
    panel.applyPreset(ui::Preset::Custom);
    auto s = panel.settings();
    QCOMPARE(s.cyclePyramidWeights, (QVector<double>{1.0, 1.0, 1.0}));
    QCOMPARE(s.lambdaFeature, 1.0);
    QVERIFY(s.featureNetwork.isEmpty());
    QVERIFY(shows(QStringLiteral("discriminators' intermediate layers"))); // says what F is
    QVERIFY(panel.validationError().isEmpty());

    // Bad weights are refused with a sentence, and Start stays off.
    QLineEdit *weights = nullptr;
    for (auto *e : panel.findChildren<QLineEdit *>())
        if (e->text() == QStringLiteral("1, 1, 1"))
            weights = e;
    QVERIFY(weights);
    weights->setText(QStringLiteral("1, x, 1"));
    Q_EMIT weights->textEdited(weights->text());
    QVERIFY(panel.validationError().contains(QStringLiteral("pyramid")));
    QVERIFY(!panel.startButton()->isEnabled());
    weights->setText(QStringLiteral("1, 0.5, 0.25"));
    Q_EMIT weights->textEdited(weights->text());
    QVERIFY(panel.validationError().isEmpty());
    QCOMPARE(panel.settings().cyclePyramidWeights, (QVector<double>{1.0, 0.5, 0.25}));

    // A missing TorchScript file is refused; the info line names a chosen one.
    ui::TrainSettings stored = panel.settings();
    stored.featureNetwork = QStringLiteral("/no/such/features.pt");
    panel.setSettings(stored);
    QVERIFY(panel.validationError().contains(QStringLiteral("feature network")));
    labels = panel.findChildren<QLabel *>();
    QVERIFY(shows(QStringLiteral("features.pt")));
    // Loading stored settings keeps their losses; another preset turns them off.
    stored.featureNetwork.clear();
    panel.setSettings(stored);
    QCOMPARE(panel.settings().cyclePyramidWeights.size(), 3);
    panel.applyPreset(ui::Preset::Quick);
    QCOMPARE(panel.settings().cyclePyramidWeights, QVector<double>{1.0});
    QCOMPARE(panel.settings().lambdaFeature, 0.0);
}

void TestTrainPanel::seedKeepsAllSixtyFourBits()
{
    ui::TrainPanel panel;
    prepare(panel);
    auto s = panel.settings();
    s.seed = 3081473913ull; // above 2^31
    panel.setSettings(s);
    QCOMPARE(panel.settings().seed, quint64(3081473913ull));
    s.seed = 18446744073709551615ull;
    panel.setSettings(s);
    QCOMPARE(panel.settings().seed, quint64(18446744073709551615ull));
    QVERIFY(panel.validationError().isEmpty());
    // Beyond 64 bits is refused with a sentence.
    QLineEdit *seed = nullptr;
    for (auto *e : panel.findChildren<QLineEdit *>())
        if (e->text() == QStringLiteral("18446744073709551615"))
            seed = e;
    QVERIFY(seed);
    seed->setText(QStringLiteral("18446744073709551616"));
    Q_EMIT seed->textEdited(seed->text());
    QVERIFY(panel.validationError().contains(QStringLiteral("seed")));
    QVERIFY(!panel.startButton()->isEnabled());
}

// The common settings are in words; the research settings wait in a collapsed Advanced section. The
// structure slider and λ cycle are one value; Stop after reaches the settings without changing the rest.
void TestTrainPanel::advancedSettingsAreCollapsedAndWordsDriveTheWeights()
{
    ui::TrainPanel panel;
    prepare(panel);
    panel.show();
    auto *advanced = panel.findChild<QWidget *>(QStringLiteral("advancedSettings"));
    QVERIFY(advanced);
    QVERIFY(!panel.isAdvancedShown());
    QVERIFY(!advanced->isVisible());
    panel.findChild<QToolButton *>(QStringLiteral("advancedToggle"))->click();
    QVERIFY(panel.isAdvancedShown());
    QVERIFY(advanced->isVisible());
    // The seed and the network's width are advanced; the picture size and device are not.
    QVERIFY(advanced->isAncestorOf(panel.findChild<QLineEdit *>(QStringLiteral("seed"))));
    QVERIFY(!advanced->isAncestorOf(panel.findChild<QComboBox *>(QStringLiteral("device"))));
    auto *slider = panel.findChild<QSlider *>(QStringLiteral("structureSlider"));
    QCOMPARE(slider->value(), 10);
    slider->setValue(4);
    QCOMPARE(panel.settings().lambdaCycle, 4.0);
    ui::TrainSettings s = panel.settings();
    s.lambdaCycle = 17;
    s.stopAfterMinutes = 45;
    panel.setSettings(s);
    QCOMPARE(slider->value(), 17);
    QCOMPARE(panel.settings().stopAfterMinutes, 45);
    QCOMPARE(panel.settings().lambdaCycle, 17.0);
    // A multi-domain project has no structure slider (no λ cycle of this kind).
    s.multiDomain = true;
    panel.setSettings(s);
    QVERIFY(!slider->isVisible());
}

// The Train tab shows the newest preview large and earlier ones in a strip; the time-lapse plays them
// from the first and stops at the newest; a new project clears them.
void TestTrainPanel::previewStripPlaysATimeLapse()
{
    ui::TrainPanel panel;
    prepare(panel);
    panel.resize(900, 600);
    panel.show();
    for (int i = 1; i <= 3; ++i) {
        QImage grid(60, 10, QImage::Format_RGB32);
        grid.fill(QColor(i * 60, 0, 0));
        panel.addPreview(i * 10, grid);
    }
    QCOMPARE(panel.previewStripCount(), 3);
    QCOMPARE(panel.shownPreviewIteration(), qint64(30));
    panel.findChild<QListWidget *>(QStringLiteral("previewStrip"))->setCurrentRow(0);
    QCOMPARE(panel.shownPreviewIteration(), qint64(10));
    panel.playTimeLapse(true);
    QVERIFY(panel.isPlayingTimeLapse());
    QTRY_VERIFY_WITH_TIMEOUT(!panel.isPlayingTimeLapse(), 5000);
    QCOMPARE(panel.shownPreviewIteration(), qint64(30));
    panel.clearPreviews();
    QCOMPARE(panel.previewStripCount(), 0);
    QCOMPARE(panel.shownPreviewIteration(), qint64(-1));
}

QTEST_MAIN(TestTrainPanel)
#include "tst_trainpanel.moc"
