// cyclestudio-cli: the headless front end (design §1, journey 6). Same project and model files as the app.

#include "app/cli/arguments.h"
#include "app/cli/commands.h"
#include "engine/error.h"

#include <csignal>
#include <iostream>

namespace {
void onInterrupt(int)
{
    if (cli::g_interrupted.exchange(true))
        std::_Exit(130); // a second Ctrl-C quits at once
}
} // namespace

int main(int argc, char **argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::cerr << cli::usage();
        return 2;
    }
    const std::string command = args.front();
    args.erase(args.begin());
    if (command == "--help" || command == "-h" || command == "help") {
        std::cout << cli::usage();
        return 0;
    }
    if (command == "--version") {
        std::cout << "cyclestudio-cli " << CYCLESTUDIO_VERSION << "\n";
        return 0;
    }
    for (const auto &a : args) {
        if (a == "--help" || a == "-h") {
            std::cout << cli::usage();
            return 0;
        }
    }
    std::signal(SIGINT, onInterrupt);
    try {
        if (command == "new")
            return cli::runNew(args);
        if (command == "train")
            return cli::runTrain(args);
        if (command == "export-model")
            return cli::runExportModel(args);
        if (command == "translate")
            return cli::runTranslate(args);
        if (command == "info")
            return cli::runInfo(args);
        if (command == "bench")
            return cli::runBench(args);
        if (command == "bench-video")
            return cli::runBenchVideo(args);
        throw cli::UsageError("Unknown command \"" + command + "\".");
    } catch (const cli::UsageError &e) {
        std::cerr << "error: " << e.what() << "\nRun cyclestudio-cli --help for usage.\n";
        return 2;
    } catch (const engine::Error &e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception &e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
}
