#pragma once
// Value types that cross between the views and the app's workers (registered with the meta-type
// system). Plain Qt types: the UI never sees torch or engine types; the app converts (app/gui/conversions).

#include <QImage>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

#include <variant>

namespace ui {

enum class Preset { Sketch, Quick, Standard, Custom };
enum class GanLoss { Lsgan, Vanilla };
// AllGpus: one process per CUDA GPU, training together (offered only with more than one GPU).
enum class Device { Auto, Cpu, Cuda, AllGpus };
enum class Direction { AtoB, BtoA };

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

// The settings form's content; the app maps it to the engine's options and fills it from them (defaults
// and presets come from the engine through the app, so none are written here).
struct TrainSettings
{
    Preset preset = Preset::Custom;
    int size = 0;
    int ngf = 0;
    int blocks = 0;
    int batch = 1;
    int epochs = 0;
    int epochsDecay = 0;
    double lambdaCycle = 0;
    double lambdaIdentity = 0;
    GanLoss ganLoss = GanLoss::Lsgan;
    quint64 seed = 0;
    Device device = Device::Auto;
    int threads = 0;
    int previewEvery = 1;
    int checkpointEvery = 1;
    // Stop on its own after this many minutes of training (pauses not counted); 0: at the end of the
    // schedule. The window's choice for this run, not saved with the project.
    int stopAfterMinutes = 0;
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

// What a preset puts into the form (from the engine's presets, given by the app).
struct PresetValues
{
    Preset preset = Preset::Custom;
    int size = 0, ngf = 0, blocks = 0;
    QVector<double> cyclePyramidWeights;
    double lambdaFeature = 0;
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

// The file types the engine reads (given by the app from the engine's lists): lower-case suffixes
// without the dot.
struct FileTypes
{
    QStringList imageSuffixes, videoSuffixes;
    bool isImage(const QString &fileName) const;
    bool isVideo(const QString &fileName) const;
    // "*.png *.jpg …", for file dialogs.
    QString imagePatterns() const;
    QString videoPatterns() const;
};

// Translation requests. The model: the open project's newest checkpoint, or a shared model file. The
// target: a direction of a two-domain model, or a domain (its index in the project, which is the
// model's label; the name is for messages) of a multi-domain project.
struct ProjectModel
{
    QString projectDir;
};
struct ModelFile
{
    QString path;
};
using ModelSource = std::variant<ProjectModel, ModelFile>;

struct DomainTarget
{
    int index = 0;
    QString name;
};
using TranslateTarget = std::variant<Direction, DomainTarget>;

struct TranslateRequest
{
    ModelSource model = ProjectModel{};
    TranslateTarget target = Direction::AtoB;
};

// Export Folder…: every image under inputDir into outputDir. format: "" keeps each file's type, else
// "png", "jpg", "webp" or "tif".
struct ExportRequest
{
    TranslateRequest translation;
    QString inputDir, outputDir, format;
};

// A model in the model library (File → Import Model…, or dropped on the window): a CycleStudio model
// file with what it is and a thumbnail of one sample translation.
struct ModelEntry
{
    QString path;         // the library's .csm file
    QString name;         // shown, and changed by Rename
    QString architecture; // "CycleGAN ResNet generator, 9 residual blocks, ngf 64"
    QString source;       // where it came from ("PyTorch file style_monet.pth", "project Portraits")
    Direction direction = Direction::AtoB;
    qint64 bytes = 0;
    QImage thumbnail; // the sample picture translated; null while it is being made
};

// Export Model…'s formats: CycleStudio's model file, a PyTorch state_dict with the official key names,
// TorchScript, ONNX.
enum class ModelFormat { Csm, Pth, TorchScript, Onnx };

// File → New Project from PyTorch Checkpoint…: an official CycleGAN training folder to continue.
struct OfficialImportRequest
{
    QString checkpointDir;
    QString epoch = QStringLiteral("latest"); // or a saved epoch's number
    QString domainA, domainB, projectDir;
};

} // namespace ui

Q_DECLARE_METATYPE(ui::ModelEntry)
Q_DECLARE_METATYPE(ui::OfficialImportRequest)
Q_DECLARE_METATYPE(ui::LossPoint)
Q_DECLARE_METATYPE(ui::TrainStatus)
Q_DECLARE_METATYPE(ui::TrainSettings)
Q_DECLARE_METATYPE(ui::TrainEstimate)
Q_DECLARE_METATYPE(ui::TranslateRequest)
Q_DECLARE_METATYPE(ui::ExportRequest)
