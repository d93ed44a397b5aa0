#include "engine/interop/pytorch.h"

#include "data/sampler.h"
#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "interop/exporters.h"
#include "interop/official.h"
#include "models/cyclegan.h"
#include "models/networks.h"
#include "project/checkpointio.h"
#include "translation/generatortranslator.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>

namespace fs = std::filesystem;

namespace engine {

std::string modelFormatName(ModelFormat format)
{
    switch (format) {
    case ModelFormat::Csm: return "csm";
    case ModelFormat::Pth: return "pth";
    case ModelFormat::TorchScript: return "torchscript";
    case ModelFormat::Onnx: return "onnx";
    }
    return "csm";
}

std::optional<ModelFormat> modelFormatFromName(const std::string &name)
{
    for (auto f : {ModelFormat::Csm, ModelFormat::Pth, ModelFormat::TorchScript, ModelFormat::Onnx})
        if (modelFormatName(f) == name)
            return f;
    return std::nullopt;
}

std::string modelFormatExtension(ModelFormat format)
{
    switch (format) {
    case ModelFormat::Csm: return ".csm";
    case ModelFormat::Pth: return ".pth";
    case ModelFormat::TorchScript: return ".pt";
    case ModelFormat::Onnx: return ".onnx";
    }
    return ".csm";
}

std::string generatorArchitecture(const ModelOptions &model)
{
    return "CycleGAN ResNet generator, " + std::to_string(model.blocks) + " residual blocks, ngf " + std::to_string(model.ngf);
}

void renameModelFile(const fs::path &csm, const std::string &name)
{
    auto info = readGeneratorFileInfo(csm);
    ResnetGenerator generator(info.model);
    loadGeneratorFile(csm, *generator);
    info.name = name;
    saveGeneratorFile(csm, *generator, info);
}

bool isPytorchFile(const fs::path &file)
{
    auto ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".pth" || ext == ".pt";
}

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::int64_t parameterCount(const StateDict &weights)
{
    std::int64_t n = 0;
    for (const auto &[k, v] : weights)
        n += v.numel();
    return n;
}

} // namespace

ImportedModel describeImported(const fs::path &pth, const OfficialGenerator &g)
{
    ImportedModel m;
    m.info.model = g.model;
    // The official code names G_A (A to B) and G_B (B to A) in its files; a lone generator (a published
    // style_monet.pth) translates the way its name says, so AtoB.
    m.info.direction = lower(pth.filename().u8string()).find("g_b") != std::string::npos ? Direction::BtoA : Direction::AtoB;
    m.info.trainedSize = 256;
    m.info.name = pth.stem().u8string();
    m.info.source = "PyTorch file " + pth.filename().u8string();
    m.architecture = generatorArchitecture(g.model);
    m.parameters = parameterCount(g.weights);
    return m;
}

namespace {

ResnetGenerator buildGenerator(const OfficialGenerator &g, const std::string &what)
{
    ResnetGenerator generator(g.model);
    loadWeights(*generator, g.weights, what);
    return generator;
}

} // namespace

OfficialGenerator readOfficialGenerator(const fs::path &pth)
{
    return fromOfficialGenerator(readStateDict(pth), displayPath(pth));
}

ImportedModel inspectPytorchGenerator(const fs::path &pth)
{
    return describeImported(pth, readOfficialGenerator(pth));
}

ModelFileInfo anyModelFileInfo(const fs::path &file)
{
    return isPytorchFile(file) ? inspectPytorchGenerator(file).info : readGeneratorFileInfo(file);
}

ImportedModel importPytorchGenerator(const fs::path &pth, const fs::path &csm, const std::string &name)
{
    const auto g = readOfficialGenerator(pth);
    auto m = describeImported(pth, g);
    if (!name.empty())
        m.info.name = name;
    const auto generator = buildGenerator(g, "\"" + displayPath(pth) + "\"");
    saveGeneratorFile(csm, *generator, m.info);
    return m;
}

ModelFileInfo exportModelAs(const fs::path &projectDir, Direction direction, ModelFormat format, const fs::path &file)
{
    if (format == ModelFormat::Onnx && !onnxAvailable())
        throw Error(kOnnxMissing);
    RuntimeOptions cpu;
    cpu.device = DeviceChoice::Cpu;
    const auto translator = GeneratorTranslator::fromProject(projectDir, direction, cpu);
    auto info = translator->info();
    info.source = "project " + fs::absolute(projectDir).filename().u8string();
    const auto &generator = translator->generator();
    switch (format) {
    case ModelFormat::Csm: saveGeneratorFile(file, generator, info); break;
    case ModelFormat::Pth: writeStateDict(toOfficialGenerator(generator), file); break;
    case ModelFormat::TorchScript: exportTorchScript(generator, info, file); break;
    case ModelFormat::Onnx: exportOnnx(generator, info, file); break;
    }
    return info;
}

// --- official training folders -----------------------------------------------------------------------

namespace {

// train_opt.txt: "----- Options -----", then "  name: value  [default: x]" lines.
std::map<std::string, std::string> readTrainOpt(const fs::path &file)
{
    std::map<std::string, std::string> values;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        const auto colon = line.find(':');
        if (colon == std::string::npos || line.find("---") != std::string::npos)
            continue;
        auto trim = [](std::string s) {
            const auto a = s.find_first_not_of(" \t\r");
            const auto b = s.find_last_not_of(" \t\r");
            return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
        };
        std::string value = line.substr(colon + 1);
        const auto note = value.find("[default:");
        if (note != std::string::npos)
            value = value.substr(0, note);
        values[trim(line.substr(0, colon))] = trim(value);
    }
    return values;
}

class OptReader
{
public:
    OptReader(std::map<std::string, std::string> values, fs::path file) : m_values(std::move(values)), m_file(std::move(file)) {}

    const std::string *find(std::initializer_list<const char *> names) const
    {
        for (const char *n : names) {
            const auto it = m_values.find(n);
            if (it != m_values.end())
                return &it->second;
        }
        return nullptr;
    }
    template<typename T>
    void number(std::initializer_list<const char *> names, T &out) const
    {
        const auto *v = find(names);
        if (!v)
            return;
        try {
            size_t used = 0;
            const double d = std::stod(*v, &used);
            if (used != v->size() || !std::isfinite(d))
                throw std::invalid_argument(*v);
            out = static_cast<T>(d);
        } catch (const std::exception &) {
            throw Error("\"" + displayPath(m_file) + "\" says " + *names.begin() + " is \"" + *v + "\", which is not a number.");
        }
    }
    std::string text(std::initializer_list<const char *> names, const std::string &fallback) const
    {
        const auto *v = find(names);
        return v ? *v : fallback;
    }
    bool empty() const { return m_values.empty(); }
    const fs::path &file() const { return m_file; }

private:
    std::map<std::string, std::string> m_values;
    fs::path m_file;
};

// The options of train_opt.txt over `options`; refuses what CycleStudio cannot continue.
void applyTrainOpt(const OptReader &opt, TrainOptions &options)
{
    const std::string where = "\"" + displayPath(opt.file()) + "\"";
    const auto model = opt.text({"model"}, "cycle_gan");
    if (model != "cycle_gan")
        throw Error(where + " describes a \"" + model + "\" training; CycleStudio continues CycleGAN (cycle_gan) trainings.");
    const auto netD = opt.text({"netD", "which_model_netD"}, "basic");
    if (netD == "pixel")
        throw Error(where + " describes a pixel discriminator (--netD pixel); CycleStudio's discriminators are PatchGANs.");
    const auto norm = opt.text({"norm"}, "instance");
    if (norm != "instance")
        throw Error(where + " describes " + norm + " norm (--norm " + norm + "); CycleStudio's networks use instance norm.");
    const auto gan = opt.text({"gan_mode"}, opt.text({"no_lsgan"}, "False") == "True" ? "vanilla" : "lsgan");
    const auto mode = ganModeFromName(gan);
    if (!mode)
        throw Error(where + " describes the " + gan + " GAN loss (--gan_mode " + gan + "); CycleStudio has lsgan and vanilla.");
    options.ganMode = *mode;
    const auto netG = opt.text({"netG", "which_model_netG"}, "resnet_9blocks");
    int blocks = 0;
    if (std::sscanf(netG.c_str(), "resnet_%dblocks", &blocks) == 1 && blocks >= 0 && blocks <= 64)
        options.model.blocks = blocks;
    else
        throw Error(where + " describes a " + netG + " generator (--netG " + netG + "); CycleStudio continues the ResNet generators "
                    "(resnet_6blocks, resnet_9blocks).");
    opt.number({"ngf"}, options.model.ngf);
    opt.number({"ndf"}, options.model.ndf);
    if (netD == "n_layers")
        opt.number({"n_layers_D"}, options.model.discriminatorLayers);
    opt.number({"lambda_A"}, options.lambdaA);
    opt.number({"lambda_B"}, options.lambdaB);
    opt.number({"lambda_identity", "identity"}, options.lambdaIdentity);
    opt.number({"pool_size"}, options.poolSize);
    opt.number({"load_size", "loadSize"}, options.loadSize);
    opt.number({"crop_size", "fineSize"}, options.cropSize);
    opt.number({"lr"}, options.lr);
    opt.number({"beta1"}, options.beta1);
    opt.number({"n_epochs", "niter"}, options.epochs);
    opt.number({"n_epochs_decay", "niter_decay"}, options.epochsDecay);
    opt.number({"batch_size", "batchSize"}, options.batchSize);
    options.flip = opt.text({"no_flip"}, "False") != "True";
}

fs::path officialFile(const fs::path &folder, const std::string &epoch, const char *net)
{
    return folder / (epoch + "_net_" + net + ".pth");
}

// The epochs that have all four networks in the folder, newest last ("latest" aside).
std::vector<std::string> savedEpochs(const fs::path &folder)
{
    std::vector<int> numbers;
    std::error_code ec;
    for (const auto &entry : fs::directory_iterator(folder, ec)) {
        const auto name = entry.path().filename().u8string();
        const auto tail = std::string("_net_G_A.pth");
        if (name.size() > tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0) {
            const auto head = name.substr(0, name.size() - tail.size());
            if (!head.empty() && std::all_of(head.begin(), head.end(), ::isdigit) && head.size() < 7)
                numbers.push_back(std::stoi(head));
        }
    }
    std::sort(numbers.begin(), numbers.end());
    std::vector<std::string> out;
    for (int n : numbers)
        out.push_back(std::to_string(n));
    return out;
}

// The epoch's number (0 for "latest") once its four networks are there; otherwise a sentence listing
// the epochs that are.
int checkOfficialFolder(const fs::path &folder, const std::string &epoch)
{
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        throw Error("\"" + displayPath(folder) + "\" is not a folder; give the official training's checkpoint folder "
                    "(the one with latest_net_G_A.pth).");
    for (const char *net : {"G_A", "G_B", "D_A", "D_B"})
        if (!fs::exists(officialFile(folder, epoch, net), ec)) {
            std::string saved = fs::exists(officialFile(folder, "latest", "G_A"), ec) ? "latest" : "";
            for (const auto &e : savedEpochs(folder))
                saved += (saved.empty() ? "" : ", ") + e;
            throw Error("\"" + displayPath(folder) + "\" has no " + officialFile({}, epoch, net).u8string() + "; " +
                        (saved.empty() ? std::string("it holds no official CycleGAN checkpoint.") : "the saved epochs there are " + saved + "."));
        }
    if (epoch == "latest")
        return 0;
    if (!std::all_of(epoch.begin(), epoch.end(), ::isdigit) || epoch.size() > 6)
        throw Error("The epoch must be \"latest\" or a number, not \"" + epoch + "\".");
    return std::stoi(epoch);
}

// The four networks of an epoch, into a model whose options follow their shapes (the weights decide;
// train_opt.txt only confirms them).
void loadOfficialNetworks(const fs::path &folder, const std::string &epoch, TrainOptions &options, std::unique_ptr<CycleGanModel> &model,
                          std::vector<std::string> &said)
{
    auto gA = readOfficialGenerator(officialFile(folder, epoch, "G_A"));
    auto gB = readOfficialGenerator(officialFile(folder, epoch, "G_B"));
    auto dA = fromOfficialDiscriminator(readStateDict(officialFile(folder, epoch, "D_A")), officialFile({}, epoch, "D_A").u8string());
    auto dB = fromOfficialDiscriminator(readStateDict(officialFile(folder, epoch, "D_B")), officialFile({}, epoch, "D_B").u8string());
    if (!(gA.model == gB.model) || dA.ndf != dB.ndf || dA.layers != dB.layers)
        throw Error("The networks in \"" + displayPath(folder) + "\" do not belong together (their sizes differ).");
    if (options.model.ngf != gA.model.ngf || options.model.blocks != gA.model.blocks)
        said.push_back("The generators have " + std::to_string(gA.model.blocks) + " residual blocks and ngf " + std::to_string(gA.model.ngf) +
                       "; the project uses what the weights say.");
    options.model.ngf = gA.model.ngf;
    options.model.blocks = gA.model.blocks;
    options.model.ndf = dA.ndf;
    options.model.discriminatorLayers = dA.layers;
    options.fineTunedFrom = fs::absolute(folder).u8string();
    validate(options);

    model = std::make_unique<CycleGanModel>(options, torch::kCPU, options.seed);
    loadWeights(*model->G_A, gA.weights, "G_A");
    loadWeights(*model->G_B, gB.weights, "G_B");
    loadWeights(*model->D_A, dA.weights, "D_A");
    loadWeights(*model->D_B, dB.weights, "D_B");
}

} // namespace

Project createFromOfficialTraining(const fs::path &dir, std::vector<fs::path> domainA, std::vector<fs::path> domainB,
                                   const OfficialTraining &source, const TrainOptions &base, std::vector<std::string> *notes)
{
    const std::string epoch = source.epoch.empty() ? "latest" : source.epoch;
    const int epochNumber = checkOfficialFolder(source.folder, epoch);

    std::vector<std::string> said;
    TrainOptions options = base;
    options.fineTunedFrom.clear();
    const fs::path optFile = source.folder / "train_opt.txt";
    std::error_code ec;
    if (fs::exists(optFile, ec)) {
        applyTrainOpt(OptReader(readTrainOpt(optFile), optFile), options);
        said.push_back("Settings taken from train_opt.txt: netG, ngf, ndf, n_layers_D, gan_mode, the lambdas, pool_size, load and crop "
                       "size, lr, beta1, batch size, flipping and the epochs.");
    } else {
        said.push_back("There is no train_opt.txt, so the paper's settings are used, with the network sizes read from the weights.");
    }
    std::unique_ptr<CycleGanModel> model;
    loadOfficialNetworks(source.folder, epoch, options, model, said);
    if (epochNumber >= options.epochs + options.epochsDecay)
        throw Error("Epoch " + epoch + " is the end of that training's schedule (" + std::to_string(options.epochs) + " + " +
                    std::to_string(options.epochsDecay) + " epochs); there is nothing left to continue.");

    auto project = Project::create(dir, std::move(domainA), std::move(domainB), options, "custom");
    CheckpointInfo info;
    info.options = options;
    info.projectId = project.id;
    try {
        const auto perEpoch = UnalignedSampler::iterationsPerEpoch(project.imagesA().size(), project.imagesB().size(), options.batchSize);
        info.iteration = static_cast<std::int64_t>(epochNumber) * perEpoch;
        if (epochNumber > 0)
            said.push_back("Training continues after epoch " + epoch + " (iteration " + std::to_string(info.iteration) + ", " +
                           std::to_string(perEpoch) + " iterations an epoch on these images), so the learning-rate schedule goes on "
                           "where it was.");
        else
            said.push_back("The folder does not say which epoch \"latest\" is, so the schedule starts again at epoch 1; give the "
                           "epoch (--epoch N) to continue it instead.");
        said.push_back("The official code saves no optimizer state, so Adam starts fresh: the first iterations may move the "
                       "weights more than the original training would have.");
        project.notes = said;
        project.save();
        saveCheckpoint(project.checkpointPath(info.iteration), *model, info);
    } catch (...) {
        // Nothing half-made stays behind; folders that were not empty (the user's own) are left alone.
        fs::remove(project.checkpointPath(info.iteration), ec);
        fs::remove(dir / "project.json", ec);
        for (const auto &sub : {project.checkpointsDir(), dir / "logs", project.previewsDir(), project.modelsDir(), dir})
            fs::remove(sub, ec);
        throw;
    }
    if (notes)
        *notes = said;
    return project;
}

} // namespace engine
