#include "ui/estimatetext.h"

#include "ui/format.h"
#include "ui/trainpanel.h"

namespace ui {

QString estimateHtml(const TrainEstimate &e)
{
    if (!e.error.isEmpty())
        return TrainPanel::tr("<b>Estimate:</b> %1").arg(e.error.toHtmlEscaped());
    QString text = TrainPanel::tr("<b>Estimate on %1:</b> about %2 per iteration; %3 for all %L4 iterations. "
                                  "About %5 of memory%6. %7 million parameters.")
                       .arg(e.device.toHtmlEscaped())
                       .arg(e.secondsPerIteration >= 10 ? formatDuration(e.secondsPerIteration)
                                                        : TrainPanel::tr("%1 s").arg(e.secondsPerIteration, 0, 'f', 2))
                       .arg(formatDuration(e.secondsPerIteration * double(e.totalIterations)))
                       .arg(e.totalIterations)
                       .arg(formatBytes(e.memoryBytes))
                       .arg(e.availableBytes > 0 ? TrainPanel::tr(" (%1 free)").arg(formatBytes(e.availableBytes)) : QString())
                       .arg(double(e.parameters) / 1e6, 0, 'f', 1);
    QStringList advice;
    if (e.availableBytes > 0 && e.memoryBytes > e.availableBytes * 9 / 10)
        advice << TrainPanel::tr("This will not fit in the free memory. Lower the image size, the batch size or the generator "
                                 "width, or choose the Sketch preset.");
    if (e.secondsPerIteration * double(e.totalIterations) > 2 * 86400)
        advice << TrainPanel::tr("This will be very slow. The Sketch preset trains about 20 times faster per iteration; fewer "
                                 "epochs or a CUDA GPU also help.");
    for (const auto &a : advice)
        text += QStringLiteral("<br><span style=\"color:#c0392b\">⚠ %1</span>").arg(a.toHtmlEscaped());
    return text;
}

} // namespace ui
