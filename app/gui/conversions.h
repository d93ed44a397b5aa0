#pragma once
// The only place where engine and Qt types meet: paths, images, settings, presets, file types,
// translation requests and loss samples. Used on the worker threads and by the controllers.

#include "engine/core/device.h"
#include "engine/core/image.h"
#include "engine/project/options.h"
#include "engine/training/finetune.h"
#include "engine/training/lossvalues.h"
#include "engine/translation/translator.h"
#include "ui/finetunedialog.h"
#include "ui/imagelistmodel.h"
#include "ui/types.h"

#include <QImage>
#include <QString>

#include <filesystem>

namespace app {

std::filesystem::path toPath(const QString &s);
QString toQString(const std::filesystem::path &p);
QImage toQImage(const engine::Image &image);

engine::Preset toEngine(ui::Preset preset);
ui::Preset toUi(engine::Preset preset);
engine::Direction toEngine(ui::Direction direction);
engine::RuntimeOptions toRuntime(ui::Device device, int threads);
engine::ModelSource toEngine(const ui::ModelSource &source);
engine::TranslationTarget toEngine(const ui::TranslateTarget &target);

ui::TrainSettings toSettings(const engine::TrainOptions &options, engine::Preset preset);
engine::TrainOptions toOptions(const ui::TrainSettings &settings, engine::TrainOptions base);
// Multi-domain projects: the form's size, width, blocks, batch, epochs, n_critic, seed and intervals. The
// discriminator keeps 6 stride-2 layers, fewer for images under 64 px.
ui::TrainSettings toSettings(const engine::MultiDomainOptions &options);
engine::MultiDomainOptions toMultiDomainOptions(const ui::TrainSettings &settings, engine::MultiDomainOptions base);
// What each of the engine's presets puts into the settings form.
QVector<ui::PresetValues> presetValues();
ui::FineTuneRequest toRequest(const engine::FineTuneOptions &options);
engine::FineTuneOptions toFineTuneOptions(const ui::FineTuneRequest &request);

// The image and video types the engine reads.
ui::FileTypes engineFileTypes();
// Thumbnails and previews decoded by the engine (thread-safe), so the dataset browser marks exactly the
// files training will skip.
ui::ImageLoader engineImageLoader();
// The engine's description of a device ("CPU, 2 threads", a GPU's name) in the user's language.
QString deviceText(const std::string &description);
ui::LossPoint toLossPoint(std::int64_t iteration, const engine::LossValues &losses);

} // namespace app
