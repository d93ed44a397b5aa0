#pragma once
// The Train tab's estimate of a run's cost as rich text: time per iteration and in all, memory and
// parameters, with advice when the run will not fit or will be very slow. Strings are TrainPanel's.

#include "ui/types.h"

#include <QString>

namespace ui {

QString estimateHtml(const TrainEstimate &estimate);

} // namespace ui
