#include "engine/training/trainer.h"

#include "engine/project/project.h"
#include "training/cyclegantrainer.h"
#include "training/multidomaintrainer.h"

namespace engine {

std::unique_ptr<Trainer> openTrainer(const std::filesystem::path &projectDir, const RuntimeOptions &runtime, const TrainerCallbacks &callbacks,
                                     TrainStart start)
{
    if (Project::open(projectDir).mode == ProjectMode::MultiDomain)
        return std::make_unique<MultiDomainTrainer>(projectDir, runtime, callbacks, start);
    return std::make_unique<CycleGanTrainer>(projectDir, runtime, callbacks, start);
}

} // namespace engine
