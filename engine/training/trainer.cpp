#include "engine/training/trainer.h"

#include "engine/project/project.h"
#include "training/cyclegantrainer.h"
#include "training/multidomaintrainer.h"

namespace engine {

std::unique_ptr<Trainer> openTrainer(const std::filesystem::path &projectDir, const RuntimeOptions &runtime, const TrainerCallbacks &callbacks)
{
    if (Project::open(projectDir).mode == ProjectMode::MultiDomain)
        return std::make_unique<MultiDomainTrainer>(projectDir, runtime, callbacks);
    return std::make_unique<CycleGanTrainer>(projectDir, runtime, callbacks);
}

} // namespace engine
