#include "engine/models/modelinfo.h"

#include "engine/project/project.h"
#include "models/networks.h"
#include "models/stargan.h"

namespace engine {

ParameterCounts parameterCounts(const Project &project)
{
    torch::NoGradGuard noGrad;
    if (project.mode == ProjectMode::MultiDomain) {
        const auto &o = project.multiDomain;
        const int domains = static_cast<int>(project.namedDomains.size());
        return {{"G", countParameters(*StarGenerator(o.gConvDim, domains, o.gRepeat))},
                {"D", countParameters(*StarDiscriminator(o.imageSize, o.dConvDim, domains, o.dRepeat))}};
    }
    const auto &m = project.options.model;
    const auto g = generatorParameters(m), d = countParameters(*PatchDiscriminator(m));
    return {{"G_A", g}, {"G_B", g}, {"D_A", d}, {"D_B", d}};
}

std::int64_t generatorParameters(const ModelOptions &model)
{
    torch::NoGradGuard noGrad;
    return countParameters(*ResnetGenerator(model));
}

} // namespace engine
