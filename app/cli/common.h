#pragma once
// What the subcommands of cyclestudio-cli share: the interrupt flag, paths from arguments, the device
// and thread options, durations and progress printers, and the settings line. Engine types only; no
// torch.

#include "app/cli/arguments.h"
#include "engine/core/device.h"
#include "engine/project/options.h"
#include "engine/translation/export.h"

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace cli {

// Set by SIGINT, SIGTERM, SIGHUP and SIGPIPE; long commands stop at the next iteration or image and save what
// they have.
extern std::atomic<bool> g_interrupted;

std::filesystem::path toPath(const std::string &s);
std::vector<std::filesystem::path> positionalPaths(const Arguments &a);
std::string formatDuration(double seconds);

// --device auto|cpu|cuda and --threads N.
engine::RuntimeOptions runtimeFrom(const Arguments &a);
// --direction AtoB|BtoA; without it, A to B unless `required`.
engine::Direction directionFrom(const Arguments &a, bool required);
// "1,0.5,0.25": the multi-scale cycle loss's weight per pyramid level, finest first.
std::vector<double> cycleWeights(const std::string &text);

void printSettings(const engine::TrainOptions &options);

// Export progress on stderr about twice a second; returns false once interrupted.
std::function<bool(const engine::ExportProgress &)> exportPrinter();
// Prints what was skipped and the totals; the exit code: 0 every file written, 1 some not (each listed),
// 130 cancelled.
int reportExport(const engine::ExportResult &result);

// --format: an image type the engine writes ("png", "jpg", ...), or "" to keep each input's.
std::string formatFrom(const Arguments &a);

// Peak resident memory of this process so far, in megabytes (0 where unknown).
double peakResidentMegabytes();

} // namespace cli
