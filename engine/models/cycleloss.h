#pragma once
// The optional cycle-consistency losses of the CycleGAN mode, beside the paper's plain L1:
//  - multi-scale: the L1 between the Laplacian pyramids of an image and of its reconstruction, summed over
//    K levels with a weight per level. Level k < K-1 is the band G_k - up(G_{k+1}) of the Gaussian pyramid
//    G (5-tap binomial blur, reflect padding, stride 2); the last level is the low-pass residual G_{K-1}.
//    With K = 1 the pyramid is the image itself, so the loss is the paper's ||F(G(x)) - x||_1 exactly.
//  - feature space: the mean over layers of the L1 between features F(x) and F(F(G(x))). F is either the
//    discriminator that judges the domain (its LeakyReLU outputs, before the patch prediction) or a
//    TorchScript network chosen by the user (its output, or each tensor of a returned tuple/list), kept
//    frozen in eval mode. Pretrained VGG weights cannot be downloaded by the app, hence the two choices.
// Used on the training thread by CycleGanModel.

#include "models/networks.h"

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace engine {

std::vector<torch::Tensor> laplacianPyramid(const torch::Tensor &x, int levels);
torch::Tensor multiScaleCycleLoss(const torch::Tensor &reconstructed, const torch::Tensor &real,
                                  const std::vector<double> &weights);

// The discriminator's intermediate activations for x.
std::vector<torch::Tensor> discriminatorFeatures(PatchDiscriminatorImpl &discriminator, const torch::Tensor &x);

// A frozen, user-supplied TorchScript feature network. Throws engine::Error with a sentence when the file
// does not load or does not map a [1, 3, 64, 64] image to a tensor or a tuple/list of tensors.
class ScriptedFeatures
{
public:
    ScriptedFeatures(const std::string &file, const torch::Device &device);
    ~ScriptedFeatures();
    std::vector<torch::Tensor> operator()(const torch::Tensor &x);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

// Mean over layers of the L1 distance between the features of the first and the second half of a batch
// (the inputs and their reconstructions, run through F together).
torch::Tensor featureDistance(const std::vector<torch::Tensor> &features, int64_t half);

} // namespace engine
