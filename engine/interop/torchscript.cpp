#include "interop/exporters.h"

#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "engine/project/checkpoint.h"
#include "models/networks.h"

#include <nlohmann/json.hpp>
#include <torch/script.h>

#include <sstream>

namespace fs = std::filesystem;

namespace engine {

std::string exportDescription(const ModelFileInfo &info)
{
    return nlohmann::json{{"producer", std::string("CycleStudio ") + CYCLESTUDIO_VERSION},
                          {"architecture", "CycleGAN ResNet generator"},
                          {"ngf", info.model.ngf},
                          {"blocks", info.model.blocks},
                          {"direction", directionName(info.direction)},
                          {"trained_size", info.trainedSize},
                          {"iteration", info.iteration},
                          {"input", "RGB image, [N, 3, H, W], values in [-1, 1] (pixel / 127.5 - 1), H and W multiples of 4"},
                          {"output", "RGB image, [N, 3, H, W], values in [-1, 1]"}}
        .dump();
}

namespace {

// The TorchScript source of the generator's forward pass; the weights are the module's parameters, named
// after this engine's modules with "_" for ".".
std::string forwardSource(int blocks)
{
    const std::string norm = "torch.instance_norm({}, None, None, None, None, True, 0.1, 1e-05, False)";
    auto in = [&](const std::string &x) {
        std::string s = norm;
        return s.replace(s.find("{}"), 2, x);
    };
    std::ostringstream s;
    s << "def forward(self, x):\n"
      << "    y = torch.conv2d(torch.reflection_pad2d(x, [3, 3, 3, 3]), self.conv_in_weight, self.conv_in_bias)\n"
      << "    y = torch.relu(" << in("y") << ")\n"
      << "    y = torch.relu(" << in("torch.conv2d(y, self.down1_weight, self.down1_bias, [2, 2], [1, 1])") << ")\n"
      << "    y = torch.relu(" << in("torch.conv2d(y, self.down2_weight, self.down2_bias, [2, 2], [1, 1])") << ")\n";
    for (int i = 0; i < blocks; ++i) {
        const std::string b = "self.blocks_" + std::to_string(i) + "_";
        s << "    r = torch.conv2d(torch.reflection_pad2d(y, [1, 1, 1, 1]), " << b << "conv1_weight, " << b << "conv1_bias)\n"
          << "    r = torch.relu(" << in("r") << ")\n"
          << "    r = torch.conv2d(torch.reflection_pad2d(r, [1, 1, 1, 1]), " << b << "conv2_weight, " << b << "conv2_bias)\n"
          << "    y = y + " << in("r") << "\n";
    }
    for (const char *up : {"up1", "up2"})
        s << "    y = torch.relu(" << in(std::string("torch.conv_transpose2d(y, self.") + up + "_weight, self." + up +
                                         "_bias, [2, 2], [1, 1], [1, 1])")
          << ")\n";
    s << "    y = torch.conv2d(torch.reflection_pad2d(y, [3, 3, 3, 3]), self.conv_out_weight, self.conv_out_bias)\n"
      << "    return torch.tanh(y)\n";
    return s.str();
}

} // namespace

void exportTorchScript(const ResnetGeneratorImpl &generator, const ModelFileInfo &info, const fs::path &file)
{
    torch::jit::Module module("CycleStudioGenerator");
    for (const auto &p : generator.named_parameters(true)) {
        std::string name = p.key();
        std::replace(name.begin(), name.end(), '.', '_');
        module.register_parameter(name, p.value().detach().cpu().clone(), false);
    }
    module.register_attribute("cyclestudio", c10::StringType::get(), exportDescription(info));
    try {
        module.define(forwardSource(generator.options.blocks));
        module.eval();
        std::ostringstream out;
        module.save(out);
        writeFileAtomic(file, out.str());
    } catch (const c10::Error &e) {
        throw Error("The TorchScript module could not be written: " + std::string(e.what_without_backtrace()));
    }
}

} // namespace engine
