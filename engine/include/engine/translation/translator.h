#pragma once
// Translator: one interface for translating images with a trained model, whatever its kind. A request
// names its source (a project's newest readable checkpoint, or a shared model file) and its target (a
// direction of a two-domain model, or a domain of a multi-domain project); openTranslator() loads the
// right network for it. Images of any size are translated whole or, above a pixel budget, in tiles that
// give the same result. Lives on the thread that calls it. No torch here.

#include "engine/core/device.h"
#include "engine/core/image.h"
#include "engine/project/checkpoint.h"
#include "engine/project/options.h"
#include "engine/translation/export.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <variant>

namespace engine {

// Where the model comes from.
struct ProjectModel
{
    std::filesystem::path dir; // the project's newest readable checkpoint
};
struct ModelFile
{
    std::filesystem::path path; // a shared .csm file
};
using ModelSource = std::variant<ProjectModel, ModelFile>;

// What to translate into: a direction of a two-domain model, or a domain (by its label index) of a
// multi-domain project.
struct DomainIndex
{
    int index = 0;
};
using TranslationTarget = std::variant<Direction, DomainIndex>;

class Translator
{
public:
    virtual ~Translator() = default;

    virtual Image translate(const Image &image) = 0;
    // The same with Image::rgb16 filled (deep output for this call only).
    Image translateDeep(const Image &image);
    // Translates files into the plan's outputs (see exportImages); progress returning false cancels.
    ExportResult exportFiles(const ExportPlan &plan, const std::function<bool(const ExportProgress &)> &progress);

    virtual std::int64_t iteration() const = 0; // of the training that made the model
    virtual std::string deviceDescription() const = 0;

    // Translations carry their full precision too (Image::rgb16), for 16-bit PNG and TIFF files. A plan
    // with 16 bits per channel turns it on for its export.
    void setDeepOutput(bool on) { m_deep = on; }
    bool deepOutput() const { return m_deep; }

private:
    bool m_deep = false;
};

// Throws engine::Error with a sentence: no such project or file, nothing trained yet, or a target the
// source does not have (a domain of a two-domain model, a direction of a multi-domain project).
std::unique_ptr<Translator> openTranslator(const ModelSource &source, const TranslationTarget &target, const RuntimeOptions &runtime);

// Writes one direction of a two-domain project's newest readable generator as a model file for sharing.
ModelFileInfo exportModel(const std::filesystem::path &projectDir, Direction direction, const std::filesystem::path &file);

} // namespace engine
