// cyclestudio-cli info: a project's or a model file's settings and parameter counts.

#include "app/cli/commands.h"
#include "app/cli/common.h"
#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "engine/interop/pytorch.h"
#include "engine/models/modelinfo.h"
#include "engine/project/checkpoint.h"
#include "engine/project/project.h"

#include <iostream>

namespace fs = std::filesystem;
using engine::Error;

namespace cli {

namespace {

void printParameters(const engine::Project &project)
{
    for (const auto &[name, count] : engine::parameterCounts(project))
        std::cout << name << " params=" << count << "\n";
}

int projectInfo(const fs::path &path)
{
    const auto project = engine::Project::open(path);
    if (project.mode == engine::ProjectMode::MultiDomain) {
        const auto &o = project.multiDomain;
        std::cout << "multi-domain project " << engine::displayPath(path) << " domains=";
        for (size_t i = 0; i < project.namedDomains.size(); ++i)
            std::cout << (i ? "," : "") << project.namedDomains[i].name;
        std::cout << "\nsize=" << o.imageSize << " g_conv_dim=" << o.gConvDim << " g_repeat=" << o.gRepeat << " d_repeat=" << o.dRepeat
                  << " batch=" << o.batchSize << " n_critic=" << o.nCritic << "\n";
        printParameters(project);
        return 0;
    }
    std::cout << "project " << engine::displayPath(path) << " preset=" << project.preset << "\n";
    printSettings(project.options);
    const auto usable = engine::usableCheckpoints(project);
    std::cout << "iteration=" << (usable.empty() ? 0 : usable.front().iteration) << "\n";
    if (usable.size() < project.checkpoints().size())
        std::cerr << "warning: " << project.checkpoints().size() - usable.size()
                  << " checkpoint file(s) are damaged or from another project; training moves them to checkpoints/damaged/.\n";
    printParameters(project);
    return 0;
}

} // namespace

int runInfo(const std::vector<std::string> &args)
{
    const Arguments a(args, {});
    if (a.positional().size() != 1)
        throw UsageError("info needs one project folder or model file.");
    const auto path = toPath(a.positional()[0]);
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw Error("There is no project folder or model file at \"" + engine::displayPath(path) + "\".");
    if (fs::is_directory(path))
        return projectInfo(path);
    if (engine::isPytorchFile(path)) {
        const auto m = engine::inspectPytorchGenerator(path);
        std::cout << "pytorch " << engine::displayPath(path) << ": " << m.architecture << ", direction=" << engine::directionName(m.info.direction)
                  << "\nG params=" << m.parameters << "\n";
        return 0;
    }
    const auto info = engine::readGeneratorFileInfo(path);
    std::cout << "model " << engine::displayPath(path) << " direction=" << engine::directionName(info.direction)
              << " ngf=" << info.model.ngf << " blocks=" << info.model.blocks << " trained_size=" << info.trainedSize
              << " iteration=" << info.iteration << " created_with=\"" << info.createdWith << "\"";
    if (!info.name.empty())
        std::cout << " name=\"" << info.name << "\"";
    if (!info.source.empty())
        std::cout << " source=\"" << info.source << "\"";
    std::cout << "\n";
    std::cout << "G params=" << engine::generatorParameters(info.model) << "\n";
    return 0;
}

} // namespace cli
