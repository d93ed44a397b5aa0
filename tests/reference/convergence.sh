#!/usr/bin/env bash
# Trains CycleStudio and the reference PyTorch CycleGAN (cyclegan_reference.py) side by side on the demo
# set with the same settings, one after the other on the same cores, then draws docs/convergence.png
# (losses against iterations, with both sides' previews) and docs/convergence-time.png (against
# wall-clock time). Needs python3-torch, python3-pil and python3-matplotlib; takes about 10 minutes on
# two cores. Usage: tests/reference/convergence.sh [ITERATIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
iterations=${1:-600}
previews=100,300,$iterations
cli=build/app/cyclestudio-cli
work=$(mktemp -d)
settings=(--size 64 --load-size 72 --ngf 32 --ndf 32 --blocks 6 --seed 1)

"$cli" new "$work/cyclestudio" --domain-a resources/demo/A --domain-b resources/demo/B "${settings[@]}" \
  --epochs 100 --epochs-decay 100 --preview-every 100 --checkpoint-every 100000 >/dev/null
start=$(date +%s.%N)
# Each progress line stamped with the seconds since the start, for the wall-clock figure.
"$cli" train "$work/cyclestudio" --iterations "$iterations" --threads 2 --device cpu 2>&1 >/dev/null |
  while IFS= read -r line; do echo "$(awk -v s="$start" -v n="$(date +%s.%N)" 'BEGIN { printf "%.3f", n - s }') $line"; done \
    >"$work/cyclestudio-progress.txt"
/usr/bin/python3 tests/reference/cyclegan_reference.py train --domain-a resources/demo/A --domain-b resources/demo/B \
  --output "$work/reference" --iterations "$iterations" --crop 64 --load 72 --ngf 32 --ndf 32 --blocks 6 --threads 2 \
  --seed 1 --previews "$previews"
/usr/bin/python3 tests/reference/plot_convergence.py "$work" "$previews" docs
echo "convergence: figures in docs/, runs in $work"
