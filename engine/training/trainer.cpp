#include "engine/training/trainer.h"

#include "engine/project/project.h"
#include "training/cyclegantrainer.h"
#include "training/multidomaintrainer.h"

namespace engine {

void Trainer::writeGenerator(Direction, const std::filesystem::path &) const
{
    throw Error("The weights in training can be looked at for two-domain projects only; a multi-domain project shows its checkpoints.");
}

std::unique_ptr<Trainer> openTrainer(const std::filesystem::path &projectDir, const RuntimeOptions &runtime, const TrainerCallbacks &callbacks,
                                     TrainStart start)
{
    if (Project::open(projectDir).mode == ProjectMode::MultiDomain)
        return std::make_unique<MultiDomainTrainer>(projectDir, runtime, callbacks, start);
    return std::make_unique<CycleGanTrainer>(projectDir, runtime, callbacks, start);
}

} // namespace engine
