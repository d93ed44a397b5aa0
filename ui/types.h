#pragma once
// Value types that cross from the worker thread to the views (registered with the meta-type system).
// Plain Qt types: the UI never sees torch or engine types.

#include <QImage>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

namespace ui {

// The losses of one iteration: names (the reference's loss_names, then any optional losses such as
// cycle_ms_A or cycle_feat_A) and their values, index for index. A NaN value is a loss this row lacks.
struct LossPoint
{
    qint64 iteration = 0;
    QStringList names;
    QVector<double> values;
};

struct TrainStatus
{
    qint64 iteration = 0;
    qint64 totalIterations = 0;
    int epoch = 1;
    int totalEpochs = 1;
    double secondsPerIteration = 0;
    QString device;
};

// The settings form's content; the app maps it to the engine's options.
struct TrainSettings
{
    QString preset = QStringLiteral("sketch");
    int size = 96;
    int ngf = 32;
    int blocks = 6;
    int batch = 1;
    int epochs = 100;
    int epochsDecay = 100;
    double lambdaCycle = 10.0;
    double lambdaIdentity = 0.5;
    QString ganMode = QStringLiteral("lsgan");
    qint64 seed = 0;
    QString device = QStringLiteral("auto");
    int threads = 0;
    int previewEvery = 10;
    int checkpointEvery = 200;
    // Optional cycle losses (off: one pyramid level, feature weight 0; the Custom preset turns both on).
    QVector<double> cyclePyramidWeights{1.0};
    double lambdaFeature = 0.0;
    QString featureNetwork; // empty: the discriminators' features
    // Multi-domain (StarGAN) projects: size, ngf (conv_dim), blocks, batch, epochs and the intervals above
    // apply; the CycleGAN-only settings are hidden.
    bool multiDomain = false;
    int nCritic = 5;
    // Fine-tuning, shown (read-only) on the Train tab: where the weights came from and what is frozen.
    QString fineTunedFrom;
    bool freezeEncoder = false;
    int freezeBlocks = 0;
};

// What the chosen settings will cost, computed on the worker before Start.
struct TrainEstimate
{
    double secondsPerIteration = 0;
    qint64 totalIterations = 0;
    qint64 memoryBytes = 0;
    qint64 availableBytes = 0; // 0: unknown
    qint64 parameters = 0;
    QString device; // "CPU, 2 threads", a GPU's name…
    QString error;  // not empty: no estimate (for example, no CUDA GPU)
};

} // namespace ui

Q_DECLARE_METATYPE(ui::LossPoint)
Q_DECLARE_METATYPE(ui::TrainStatus)
Q_DECLARE_METATYPE(ui::TrainSettings)
Q_DECLARE_METATYPE(ui::TrainEstimate)
