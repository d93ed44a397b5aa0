#!/usr/bin/env python3
"""Draws the convergence figures from a run of convergence.sh:
  plot_convergence.py WORK_DIR PREVIEW_ITERATIONS OUT_DIR
WORK_DIR holds cyclestudio/ (a project), cyclestudio-progress.txt (stamped progress lines) and
reference/ (losses.csv with a seconds column, preview_*.png)."""
import csv
import os
import re
import sys

import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

PANELS = [('generators (G_A + G_B)', ['G_A', 'G_B']), ('discriminators (D_A + D_B)', ['D_A', 'D_B']),
          ('cycle (cycle_A + cycle_B)', ['cycle_A', 'cycle_B']), ('identity (idt_A + idt_B)', ['idt_A', 'idt_B'])]


def read_csv(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    return {k: np.array([float(r[k]) if r[k] else np.nan for r in rows]) for k in rows[0]}


def smooth(values, window=25):
    kernel = np.ones(window) / window
    padded = np.concatenate([np.full(window - 1, values[0]), values])
    return np.convolve(padded, kernel, mode='valid')


def cyclestudio_seconds(progress_file, iterations):
    """Seconds at each iteration, interpolated between the stamped progress lines."""
    points = [(0, 0.0)]
    for line in open(progress_file):
        m = re.match(r'([\d.]+) iter (\d+)/', line)
        if m:
            points.append((int(m.group(2)), float(m.group(1))))
    its, secs = zip(*points)
    return np.interp(iterations, its, secs)


def main(work, previews, out):
    ours = read_csv(os.path.join(work, 'cyclestudio', 'logs', 'losses.csv'))
    theirs = read_csv(os.path.join(work, 'reference', 'losses.csv'))
    ours_seconds = cyclestudio_seconds(os.path.join(work, 'cyclestudio-progress.txt'), ours['iteration'])
    shots = [int(p) for p in previews.split(',')]
    for name, x_ours, x_theirs, label in [('convergence.png', ours['iteration'], theirs['iteration'], 'iteration'),
                                          ('convergence-time.png', ours_seconds, theirs['seconds'], 'seconds (2 cores)')]:
        with_previews = name == 'convergence.png'
        fig = plt.figure(figsize=(14, 9 if with_previews else 3.6))
        grid = fig.add_gridspec(3 if with_previews else 1, len(PANELS), height_ratios=[1.2, 1, 1] if with_previews else [1])
        for i, (title, names) in enumerate(PANELS):
            ax = fig.add_subplot(grid[0, i])
            ax.plot(x_ours, smooth(sum(ours[n] for n in names)), label='CycleStudio')
            ax.plot(x_theirs, smooth(sum(theirs[n] for n in names)), label='reference (PyTorch)')
            ax.set_title(title, fontsize=10)
            ax.set_xlabel(label)
            ax.grid(alpha=0.3)
            if i == 0:
                ax.legend(fontsize=8)
        if with_previews:
            for row, (who, folder) in enumerate([('CycleStudio', os.path.join(work, 'cyclestudio', 'previews')),
                                                 ('reference', os.path.join(work, 'reference'))]):
                for col, it in enumerate(shots):
                    ax = fig.add_subplot(grid[1 + row, min(col, len(PANELS) - 1)])
                    path = os.path.join(folder, 'preview_%08d.png' % it)
                    if os.path.exists(path):
                        ax.imshow(plt.imread(path))
                    ax.set_title('%s, iteration %d' % (who, it), fontsize=9)
                    ax.axis('off')
        fig.suptitle('CycleStudio and the reference PyTorch CycleGAN on the demo set: 64 px, ngf 32, 6 blocks, '
                     'LSGAN, identity 0.5 (25-iteration moving average)', fontsize=11)
        fig.tight_layout()
        fig.savefig(os.path.join(out, name), dpi=80)
        print('wrote', os.path.join(out, name))


if __name__ == '__main__':
    main(*sys.argv[1:4])
