#include "models/cyclegan.h"

#include "core/gpu.h"
#include "models/cycleloss.h"
#include "models/fusedadam.h"
#include "models/modulestate.h"
#include "engine/core/error.h"

#include <sstream>

namespace engine {

namespace {
// The curves step() reports (the reference's loss_names, then the optional cycle losses').
namespace loss {
constexpr const char *GA = "G_A", *GB = "G_B", *DA = "D_A", *DB = "D_B", *CycleA = "cycle_A", *CycleB = "cycle_B", *IdtA = "idt_A",
                     *IdtB = "idt_B", *CycleMsA = "cycle_ms_A", *CycleMsB = "cycle_ms_B", *CycleFeatA = "cycle_feat_A",
                     *CycleFeatB = "cycle_feat_B";
} // namespace loss
} // namespace

namespace {

// The pools and their random generator: what each rank of a distributed run keeps to itself.
void saveLocal(torch::serialize::OutputArchive &archive, const CycleGanModel &model)
{
    auto savePool = [&](const char *name, const ImagePool &pool) {
        torch::serialize::OutputArchive sub;
        sub.write("count", torch::tensor(static_cast<int64_t>(pool.images().size())));
        for (size_t i = 0; i < pool.images().size(); ++i)
            sub.write(std::to_string(i), pool.images()[i].cpu());
        archive.write(name, sub);
    };
    savePool("pool_A", model.poolA);
    savePool("pool_B", model.poolB);
    std::ostringstream rngState;
    rngState << model.rng;
    archive.write("pool_rng", c10::IValue(rngState.str()));
}

void loadLocal(torch::serialize::InputArchive &archive, CycleGanModel &model)
{
    auto loadPool = [&](const char *name, ImagePool &pool) {
        torch::serialize::InputArchive sub;
        if (!archive.try_read(name, sub))
            throw Error(std::string("The checkpoint has no ") + name + ".");
        torch::Tensor count;
        sub.read("count", count);
        std::vector<torch::Tensor> images;
        for (int64_t i = 0; i < count.item<int64_t>(); ++i) {
            torch::Tensor t;
            sub.read(std::to_string(i), t);
            images.push_back(t.to(model.device()));
        }
        pool.setImages(std::move(images));
    };
    loadPool("pool_A", model.poolA);
    loadPool("pool_B", model.poolB);
    c10::IValue rngState;
    if (!archive.try_read("pool_rng", rngState) || !rngState.isString())
        throw Error("The checkpoint has no random state.");
    std::istringstream in(rngState.toStringRef());
    in >> model.rng;
}

} // namespace

CycleGanModel::CycleGanModel(const TrainOptions &options, torch::Device device, std::uint64_t seed)
    : poolA(options.poolSize), poolB(options.poolSize), rng(seed), m_options(options), m_device(device)
{
    torch::manual_seed(seed);
    G_A = ResnetGenerator(options.model);
    G_B = ResnetGenerator(options.model);
    D_A = PatchDiscriminator(options.model);
    D_B = PatchDiscriminator(options.model);
    for (torch::nn::Module *net : {static_cast<torch::nn::Module *>(G_A.get()), static_cast<torch::nn::Module *>(G_B.get()),
                                   static_cast<torch::nn::Module *>(D_A.get()), static_cast<torch::nn::Module *>(D_B.get())}) {
        initWeights(*net);
        net->to(device);
        usePreferredFormat(*net, device);
    }
    // Fine-tuning: frozen generator parts get no gradient and no optimiser state.
    for (auto *g : {G_A.get(), G_B.get()})
        for (auto &p : frozenParameters(*g, options))
            p.set_requires_grad(false);
    // One optimiser over both generators, one over both discriminators (itertools.chain in the reference).
    std::vector<torch::Tensor> gParams;
    for (auto *g : {G_A.get(), G_B.get()})
        for (auto &p : g->parameters())
            if (p.requires_grad())
                gParams.push_back(p);
    auto dParams = D_A->parameters();
    for (auto &p : D_B->parameters())
        dParams.push_back(p);
    const auto adam = torch::optim::AdamOptions(options.lr).betas({options.beta1, options.beta2});
    optimizerG = std::make_unique<torch::optim::Adam>(gParams, adam);
    optimizerD = std::make_unique<torch::optim::Adam>(dParams, adam);
    if (options.featureCycle() && !options.featureNetwork.empty())
        m_scriptedFeatures = std::make_unique<ScriptedFeatures>(options.featureNetwork, device);
}

CycleGanModel::~CycleGanModel() = default;

std::vector<std::string> CycleGanModel::lossNames(const TrainOptions &options)
{
    std::vector<std::string> names{loss::GA, loss::GB, loss::DA, loss::DB, loss::CycleA, loss::CycleB, loss::IdtA, loss::IdtB};
    if (options.multiScaleCycle())
        names.insert(names.end(), {loss::CycleMsA, loss::CycleMsB});
    if (options.featureCycle())
        names.insert(names.end(), {loss::CycleFeatA, loss::CycleFeatB});
    return names;
}

torch::Tensor CycleGanModel::cycleLoss(const torch::Tensor &reconstructed, const torch::Tensor &real, double lambda) const
{
    return multiScaleCycleLoss(reconstructed, real, m_options.cyclePyramidWeights) * lambda;
}

std::vector<torch::Tensor> CycleGanModel::features(PatchDiscriminatorImpl &judge, const torch::Tensor &x)
{
    return m_scriptedFeatures ? (*m_scriptedFeatures)(x) : discriminatorFeatures(judge, x);
}

std::vector<torch::Tensor> frozenParameters(ResnetGeneratorImpl &g, const TrainOptions &options)
{
    std::vector<torch::Tensor> out;
    auto take = [&](torch::nn::Module &m) {
        for (auto &p : m.parameters())
            out.push_back(p);
    };
    if (options.freezeEncoder)
        for (auto *m : {static_cast<torch::nn::Module *>(g.convIn.get()), static_cast<torch::nn::Module *>(g.down1.get()),
                        static_cast<torch::nn::Module *>(g.down2.get())})
            take(*m);
    for (int i = 0; i < options.freezeBlocks && i < static_cast<int>(g.blocks->size()); ++i)
        take(*g.blocks->ptr(static_cast<size_t>(i)));
    return out;
}

torch::Tensor CycleGanModel::ganLoss(const torch::Tensor &prediction, bool targetIsReal) const
{
    const auto target = torch::full_like(prediction, targetIsReal ? 1.0 : 0.0);
    if (m_options.ganMode == GanMode::Lsgan)
        return torch::mse_loss(prediction, target);
    return torch::binary_cross_entropy_with_logits(prediction, target);
}

LossValues CycleGanModel::step(const torch::Tensor &realAIn, const torch::Tensor &realBIn)
{
    const auto realA = toDevice(realAIn, m_device);
    const auto realB = toDevice(realBIn, m_device);
    // Mixed precision: the forward passes and losses under autocast, backward and Adam outside it.
    const bool mixed = m_options.precision == Precision::Bf16 && m_device.is_cuda();
    CudaAutocast autocastG(mixed);
    const double lambdaA = m_options.lambdaA, lambdaB = m_options.lambdaB, lambdaIdt = m_options.lambdaIdentity;

    const int64_t n = realA.size(0);
    const bool identity = lambdaIdt > 0;

    // forward(): both cycles, plus the identity mappings (paper §5.2: G_A(B) ≈ B, G_B(A) ≈ A). Instance
    // norm works per image, so running a generator once on a concatenated batch gives exactly the
    // outputs of separate calls, with larger, faster matrix products: 3 generator passes instead of 6.
    const auto outGA = G_A->forward(identity ? torch::cat({realA, realB}) : realA);
    const auto fakeB = outGA.narrow(0, 0, n); // G(A)
    const auto outGB = G_B->forward(identity ? torch::cat({fakeB, realB, realA}) : torch::cat({fakeB, realB}));
    const auto recA = outGB.narrow(0, 0, n);  // F(G(A))
    const auto fakeA = outGB.narrow(0, n, n); // F(B)
    const auto recB = G_A->forward(fakeA);    // G(F(B))

    // Generators, with the discriminators frozen so they get no gradient from this step.
    setRequiresGrad(*D_A, false);
    setRequiresGrad(*D_B, false);
    optimizerG->zero_grad();
    torch::Tensor lossIdtA = torch::zeros({}, realA.options()), lossIdtB = torch::zeros({}, realA.options());
    if (identity) {
        lossIdtA = torch::l1_loss(outGA.narrow(0, n, n), realB) * lambdaB * lambdaIdt;
        lossIdtB = torch::l1_loss(outGB.narrow(0, 2 * n, n), realA) * lambdaA * lambdaIdt;
    }
    const auto lossGA = ganLoss(D_A->forward(fakeB), true);
    const auto lossGB = ganLoss(D_B->forward(fakeA), true);
    // Cycle consistency, Eq. (2): ||F(G(x)) - x||_1 and ||G(F(y)) - y||_1, or its multi-scale form.
    const auto lossCycleA = cycleLoss(recA, realA, lambdaA);
    const auto lossCycleB = cycleLoss(recB, realB, lambdaB);
    auto lossG = lossGA + lossGB + lossCycleA + lossCycleB + lossIdtA + lossIdtB; // Eq. (3)
    // Feature-space cycle: A images are judged by D_B, B images by D_A (frozen here, like the scripted F).
    torch::Tensor lossFeatA, lossFeatB;
    if (m_options.featureCycle()) {
        lossFeatA = featureDistance(features(*D_B, torch::cat({realA, recA})), n) * m_options.lambdaFeature;
        lossFeatB = featureDistance(features(*D_A, torch::cat({realB, recB})), n) * m_options.lambdaFeature;
        lossG = lossG + lossFeatA + lossFeatB;
    }
    autocastG.end();
    lossG.backward();
    if (beforeUpdate)
        beforeUpdate(*optimizerG);
    adamStep(*optimizerG);

    // Discriminators on real images and on pooled fakes, each loss halved to slow D relative to G. Real
    // and fake go through D in one batch (no batch statistics in D, so the outputs are the same).
    setRequiresGrad(*D_A, true);
    setRequiresGrad(*D_B, true);
    optimizerD->zero_grad();
    // The pools keep 32-bit images whatever the step's precision, so checkpoints do not depend on it.
    const auto pooledFakeB = poolB.query(fakeB.detach().to(realB.scalar_type()), rng);
    const auto pooledFakeA = poolA.query(fakeA.detach().to(realA.scalar_type()), rng);
    CudaAutocast autocastD(mixed);
    const auto predA = D_A->forward(torch::cat({realB, pooledFakeB}));
    const auto predB = D_B->forward(torch::cat({realA, pooledFakeA}));
    const auto lossDA = (ganLoss(predA.narrow(0, 0, n), true) + ganLoss(predA.narrow(0, n, n), false)) * 0.5;
    const auto lossDB = (ganLoss(predB.narrow(0, 0, n), true) + ganLoss(predB.narrow(0, n, n), false)) * 0.5;
    autocastD.end();
    (lossDA + lossDB).backward(); // D_A and D_B share no parameters
    if (beforeUpdate)
        beforeUpdate(*optimizerD);
    adamStep(*optimizerD);

    return report({lossGA, lossGB, lossDA, lossDB, lossCycleA, lossCycleB, lossIdtA, lossIdtB, lossFeatA, lossFeatB}, recA, realA, recB, realB);
}

LossValues CycleGanModel::report(const StepLosses &l, const torch::Tensor &recA, const torch::Tensor &realA, const torch::Tensor &recB,
                                 const torch::Tensor &realB) const
{
    std::vector<std::pair<const char *, torch::Tensor>> named{{loss::GA, l.gA}, {loss::GB, l.gB}, {loss::DA, l.dA}, {loss::DB, l.dB}};
    if (m_options.multiScaleCycle()) {
        torch::NoGradGuard noGrad; // the plain cycle loss, for comparison with runs without the pyramid
        named.emplace_back(loss::CycleA, torch::l1_loss(recA, realA) * m_options.lambdaA);
        named.emplace_back(loss::CycleB, torch::l1_loss(recB, realB) * m_options.lambdaB);
    } else {
        named.emplace_back(loss::CycleA, l.cycleA);
        named.emplace_back(loss::CycleB, l.cycleB);
    }
    named.emplace_back(loss::IdtA, l.idtA);
    named.emplace_back(loss::IdtB, l.idtB);
    if (m_options.multiScaleCycle()) {
        named.emplace_back(loss::CycleMsA, l.cycleA);
        named.emplace_back(loss::CycleMsB, l.cycleB);
    }
    if (m_options.featureCycle()) {
        named.emplace_back(loss::CycleFeatA, l.featA);
        named.emplace_back(loss::CycleFeatB, l.featB);
    }
    // One copy to the host for all of them: on a GPU the step's only wait.
    std::vector<torch::Tensor> values;
    for (const auto &entry : named)
        values.push_back(entry.second.detach().to(torch::kDouble).reshape({}));
    const auto host = torch::stack(values).cpu();
    const auto *v = host.data_ptr<double>();
    LossValues out;
    for (size_t i = 0; i < named.size(); ++i)
        out.add(named[i].first, v[i]);
    return out;
}

void CycleGanModel::setLearningRate(double lr) { setAdamLearningRate(*optimizerG, *optimizerD, lr); }

double CycleGanModel::learningRate() const { return adamLearningRate(*optimizerG); }

void CycleGanModel::save(torch::serialize::OutputArchive &archive) const
{
    const std::pair<const char *, const torch::nn::Module *> nets[] = {
        {"G_A", G_A.get()}, {"G_B", G_B.get()}, {"D_A", D_A.get()}, {"D_B", D_B.get()}};
    for (const auto &[name, net] : nets) {
        torch::serialize::OutputArchive sub;
        saveModule(*net, sub);
        archive.write(name, sub);
    }
    saveOptimizers(*optimizerG, *optimizerD, archive);
    saveLocal(archive, *this);
    saveRankStates(archive, rankStates);
}

void CycleGanModel::load(torch::serialize::InputArchive &archive)
{
    const std::pair<const char *, torch::nn::Module *> nets[] = {
        {"G_A", G_A.get()}, {"G_B", G_B.get()}, {"D_A", D_A.get()}, {"D_B", D_B.get()}};
    for (const auto &[name, net] : nets) {
        torch::serialize::InputArchive sub;
        if (!archive.try_read(name, sub))
            throw Error(std::string("The checkpoint has no ") + name + " network.");
        loadModule(*net, sub, name);
    }
    loadOptimizers(*optimizerG, *optimizerD, archive, m_device);
    loadLocal(archive, *this);
    rankStates = loadRankStates(archive);
}

std::vector<torch::Tensor> CycleGanModel::sharedTensors() const
{
    return stateTensors({G_A.get(), G_B.get(), D_A.get(), D_B.get()});
}

std::string CycleGanModel::localState() const
{
    torch::serialize::OutputArchive archive;
    saveLocal(archive, *this);
    std::ostringstream out;
    archive.save_to(out);
    return out.str();
}

void CycleGanModel::setLocalState(const std::string &bytes)
{
    torch::serialize::InputArchive archive;
    std::istringstream in(bytes);
    archive.load_from(in, torch::kCPU);
    loadLocal(archive, *this);
}

void CycleGanModel::resetLocalState(std::uint64_t seed)
{
    poolA.setImages({});
    poolB.setImages({});
    rng.seed(seed);
}

bool CycleGanModel::allFinite() const
{
    for (const torch::nn::Module *net : {static_cast<const torch::nn::Module *>(G_A.get()), static_cast<const torch::nn::Module *>(G_B.get()),
                                         static_cast<const torch::nn::Module *>(D_A.get()), static_cast<const torch::nn::Module *>(D_B.get())})
        if (!engine::allFinite(*net))
            return false;
    for (const auto *pool : {&poolA, &poolB})
        for (const auto &image : pool->images())
            if (!engine::allFinite(image))
                return false;
    return engine::allFinite(*optimizerG) && engine::allFinite(*optimizerD);
}

} // namespace engine
