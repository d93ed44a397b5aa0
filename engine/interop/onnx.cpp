#include "interop/exporters.h"

#include "engine/core/atomicfile.h"
#include "engine/core/error.h"
#include "engine/interop/pytorch.h"
#include "engine/project/checkpoint.h"
#include "models/networks.h"

#ifdef CYCLESTUDIO_HAVE_ONNX
#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include <set>
#endif

namespace fs = std::filesystem;

namespace engine {

#ifndef CYCLESTUDIO_HAVE_ONNX

bool onnxAvailable() { return false; }

void exportOnnx(const ResnetGeneratorImpl &, const ModelFileInfo &, const fs::path &)
{
    throw Error(kOnnxMissing);
}

#else

bool onnxAvailable() { return true; }

namespace {

// The generator as an ONNX graph (opset 13): reflect Pad, Conv, InstanceNormalization with unit scale
// and zero bias (the engine's instance norm has no parameters), Relu, Add, ConvTranspose and Tanh.
class GraphWriter
{
public:
    GraphWriter(onnx::GraphProto &graph, const ResnetGeneratorImpl &generator)
        : m_graph(graph), m_parameters(generator.named_parameters(true))
    {
    }

    std::string initializer(const std::string &name, const torch::Tensor &value)
    {
        const auto t = value.detach().to(torch::kCPU, torch::kFloat32).contiguous();
        auto *tensor = m_graph.add_initializer();
        tensor->set_name(name);
        tensor->set_data_type(onnx::TensorProto::FLOAT);
        for (auto d : t.sizes())
            tensor->add_dims(d);
        tensor->set_raw_data(std::string(static_cast<const char *>(t.data_ptr()), t.numel() * sizeof(float)));
        return name;
    }
    std::string ints(const std::string &name, const std::vector<std::int64_t> &values)
    {
        auto *tensor = m_graph.add_initializer();
        tensor->set_name(name);
        tensor->set_data_type(onnx::TensorProto::INT64);
        tensor->add_dims(static_cast<std::int64_t>(values.size()));
        for (auto v : values)
            tensor->add_int64_data(v);
        return name;
    }

    std::string node(const std::string &op, const std::vector<std::string> &inputs,
                     const std::vector<std::pair<std::string, std::vector<std::int64_t>>> &intAttributes = {}, const std::string &output = {})
    {
        auto *n = m_graph.add_node();
        n->set_op_type(op);
        n->set_name(op + "_" + std::to_string(m_count));
        for (const auto &i : inputs)
            n->add_input(i);
        const std::string out = output.empty() ? "t" + std::to_string(m_count) : output;
        ++m_count;
        n->add_output(out);
        for (const auto &[name, values] : intAttributes) {
            auto *a = n->add_attribute();
            a->set_name(name);
            a->set_type(onnx::AttributeProto::INTS);
            for (auto v : values)
                a->add_ints(v);
        }
        return out;
    }
    void stringAttribute(const std::string &name, const std::string &value)
    {
        auto *a = m_graph.mutable_node(m_graph.node_size() - 1)->add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::STRING);
        a->set_s(value);
    }
    void floatAttribute(const std::string &name, float value)
    {
        auto *a = m_graph.mutable_node(m_graph.node_size() - 1)->add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::FLOAT);
        a->set_f(value);
    }

    std::string reflectPad(const std::string &x, std::int64_t p)
    {
        const std::string pads = "pads_" + std::to_string(p);
        if (m_padsWritten.insert(p).second)
            ints(pads, {0, 0, p, p, 0, 0, p, p});
        const auto out = node("Pad", {x, pads});
        stringAttribute("mode", "reflect");
        return out;
    }
    std::string conv(const std::string &x, const std::string &name, std::int64_t stride, std::int64_t pad)
    {
        const auto &weight = m_parameters[name + ".weight"];
        const auto k = weight.size(2);
        return node("Conv", {x, initializer(name + ".weight", weight), initializer(name + ".bias", m_parameters[name + ".bias"])},
                    {{"kernel_shape", {k, k}}, {"strides", {stride, stride}}, {"pads", {pad, pad, pad, pad}}});
    }
    // ConvTranspose2d(k 3, stride 2, padding 1, output_padding 1); the weights keep PyTorch's layout,
    // [in, out, 3, 3], which is ONNX's too.
    std::string convTranspose(const std::string &x, const std::string &name)
    {
        return node("ConvTranspose",
                    {x, initializer(name + ".weight", m_parameters[name + ".weight"]), initializer(name + ".bias", m_parameters[name + ".bias"])},
                    {{"kernel_shape", {3, 3}}, {"strides", {2, 2}}, {"pads", {1, 1, 1, 1}}, {"output_padding", {1, 1}}});
    }
    std::string instanceNorm(const std::string &x, std::int64_t channels)
    {
        const std::string scale = "norm_scale_" + std::to_string(channels), bias = "norm_bias_" + std::to_string(channels);
        if (m_normsWritten.insert(channels).second) {
            initializer(scale, torch::ones({channels}));
            initializer(bias, torch::zeros({channels}));
        }
        const auto out = node("InstanceNormalization", {x, scale, bias});
        floatAttribute("epsilon", 1e-5f);
        return out;
    }
    std::string relu(const std::string &x) { return node("Relu", {x}); }

private:
    onnx::GraphProto &m_graph;
    torch::OrderedDict<std::string, torch::Tensor> m_parameters;
    int m_count = 0;
    std::set<std::int64_t> m_padsWritten, m_normsWritten;
};

void addImageValue(onnx::ValueInfoProto *value, const std::string &name)
{
    value->set_name(name);
    auto *type = value->mutable_type()->mutable_tensor_type();
    type->set_elem_type(onnx::TensorProto::FLOAT);
    auto *shape = type->mutable_shape();
    shape->add_dim()->set_dim_param("batch");
    shape->add_dim()->set_dim_value(3);
    shape->add_dim()->set_dim_param("height");
    shape->add_dim()->set_dim_param("width");
}

void writeGraph(const ResnetGeneratorImpl &g, onnx::GraphProto &graph)
{
    GraphWriter w(graph, g);
    const std::int64_t ngf = g.options.ngf;
    addImageValue(graph.add_input(), "image");
    auto y = w.relu(w.instanceNorm(w.conv(w.reflectPad("image", 3), "conv_in", 1, 0), ngf));
    y = w.relu(w.instanceNorm(w.conv(y, "down1", 2, 1), ngf * 2));
    y = w.relu(w.instanceNorm(w.conv(y, "down2", 2, 1), ngf * 4));
    for (int i = 0; i < g.options.blocks; ++i) {
        const std::string name = "blocks." + std::to_string(i);
        auto r = w.relu(w.instanceNorm(w.conv(w.reflectPad(y, 1), name + ".conv1", 1, 0), ngf * 4));
        r = w.instanceNorm(w.conv(w.reflectPad(r, 1), name + ".conv2", 1, 0), ngf * 4);
        y = w.node("Add", {y, r});
    }
    y = w.relu(w.instanceNorm(w.convTranspose(y, "up1"), ngf * 2));
    y = w.relu(w.instanceNorm(w.convTranspose(y, "up2"), ngf));
    y = w.conv(w.reflectPad(y, 3), "conv_out", 1, 0);
    w.node("Tanh", {y}, {}, "translated");
    addImageValue(graph.add_output(), "translated");
}

} // namespace

void exportOnnx(const ResnetGeneratorImpl &generator, const ModelFileInfo &info, const fs::path &file)
{
    onnx::ModelProto model;
    model.set_ir_version(7); // ONNX 1.7 and later, so that older runtimes open it too
    model.set_producer_name("CycleStudio");
    model.set_producer_version(CYCLESTUDIO_VERSION);
    model.set_doc_string("CycleGAN ResNet generator: RGB image [N, 3, H, W] in [-1, 1] (pixel / 127.5 - 1), H and W multiples of 4, "
                         "to the translated image in [-1, 1].");
    auto *opset = model.add_opset_import();
    opset->set_domain("");
    opset->set_version(13);
    auto *meta = model.add_metadata_props();
    meta->set_key("cyclestudio");
    meta->set_value(exportDescription(info));
    auto *graph = model.mutable_graph();
    graph->set_name("cyclestudio_generator");
    writeGraph(generator, *graph);
    try {
        onnx::checker::check_model(model);
    } catch (const std::exception &e) {
        throw Error(std::string("The ONNX graph failed the ONNX checker, so it was not written: ") + e.what());
    }
    std::string bytes;
    if (!model.SerializeToString(&bytes))
        throw Error("The ONNX graph could not be serialised (it may be larger than 2 GB).");
    writeFileAtomic(file, bytes);
}

#endif

} // namespace engine
