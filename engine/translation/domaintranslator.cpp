#include "translation/domaintranslator.h"

#include "core/tensorimage.h"
#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "engine/core/imageio.h"
#include "engine/project/project.h"
#include "models/stargan.h"
#include "project/checkpointcatalog.h"
#include "project/checkpointio.h"
#include "training/multidomaintrainer.h"

#include <algorithm>

namespace fs = std::filesystem;

namespace engine {

struct DomainTranslator::Private
{
    explicit Private(Project p) : project(std::move(p)) {}
    Project project;
    ComputeDevice device = ComputeDevice::Cpu;
    std::vector<std::string> names;
    LoadedMultiDomain loaded;
};

DomainTranslator::DomainTranslator(const fs::path &projectDir, const RuntimeOptions &runtime, int target)
    : d(std::make_unique<Private>(Project::open(projectDir)))
{
    if (d->project.mode != ProjectMode::MultiDomain)
        throw Error("\"" + displayPath(projectDir) + "\" is a two-domain (CycleGAN) project: translate it with a direction (A to B or B to A).");
    d->device = selectDevice(runtime);
    d->names = domainNamesOf(d->project);
    CheckpointCatalog catalog(d->project, kMultiDomainFormat, kMultiDomainCheckpointVersion);
    d->loaded = loadNewestMultiDomain(d->project, d->device, catalog);
    if (!d->loaded.model)
        throw Error("The project \"" + displayPath(projectDir) + "\" has no trained model yet: train it first.");
    setTarget(target);
}

DomainTranslator::~DomainTranslator() = default;

void DomainTranslator::checkTarget(int target) const
{
    if (target < 0 || target >= static_cast<int>(d->names.size()))
        throw Error("There is no domain number " + std::to_string(target + 1) + " in this project.");
}

void DomainTranslator::setTarget(int target)
{
    checkTarget(target);
    m_target = target;
}

Image DomainTranslator::translate(const Image &image, int target, int maxSide)
{
    checkTarget(target);
    torch::NoGradGuard noGrad;
    const int longSide = std::max(image.width, image.height);
    const Image input = longSide > maxSide ? resizeImage(image, std::max(4, image.width * maxSide / longSide),
                                                         std::max(4, image.height * maxSide / longSide))
                                           : image;
    // Reflect-pad to a multiple of 4 (two stride-2 layers), translate, crop back.
    const auto dev = torchDevice(d->device);
    const auto x = imageToTensor(input).to(dev);
    const int64_t padW = (4 - input.width % 4) % 4, padH = (4 - input.height % 4) % 4;
    auto padOptions = torch::nn::functional::PadFuncOptions({0, padW, 0, padH});
    if (padW < input.width && padH < input.height)
        padOptions.mode(torch::kReflect);
    else
        padOptions.mode(torch::kReplicate); // reflection needs more pixels than the padding
    const auto padded = (padW || padH) ? torch::nn::functional::pad(x, padOptions) : x;
    const auto y = d->loaded.model->G->forward(padded, torch::full({1}, target, torch::kLong).to(dev))
                       .narrow(2, 0, input.height)
                       .narrow(3, 0, input.width);
    if (input.width == image.width && input.height == image.height)
        return tensorToImage(y, deepOutput());
    Image out = resizeImage(tensorToImage(y), image.width, image.height);
    if (deepOutput()) { // the full precision, enlarged as smoothly
        namespace F = torch::nn::functional;
        const auto big = F::interpolate(y, F::InterpolateFuncOptions()
                                               .size(std::vector<int64_t>{image.height, image.width})
                                               .mode(torch::kBicubic)
                                               .align_corners(false));
        const auto words = tensorToWords(big);
        out.rgb16.assign(words.data_ptr<std::int32_t>(), words.data_ptr<std::int32_t>() + out.rgb.size());
    }
    return out;
}

const std::vector<std::string> &DomainTranslator::domainNames() const { return d->names; }
int DomainTranslator::domainIndex(const std::string &name) const { return d->project.domainIndex(name); }
std::int64_t DomainTranslator::iteration() const { return d->loaded.iteration; }
std::string DomainTranslator::deviceDescription() const { return describeDevice(d->device); }

} // namespace engine
