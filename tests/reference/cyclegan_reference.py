#!/usr/bin/env python3
"""CycleGAN as the official PyTorch code trains it (junyanz/pytorch-CycleGAN-and-pix2pix,
models/cycle_gan_model.py, models/networks.py, util/image_pool.py, data/unaligned_dataset.py),
written out here so that CycleStudio can be checked against it.

  lockstep DIR     runs the iterations CycleStudio ran, from its initial weights, on its images and with
                   its image pools' decisions (all in DIR), and writes every loss and the final weights.
  train ...        trains on two image folders with the official data path, for the convergence figure.
  bench ...        times a training iteration and a translation on random images (CPU or CUDA, optionally
                   under bf16 autocast), for the side-by-side figures of `cyclestudio-cli bench`.

Needs Debian's python3-torch (and python3-pil for `train`)."""
import argparse
import csv
import json
import os
import random
import sys
import time

import torch
import torch.nn as nn

LOSS_NAMES = ['G_A', 'G_B', 'D_A', 'D_B', 'cycle_A', 'cycle_B', 'idt_A', 'idt_B']


# --- models/networks.py -----------------------------------------------------------------------------

class ResnetBlock(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.conv_block = nn.Sequential(
            nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, 3, bias=True), nn.InstanceNorm2d(dim), nn.ReLU(True),
            nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, 3, bias=True), nn.InstanceNorm2d(dim))

    def forward(self, x):
        return x + self.conv_block(x)


class ResnetGenerator(nn.Module):
    """ResnetGenerator with norm_layer=InstanceNorm2d (so use_bias=True), use_dropout=False, reflect padding."""

    def __init__(self, ngf, n_blocks):
        super().__init__()
        model = [nn.ReflectionPad2d(3), nn.Conv2d(3, ngf, 7, bias=True), nn.InstanceNorm2d(ngf), nn.ReLU(True)]
        for i in range(2):
            mult = 2 ** i
            model += [nn.Conv2d(ngf * mult, ngf * mult * 2, 3, stride=2, padding=1, bias=True),
                      nn.InstanceNorm2d(ngf * mult * 2), nn.ReLU(True)]
        model += [ResnetBlock(ngf * 4) for _ in range(n_blocks)]
        for i in range(2):
            mult = 2 ** (2 - i)
            model += [nn.ConvTranspose2d(ngf * mult, ngf * mult // 2, 3, stride=2, padding=1, output_padding=1, bias=True),
                      nn.InstanceNorm2d(ngf * mult // 2), nn.ReLU(True)]
        model += [nn.ReflectionPad2d(3), nn.Conv2d(ngf, 3, 7), nn.Tanh()]
        self.model = nn.Sequential(*model)

    def forward(self, x):
        return self.model(x)


class NLayerDiscriminator(nn.Module):
    """The 70x70 PatchGAN with InstanceNorm2d (use_bias=True)."""

    def __init__(self, ndf, n_layers):
        super().__init__()
        seq = [nn.Conv2d(3, ndf, 4, stride=2, padding=1), nn.LeakyReLU(0.2, True)]
        mult = 1
        for n in range(1, n_layers):
            prev, mult = mult, min(2 ** n, 8)
            seq += [nn.Conv2d(ndf * prev, ndf * mult, 4, stride=2, padding=1, bias=True), nn.InstanceNorm2d(ndf * mult),
                    nn.LeakyReLU(0.2, True)]
        prev, mult = mult, min(2 ** n_layers, 8)
        seq += [nn.Conv2d(ndf * prev, ndf * mult, 4, stride=1, padding=1, bias=True), nn.InstanceNorm2d(ndf * mult),
                nn.LeakyReLU(0.2, True), nn.Conv2d(ndf * mult, 1, 4, stride=1, padding=1)]
        self.model = nn.Sequential(*seq)

    def forward(self, x):
        return self.model(x)


def init_weights(net):
    """--init_type normal --init_gain 0.02."""
    for m in net.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.normal_(m.weight, 0.0, 0.02)
            nn.init.constant_(m.bias, 0.0)


class GANLoss(nn.Module):
    def __init__(self, gan_mode):
        super().__init__()
        self.loss = nn.MSELoss() if gan_mode == 'lsgan' else nn.BCEWithLogitsLoss()

    def forward(self, prediction, target_is_real):
        target = torch.tensor(1.0 if target_is_real else 0.0, device=prediction.device, dtype=prediction.dtype).expand_as(prediction)
        return self.loss(prediction, target)


# --- util/image_pool.py -----------------------------------------------------------------------------

class ImagePool:
    """The official pool. With `decisions` (one per query after the pool is full: -1 for "return the new
    image", j for "return stored image j and keep the new one there") it makes the choices it is told
    instead of drawing them, so that two implementations can be compared step by step."""

    def __init__(self, pool_size, decisions=None):
        self.pool_size = pool_size
        self.images = []
        self.decisions = decisions

    def query(self, images):
        if self.pool_size == 0:
            return images
        out = []
        for image in images:
            image = torch.unsqueeze(image.data, 0)
            if len(self.images) < self.pool_size:
                self.images.append(image)
                out.append(image)
                if self.decisions is not None:
                    assert self.decisions.pop(0) == -1
                continue
            if self.decisions is not None:
                j = self.decisions.pop(0)
            else:
                j = random.randint(0, self.pool_size - 1) if random.uniform(0, 1) > 0.5 else -1
            if j >= 0:
                tmp = self.images[j].clone()
                self.images[j] = image
                out.append(tmp)
            else:
                out.append(image)
        return torch.cat(out, 0)


# --- models/cycle_gan_model.py ----------------------------------------------------------------------

class CycleGAN:
    def __init__(self, opt, decisions=None):
        self.opt = opt
        self.netG_A = ResnetGenerator(opt['ngf'], opt['blocks'])
        self.netG_B = ResnetGenerator(opt['ngf'], opt['blocks'])
        self.netD_A = NLayerDiscriminator(opt['ndf'], opt['d_layers'])
        self.netD_B = NLayerDiscriminator(opt['ndf'], opt['d_layers'])
        decisions = decisions or {}
        self.fake_A_pool = ImagePool(opt['pool_size'], decisions.get('A'))
        self.fake_B_pool = ImagePool(opt['pool_size'], decisions.get('B'))
        self.criterionGAN = GANLoss(opt['gan_mode'])
        self.criterionCycle = nn.L1Loss()
        self.criterionIdt = nn.L1Loss()
        betas = (opt['beta1'], opt.get('beta2', 0.999))
        self.optimizer_G = torch.optim.Adam(list(self.netG_A.parameters()) + list(self.netG_B.parameters()), lr=opt['lr'], betas=betas)
        self.optimizer_D = torch.optim.Adam(list(self.netD_A.parameters()) + list(self.netD_B.parameters()), lr=opt['lr'], betas=betas)

    def networks(self):
        return {'G_A': self.netG_A, 'G_B': self.netG_B, 'D_A': self.netD_A, 'D_B': self.netD_B}

    @staticmethod
    def set_requires_grad(nets, requires_grad):
        for net in nets:
            for p in net.parameters():
                p.requires_grad = requires_grad

    def optimize_parameters(self, real_A, real_B, read_losses=True):
        o = self.opt
        lambda_A, lambda_B, lambda_idt = o['lambda_A'], o['lambda_B'], o['lambda_identity']
        # forward()
        fake_B = self.netG_A(real_A)
        rec_A = self.netG_B(fake_B)
        fake_A = self.netG_B(real_B)
        rec_B = self.netG_A(fake_A)
        # G_A and G_B
        self.set_requires_grad([self.netD_A, self.netD_B], False)
        self.optimizer_G.zero_grad()
        if lambda_idt > 0:
            loss_idt_A = self.criterionIdt(self.netG_A(real_B), real_B) * lambda_B * lambda_idt
            loss_idt_B = self.criterionIdt(self.netG_B(real_A), real_A) * lambda_A * lambda_idt
        else:
            loss_idt_A = loss_idt_B = torch.tensor(0.0)
        loss_G_A = self.criterionGAN(self.netD_A(fake_B), True)
        loss_G_B = self.criterionGAN(self.netD_B(fake_A), True)
        loss_cycle_A = self.criterionCycle(rec_A, real_A) * lambda_A
        loss_cycle_B = self.criterionCycle(rec_B, real_B) * lambda_B
        loss_G = loss_G_A + loss_G_B + loss_cycle_A + loss_cycle_B + loss_idt_A + loss_idt_B
        loss_G.backward()
        self.optimizer_G.step()
        # D_A and D_B
        self.set_requires_grad([self.netD_A, self.netD_B], True)
        self.optimizer_D.zero_grad()
        loss_D_A = self.backward_D_basic(self.netD_A, real_B, self.fake_B_pool.query(fake_B))
        loss_D_B = self.backward_D_basic(self.netD_B, real_A, self.fake_A_pool.query(fake_A))
        self.optimizer_D.step()
        losses = [loss_G_A, loss_G_B, loss_D_A, loss_D_B, loss_cycle_A, loss_cycle_B, loss_idt_A, loss_idt_B]
        if not read_losses:  # the official code reads them only every print_freq iterations
            return None
        return [float(v) for v in losses], (fake_B.detach(), rec_A.detach(), fake_A.detach(), rec_B.detach())

    def backward_D_basic(self, netD, real, fake):
        loss_D = (self.criterionGAN(netD(real), True) + self.criterionGAN(netD(fake.detach()), False)) * 0.5
        loss_D.backward()
        return loss_D


# --- lockstep ---------------------------------------------------------------------------------------

def lockstep(folder):
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    opt = json.load(open(os.path.join(folder, 'config.json')))
    decisions = json.load(open(os.path.join(folder, 'pool_decisions.json')))
    # float64, so that rounding cannot decide Adam's first steps (see tests/engine/tst_lockstep.cpp).
    torch.set_default_dtype(torch.float64)
    model = CycleGAN(opt, decisions)
    for name, net in model.networks().items():
        net.load_state_dict(torch.load(os.path.join(folder, 'init_%s.pth' % name)), strict=True)
    n, s, iterations = opt['batch'], opt['size'], opt['iterations']
    images = torch.from_file(os.path.join(folder, 'images.bin'), size=iterations * 2 * n * 3 * s * s, dtype=torch.float64)
    images = images.view(iterations, 2, n, 3, s, s)
    losses = []
    for i in range(iterations):
        values, _ = model.optimize_parameters(images[i, 0].clone(), images[i, 1].clone())
        losses.append(values)
    json.dump({'names': LOSS_NAMES, 'losses': losses}, open(os.path.join(folder, 'reference_losses.json'), 'w'))
    for name, net in model.networks().items():
        torch.save({k: v.float() for k, v in net.state_dict().items()}, os.path.join(folder, 'final_%s.pth' % name))


# --- train (data/unaligned_dataset.py, data/base_dataset.py, train.py) ---------------------------------

IMAGE_TYPES = ('.jpg', '.jpeg', '.png', '.bmp', '.tif', '.tiff', '.webp')


def list_images(folder):
    return sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.lower().endswith(IMAGE_TYPES))


def to_tensor(image):
    """ToTensor then Normalize((0.5,) * 3, (0.5,) * 3): [-1, 1], CHW."""
    import numpy as np
    return torch.from_numpy(np.asarray(image, dtype=np.float32)).permute(2, 0, 1).div(127.5).sub(1.0)


def load_transformed(path, load, crop, flip):
    """resize_and_crop: Resize([load, load], BICUBIC), RandomCrop(crop), RandomHorizontalFlip."""
    from PIL import Image
    image = Image.open(path).convert('RGB').resize((load, load), Image.BICUBIC)
    x, y = random.randint(0, load - crop), random.randint(0, load - crop)
    image = image.crop((x, y, x + crop, y + crop))
    if flip and random.random() < 0.5:
        image = image.transpose(Image.FLIP_LEFT_RIGHT)
    return to_tensor(image).unsqueeze(0)


def save_preview(model, samples_a, samples_b, path):
    """Rows of real A | A→B | A→B→A | real B | B→A | B→A→B, as CycleStudio's previews."""
    import numpy as np
    from PIL import Image
    rows = []
    with torch.no_grad():
        for a, b in zip(samples_a, samples_b):
            fake_b = model.netG_A(a)
            fake_a = model.netG_B(b)
            row = torch.cat([a, fake_b, model.netG_B(fake_b), b, fake_a, model.netG_A(fake_a)], dim=3)
            rows.append(row)
    grid = torch.cat(rows, dim=2)[0].permute(1, 2, 0).add(1).mul(127.5).clamp(0, 255).round().byte().numpy()
    Image.fromarray(np.ascontiguousarray(grid)).save(path)


def train(args):
    """Trains as train.py does (batch 1, constant learning rate for these short runs) and writes
    losses.csv with a wall-clock column, and previews at the asked iterations."""
    from PIL import Image
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    files_a, files_b = list_images(args.domain_a), list_images(args.domain_b)
    opt = {'ngf': args.ngf, 'ndf': args.ndf, 'blocks': args.blocks, 'd_layers': 3, 'gan_mode': 'lsgan', 'lambda_A': 10.0,
           'lambda_B': 10.0, 'lambda_identity': 0.5, 'lr': 2e-4, 'beta1': 0.5, 'pool_size': 50}
    model = CycleGAN(opt)
    for net in model.networks().values():
        init_weights(net)
    os.makedirs(args.output, exist_ok=True)
    samples_a = [to_tensor(Image.open(f).convert('RGB').resize((args.crop, args.crop), Image.BICUBIC)).unsqueeze(0) for f in files_a[:3]]
    samples_b = [to_tensor(Image.open(f).convert('RGB').resize((args.crop, args.crop), Image.BICUBIC)).unsqueeze(0) for f in files_b[:3]]
    previews = {int(p) for p in args.previews.split(',') if p}
    per_epoch = max(len(files_a), len(files_b))
    start = time.time()
    with open(os.path.join(args.output, 'losses.csv'), 'w', newline='') as f:
        log = csv.writer(f)
        log.writerow(['iteration', 'seconds'] + LOSS_NAMES)
        iteration = 0
        while iteration < args.iterations:
            order = list(range(per_epoch))
            random.shuffle(order)  # the DataLoader's shuffle
            for index in order:
                if iteration >= args.iterations:
                    break
                real_a = load_transformed(files_a[index % len(files_a)], args.load, args.crop, True)
                real_b = load_transformed(files_b[random.randint(0, len(files_b) - 1)], args.load, args.crop, True)
                losses, _ = model.optimize_parameters(real_a, real_b)
                iteration += 1
                log.writerow([iteration, '%.3f' % (time.time() - start)] + ['%.6g' % v for v in losses])
                if iteration in previews:
                    save_preview(model, samples_a, samples_b, os.path.join(args.output, 'preview_%08d.png' % iteration))
    return 0


def bench(args):
    """Median seconds of a training iteration and of a generator forward pass, after warm-up."""
    import contextlib
    import statistics
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    if device.type == 'cuda':
        torch.backends.cudnn.benchmark = True
    torch.manual_seed(0)
    opt = dict(ngf=args.ngf, ndf=64, blocks=args.blocks, d_layers=3, pool_size=50, gan_mode='lsgan', lr=2e-4, beta1=0.5,
               lambda_A=10.0, lambda_B=10.0, lambda_identity=0.5)
    model = CycleGAN(opt)
    for net in model.networks().values():
        init_weights(net)
        net.to(device)
    # The optimisers were made before the move; torch.optim keeps the same parameter objects.
    x = torch.randn(1, 3, args.size, args.size, device=device)
    y = torch.randn(1, 3, args.size, args.size, device=device)
    cast = (lambda: torch.autocast(device.type, dtype=torch.bfloat16)) if args.precision == 'bf16' else contextlib.nullcontext

    def timed(fn):
        times = []
        for i in range(args.warmup + args.iterations):
            t0 = time.perf_counter()
            fn()
            if device.type == 'cuda':
                torch.cuda.synchronize()
            if i >= args.warmup:
                times.append(time.perf_counter() - t0)
        return statistics.median(times), min(times)

    def train_step():
        with cast():
            model.optimize_parameters(x, y, read_losses=False)

    def translate():
        with torch.no_grad():
            model.netG_A(x)

    train_median, train_min = timed(train_step)
    infer_median, infer_min = timed(translate)
    print('reference train size=%d blocks=%d threads=%d sec_per_iter=%.4f min=%.4f device=%s precision=%s'
          % (args.size, args.blocks, args.threads, train_median, train_min, device.type, args.precision))
    print('reference infer size=%d blocks=%d threads=%d sec_per_img=%.4f min=%.4f device=%s'
          % (args.size, args.blocks, args.threads, infer_median, infer_min, device.type))
    return 0


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest='command', required=True)
    sub.add_parser('lockstep').add_argument('folder')
    t = sub.add_parser('train')
    t.add_argument('--domain-a', required=True)
    t.add_argument('--domain-b', required=True)
    t.add_argument('--output', required=True)
    t.add_argument('--iterations', type=int, default=600)
    t.add_argument('--crop', type=int, default=64)
    t.add_argument('--load', type=int, default=72)
    t.add_argument('--ngf', type=int, default=32)
    t.add_argument('--ndf', type=int, default=32)
    t.add_argument('--blocks', type=int, default=6)
    t.add_argument('--threads', type=int, default=2)
    t.add_argument('--seed', type=int, default=1)
    t.add_argument('--previews', default='')
    b = sub.add_parser('bench')
    b.add_argument('--size', type=int, default=128)
    b.add_argument('--blocks', type=int, default=6)
    b.add_argument('--ngf', type=int, default=64)
    b.add_argument('--threads', type=int, default=os.cpu_count())
    b.add_argument('--iterations', type=int, default=5)
    b.add_argument('--warmup', type=int, default=2)
    b.add_argument('--device', default='cpu')
    b.add_argument('--precision', choices=['fp32', 'bf16'], default='fp32')
    args = parser.parse_args(argv)
    if args.command == 'bench':
        return bench(args)
    if args.command == 'lockstep':
        lockstep(args.folder)
        return 0
    return train(args)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
