#pragma once
// The subcommands of cyclestudio-cli. Each returns the process exit code (0 success); runtime failures
// are engine::Error (exit 1), usage mistakes cli::UsageError (exit 2). Progress goes to stderr.

#include <string>
#include <vector>

namespace cli {

int runNew(const std::vector<std::string> &args);
int runTrain(const std::vector<std::string> &args);
int runExportModel(const std::vector<std::string> &args);
int runImport(const std::vector<std::string> &args);
int runTranslate(const std::vector<std::string> &args);
int runInfo(const std::vector<std::string> &args);
int runBench(const std::vector<std::string> &args);
int runBenchVideo(const std::vector<std::string> &args);

} // namespace cli
