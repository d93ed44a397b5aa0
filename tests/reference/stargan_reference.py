#!/usr/bin/env python3
"""StarGAN as the official PyTorch code trains it (yunjey/stargan, model.py and solver.py, with the
RaFD-style single-label classification loss), written out here so that CycleStudio's multi-domain mode
can be checked against it.

  lockstep DIR   runs the iterations CycleStudio ran, from its initial weights, on its images and labels,
                 with its target domains and gradient-penalty mixing weights (all in DIR), and writes every
                 loss and the final weights.

Needs Debian's python3-torch."""
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

LOSS_NAMES = ['D_real', 'D_fake', 'D_cls', 'D_gp', 'G_fake', 'G_cls', 'G_rec']


class ResidualBlock(nn.Module):
    def __init__(self, dim_in, dim_out):
        super().__init__()
        self.main = nn.Sequential(
            nn.Conv2d(dim_in, dim_out, kernel_size=3, stride=1, padding=1, bias=False),
            nn.InstanceNorm2d(dim_out, affine=True, track_running_stats=True), nn.ReLU(inplace=True),
            nn.Conv2d(dim_out, dim_out, kernel_size=3, stride=1, padding=1, bias=False),
            nn.InstanceNorm2d(dim_out, affine=True, track_running_stats=True))

    def forward(self, x):
        return x + self.main(x)


class Generator(nn.Module):
    def __init__(self, conv_dim, c_dim, repeat_num):
        super().__init__()
        layers = [nn.Conv2d(3 + c_dim, conv_dim, kernel_size=7, stride=1, padding=3, bias=False),
                  nn.InstanceNorm2d(conv_dim, affine=True, track_running_stats=True), nn.ReLU(inplace=True)]
        curr = conv_dim
        for _ in range(2):
            layers += [nn.Conv2d(curr, curr * 2, kernel_size=4, stride=2, padding=1, bias=False),
                       nn.InstanceNorm2d(curr * 2, affine=True, track_running_stats=True), nn.ReLU(inplace=True)]
            curr *= 2
        layers += [ResidualBlock(curr, curr) for _ in range(repeat_num)]
        for _ in range(2):
            layers += [nn.ConvTranspose2d(curr, curr // 2, kernel_size=4, stride=2, padding=1, bias=False),
                       nn.InstanceNorm2d(curr // 2, affine=True, track_running_stats=True), nn.ReLU(inplace=True)]
            curr //= 2
        layers += [nn.Conv2d(curr, 3, kernel_size=7, stride=1, padding=3, bias=False), nn.Tanh()]
        self.main = nn.Sequential(*layers)

    def forward(self, x, c):
        c = c.view(c.size(0), c.size(1), 1, 1).repeat(1, 1, x.size(2), x.size(3))
        return self.main(torch.cat([x, c], dim=1))


class Discriminator(nn.Module):
    def __init__(self, image_size, conv_dim, c_dim, repeat_num):
        super().__init__()
        layers = [nn.Conv2d(3, conv_dim, kernel_size=4, stride=2, padding=1), nn.LeakyReLU(0.01)]
        curr = conv_dim
        for _ in range(1, repeat_num):
            layers += [nn.Conv2d(curr, curr * 2, kernel_size=4, stride=2, padding=1), nn.LeakyReLU(0.01)]
            curr *= 2
        kernel_size = int(image_size / 2 ** repeat_num)
        self.main = nn.Sequential(*layers)
        self.conv1 = nn.Conv2d(curr, 1, kernel_size=3, stride=1, padding=1, bias=False)
        self.conv2 = nn.Conv2d(curr, c_dim, kernel_size=kernel_size, bias=False)

    def forward(self, x):
        h = self.main(x)
        out_cls = self.conv2(h)
        return self.conv1(h), out_cls.view(out_cls.size(0), out_cls.size(1))


def gradient_penalty(y, x):
    dydx = torch.autograd.grad(outputs=y, inputs=x, grad_outputs=torch.ones(y.size()), retain_graph=True,
                               create_graph=True, only_inputs=True)[0]
    dydx = dydx.view(dydx.size(0), -1)
    return torch.mean((torch.sqrt(torch.sum(dydx ** 2, dim=1)) - 1) ** 2)


def lockstep(folder):
    """solver.py train(), one iteration per step, with the draws CycleStudio made."""
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)  # see tests/engine/tst_lockstep.cpp
    o = json.load(open(os.path.join(folder, 'config.json')))
    G = Generator(o['g_conv_dim'], o['c_dim'], o['g_repeat'])
    D = Discriminator(o['image_size'], o['d_conv_dim'], o['c_dim'], o['d_repeat'])
    for name, net in [('G', G), ('D', D)]:
        missing, unexpected = net.load_state_dict(torch.load(os.path.join(folder, 'init_%s.pth' % name)), strict=False)
        assert not unexpected and all(k.endswith(('running_mean', 'running_var', 'num_batches_tracked')) for k in missing), missing
    betas = (o['beta1'], o['beta2'])
    g_optimizer = torch.optim.Adam(G.parameters(), o['lr'], betas)
    d_optimizer = torch.optim.Adam(D.parameters(), o['lr'], betas)
    n, s, iterations, c_dim = o['batch'], o['image_size'], o['iterations'], o['c_dim']
    images = torch.from_file(os.path.join(folder, 'images.bin'), size=iterations * n * 3 * s * s, dtype=torch.float64)
    images = images.view(iterations, n, 3, s, s)
    draws = json.load(open(os.path.join(folder, 'draws.json')))
    losses = []
    for i in range(iterations):
        x_real = images[i].clone()
        label_org = torch.tensor(draws['labels'][i], dtype=torch.long)
        label_trg = torch.tensor(draws['targets'][i], dtype=torch.long)
        c_org, c_trg = F.one_hot(label_org, c_dim).double(), F.one_hot(label_trg, c_dim).double()
        # Discriminator.
        out_src, out_cls = D(x_real)
        d_loss_real = -torch.mean(out_src)
        d_loss_cls = F.cross_entropy(out_cls, label_org)
        x_fake = G(x_real, c_trg)
        out_src, _ = D(x_fake.detach())
        d_loss_fake = torch.mean(out_src)
        alpha = torch.tensor(draws['alpha'][i]).view(n, 1, 1, 1)
        x_hat = (alpha * x_real.data + (1 - alpha) * x_fake.data).requires_grad_(True)
        out_src, _ = D(x_hat)
        d_loss_gp = gradient_penalty(out_src, x_hat)
        d_loss = d_loss_real + d_loss_fake + o['lambda_cls'] * d_loss_cls + o['lambda_gp'] * d_loss_gp
        g_optimizer.zero_grad()
        d_optimizer.zero_grad()
        d_loss.backward()
        d_optimizer.step()
        row = [float(d_loss_real), float(d_loss_fake), float(d_loss_cls), float(d_loss_gp)]
        # Generator, every n_critic iterations.
        if (i + 1) % o['n_critic'] == 0:
            x_fake = G(x_real, c_trg)
            out_src, out_cls = D(x_fake)
            g_loss_fake = -torch.mean(out_src)
            g_loss_cls = F.cross_entropy(out_cls, label_trg)
            g_loss_rec = torch.mean(torch.abs(x_real - G(x_fake, c_org)))
            g_loss = g_loss_fake + o['lambda_rec'] * g_loss_rec + o['lambda_cls'] * g_loss_cls
            g_optimizer.zero_grad()
            d_optimizer.zero_grad()
            g_loss.backward()
            g_optimizer.step()
            row += [float(g_loss_fake), float(g_loss_cls), float(g_loss_rec)]
        else:
            row += [None, None, None]
        losses.append(row)
    json.dump({'names': LOSS_NAMES, 'losses': losses}, open(os.path.join(folder, 'reference_losses.json'), 'w'))
    for name, net in [('G', G), ('D', D)]:
        state = {k: v.float() for k, v in net.state_dict().items() if v.is_floating_point()}
        torch.save(state, os.path.join(folder, 'final_%s.pth' % name))


if __name__ == '__main__':
    if len(sys.argv) != 3 or sys.argv[1] != 'lockstep':
        sys.exit(__doc__)
    lockstep(sys.argv[2])
