// cyclestudio-cli import and export-model: models in from the PyTorch world (.pth generators) and out
// of a project in four formats.

#include "app/cli/commands.h"
#include "app/cli/common.h"
#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "engine/interop/pytorch.h"

#include <iostream>

namespace fs = std::filesystem;
using engine::Error;

namespace cli {

namespace {

std::string withThousands(std::int64_t n)
{
    std::string digits = std::to_string(n), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return out;
}

} // namespace

int runImport(const std::vector<std::string> &args)
{
    const Arguments a(args, {"--name", "-o", "--output"});
    if (a.positional().size() != 1)
        throw UsageError("import needs exactly one .pth file.");
    const auto out = a.value("-o", a.value("--output"));
    if (out.empty())
        throw UsageError("import needs -o MODEL.csm.");
    const auto pth = toPath(a.positional()[0]);
    const auto m = engine::importPytorchGenerator(pth, toPath(out), a.value("--name"));
    std::cout << "Imported " << engine::displayPath(pth) << ": " << m.architecture << ", " << withThousands(m.parameters)
              << " parameters, translates " << engine::directionName(m.info.direction) << ".\n"
              << "Wrote " << out << " (\"" << m.info.name << "\").\n";
    return 0;
}

int runExportModel(const std::vector<std::string> &args)
{
    const Arguments a(args, {"--direction", "--format", "-o", "--output"});
    if (a.positional().size() != 1)
        throw UsageError("export-model needs exactly one project folder.");
    const auto out = a.value("-o", a.value("--output"));
    if (out.empty())
        throw UsageError("export-model needs -o FILE.");
    const auto format = engine::modelFormatFromName(a.value("--format", "csm"));
    if (!format)
        throw UsageError("--format must be csm, pth, torchscript or onnx.");
    const auto direction = directionFrom(a, true);
    const auto info = engine::exportModelAs(toPath(a.positional()[0]), direction, *format, toPath(out));
    std::error_code ec;
    const auto bytes = fs::file_size(toPath(out), ec);
    std::cout << "Wrote " << out << " (" << engine::modelFormatName(*format) << ", " << engine::directionName(direction) << ", iteration "
              << info.iteration << ", " << (ec ? 0 : bytes) << " bytes).\n";
    return 0;
}

} // namespace cli
