#include "app/gui/enginetext.h"

#include <QCoreApplication>
#include <QStringList>

#include <iterator>
#include <optional>

namespace app {

namespace {

// The engine's sentences, exactly as it writes them, with %1, %2… in the order they appear.
const char *const kSentences[] = {
    // Training
    QT_TRANSLATE_NOOP("EngineText", "Checkpoint saved at iteration %1."),
    QT_TRANSLATE_NOOP("EngineText", "Training is already at the end of its schedule (%1 iterations)."),
    QT_TRANSLATE_NOOP("EngineText", "Skipped an image in domain %1: %2"),
    QT_TRANSLATE_NOOP("EngineText", "Domain %1 needs at least one image to train."),
    QT_TRANSLATE_NOOP("EngineText", "None of the %1 images in domain %2 can be read."),
    QT_TRANSLATE_NOOP("EngineText", "Domain %1 has no images yet: add a folder of images to it."),
    QT_TRANSLATE_NOOP("EngineText", "The project \"%1\" is being trained by another CycleStudio. Stop that one first."),
    // Pictures and folders
    QT_TRANSLATE_NOOP("EngineText", "\"%1\" is empty (0 bytes)."),
    QT_TRANSLATE_NOOP("EngineText", "\"%1\" is truncated or damaged (the JPEG data ends early)."),
    QT_TRANSLATE_NOOP("EngineText", "\"%1\" is not an image this program can read, or it is damaged."),
    QT_TRANSLATE_NOOP("EngineText", "\"%1\" could not be decoded: %2"),
    QT_TRANSLATE_NOOP("EngineText", "The folder \"%1\" does not exist."),
    QT_TRANSLATE_NOOP("EngineText", "Cannot read the folder \"%1\": %2."),
    QT_TRANSLATE_NOOP("EngineText", "\"%1\" is not a folder."),
    QT_TRANSLATE_NOOP("EngineText", "\"%1\" does not exist."),
    QT_TRANSLATE_NOOP("EngineText", "Cannot translate an empty image."),
    // Projects
    QT_TRANSLATE_NOOP("EngineText", "There is already a project in \"%1\"."),
    QT_TRANSLATE_NOOP("EngineText", "\"%1\" is not a CycleStudio project (it has no project.json)."),
    QT_TRANSLATE_NOOP("EngineText", "\"%1\" is damaged (it is not valid JSON)."),
    QT_TRANSLATE_NOOP("EngineText", "Give both styles a name, or neither."),
    // Exports
    QT_TRANSLATE_NOOP("EngineText", "Nothing to export: no input files or folders were given."),
    QT_TRANSLATE_NOOP("EngineText", "The output \"%1\" exists and is not a folder."),
    QT_TRANSLATE_NOOP("EngineText", "The output folder \"%1\" is not writable. Choose another folder."),
    QT_TRANSLATE_NOOP("EngineText", "The output folder \"%1\" is inside the input folder \"%2\". Choose an output folder outside the "
                                    "input, so the originals stay untouched."),
    QT_TRANSLATE_NOOP("EngineText", "16 bits per channel are written as PNG or TIFF, not as \"%1\"."),
    // Videos
    QT_TRANSLATE_NOOP("EngineText", "The video \"%1\" does not exist."),
    QT_TRANSLATE_NOOP("EngineText", "\"%1\" is not a video this program can read, or it is damaged (%2)."),
    QT_TRANSLATE_NOOP("EngineText", "\"%1\" has no pictures (no video track)."),
    QT_TRANSLATE_NOOP("EngineText", "\"%1\" is in the %2 video format, which this build of CycleStudio cannot decode."),
    QT_TRANSLATE_NOOP("EngineText", "\"%1\" has no readable frames; it may be damaged or use a codec this build cannot decode."),
    QT_TRANSLATE_NOOP("EngineText", "The output video would overwrite the input \"%1\"; choose another name."),
    QT_TRANSLATE_NOOP("EngineText", "The sound of \"%1\" is in the %2 format, which a %3 file cannot hold and this build cannot "
                                    "convert; choose .mkv to keep it."),
};

// The literal pieces of a template around its markers: "a %1 b %2" → {"a ", " b ", ""}.
QStringList pieces(const QString &pattern)
{
    QStringList out;
    QString current;
    for (int i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == QLatin1Char('%') && i + 1 < pattern.size() && pattern[i + 1].isDigit()) {
            out << current;
            current.clear();
            ++i;
            continue;
        }
        current += pattern[i];
    }
    out << current;
    return out;
}

// The parts a sentence fills into the template's markers, or nothing when it does not fit: each marker
// takes the shortest text up to the next piece, the last piece ends the sentence.
std::optional<QStringList> fill(const QString &sentence, const QStringList &literal)
{
    if (literal.size() == 1)
        return sentence == literal.front() ? std::optional<QStringList>(QStringList()) : std::nullopt;
    if (!sentence.startsWith(literal.front()))
        return std::nullopt;
    QStringList parts;
    int at = int(literal.front().size());
    for (int k = 1; k < literal.size(); ++k) {
        const bool last = k == literal.size() - 1;
        const int next = last ? int(sentence.size() - literal[k].size()) : int(sentence.indexOf(literal[k], at));
        if (next < at || (last && !sentence.endsWith(literal[k])))
            return std::nullopt;
        parts << sentence.mid(at, next - at);
        at = next + int(literal[k].size());
    }
    return parts;
}

// %1, %2… replaced in one pass, so that a part holding "%2" (a file name) stays as it is.
QString substitute(const QString &pattern, const QStringList &parts)
{
    QString out;
    for (int i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == QLatin1Char('%') && i + 1 < pattern.size() && pattern[i + 1].isDigit()) {
            const int n = pattern[i + 1].digitValue();
            out += n >= 1 && n <= parts.size() ? parts[n - 1] : pattern.mid(i, 2);
            ++i;
            continue;
        }
        out += pattern[i];
    }
    return out;
}

} // namespace

QString engineText(const std::string &sentence)
{
    const QString text = QString::fromStdString(sentence);
    for (const char *source : kSentences) {
        const auto parts = fill(text, pieces(QString::fromUtf8(source)));
        if (!parts)
            continue;
        QStringList translatedParts; // a part can be an engine sentence itself (the reason a file was skipped)
        for (const auto &part : *parts)
            translatedParts << engineText(part.toStdString());
        return substitute(QCoreApplication::translate("EngineText", source), translatedParts);
    }
    return text;
}

} // namespace app
