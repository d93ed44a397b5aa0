#include "ui/types.h"

#include <QFileInfo>

namespace ui {

namespace {
QString patterns(const QStringList &suffixes)
{
    QStringList out;
    for (const auto &s : suffixes)
        out << QStringLiteral("*.") + s;
    return out.join(QLatin1Char(' '));
}
} // namespace

bool FileTypes::isImage(const QString &fileName) const { return imageSuffixes.contains(QFileInfo(fileName).suffix().toLower()); }
bool FileTypes::isVideo(const QString &fileName) const { return videoSuffixes.contains(QFileInfo(fileName).suffix().toLower()); }
QString FileTypes::imagePatterns() const { return patterns(imageSuffixes); }
QString FileTypes::videoPatterns() const { return patterns(videoSuffixes); }

} // namespace ui
