#pragma once
// The only place where engine and Qt types meet (STYLE "For our codebase" 1): paths, images, settings
// and loss samples. Used on the worker thread and by the controller.

#include "engine/image.h"
#include "engine/lossvalues.h"
#include "engine/options.h"
#include "ui/imagelistmodel.h"
#include "ui/types.h"

#include <QImage>
#include <QString>

#include <filesystem>

namespace app {

std::filesystem::path toPath(const QString &s);
QString toQString(const std::filesystem::path &p);
QImage toQImage(const engine::Image &image);
ui::TrainSettings toSettings(const engine::TrainOptions &options, const QString &preset);
engine::TrainOptions toOptions(const ui::TrainSettings &settings, engine::TrainOptions base);
// Multi-domain projects: the form's size, width, blocks, batch, epochs, n_critic, seed and intervals. The
// discriminator keeps 6 stride-2 layers, fewer for images under 64 px.
ui::TrainSettings toSettings(const engine::MultiDomainOptions &options);
engine::MultiDomainOptions toMultiDomainOptions(const ui::TrainSettings &settings, engine::MultiDomainOptions base);
// Thumbnails and previews decoded by the engine (thread-safe), so the dataset browser marks exactly the
// files training will skip.
ui::ImageLoader engineImageLoader();
ui::LossPoint toLossPoint(std::int64_t iteration, const engine::LossValues &losses);

} // namespace app
