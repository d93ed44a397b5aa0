#include "engine/translation/translator.h"

#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "engine/project/project.h"
#include "translation/domaintranslator.h"
#include "translation/generatortranslator.h"

namespace engine {

namespace {
// Deep output for one call, put back however the call ends.
struct DeepOutputFor
{
    Translator &translator;
    const bool was;
    DeepOutputFor(Translator &t, bool on) : translator(t), was(t.deepOutput()) { t.setDeepOutput(was || on); }
    ~DeepOutputFor() { translator.setDeepOutput(was); }
};
} // namespace

ExportResult Translator::exportFiles(const ExportPlan &plan, const std::function<bool(const ExportProgress &)> &progress)
{
    const DeepOutputFor deep(*this, plan.bitsPerChannel == 16);
    return exportImages(plan, [this](const Image &image) { return translate(image); }, progress);
}

Image Translator::translateDeep(const Image &image)
{
    const DeepOutputFor deep(*this, true);
    return translate(image);
}

namespace {

std::unique_ptr<Translator> fromProject(const std::filesystem::path &dir, const TranslationTarget &target, const RuntimeOptions &runtime)
{
    if (const auto *domain = std::get_if<DomainIndex>(&target))
        return std::make_unique<DomainTranslator>(dir, runtime, domain->index);
    return GeneratorTranslator::fromProject(dir, std::get<Direction>(target), runtime);
}

std::unique_ptr<Translator> fromModelFile(const std::filesystem::path &file, const TranslationTarget &target, const RuntimeOptions &runtime)
{
    if (std::holds_alternative<DomainIndex>(target))
        throw Error("The model file \"" + displayPath(file) + "\" holds one two-domain generator; it has no named domains to translate into.");
    return GeneratorTranslator::fromModelFile(file, runtime);
}

} // namespace

std::unique_ptr<Translator> openTranslator(const ModelSource &source, const TranslationTarget &target, const RuntimeOptions &runtime)
{
    if (const auto *project = std::get_if<ProjectModel>(&source))
        return fromProject(project->dir, target, runtime);
    return fromModelFile(std::get<ModelFile>(source).path, target, runtime);
}

ModelFileInfo exportModel(const std::filesystem::path &projectDir, Direction direction, const std::filesystem::path &file)
{
    RuntimeOptions cpu;
    cpu.device = DeviceChoice::Cpu;
    const auto translator = GeneratorTranslator::fromProject(projectDir, direction, cpu);
    translator->saveModel(file);
    return translator->info();
}

} // namespace engine
