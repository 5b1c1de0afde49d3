#!/usr/bin/env bash
# Trains the TF CIFAR-10 CNN with ConvScope and with PyTorch back to back, same architecture, batch 64, Adam,
# real CIFAR-10 images, and prints both rates and their ratio. Needs `mvn -DskipTests package` first, and
# python3-torch (Debian) for the PyTorch side. Usage: src/bench/compare.sh [SECONDS] [TORCH_THREADS]
#   SECONDS        measured seconds per side (default 30)
#   TORCH_THREADS  PyTorch intra-op threads; empty = PyTorch's own default (1 in Debian's build)
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-30}
threads=${2:-}
python=${PYTHON:-python3}
cs=$(target/app/bin/convscope bench train --seconds "$secs" 2>/dev/null | grep '^img/s=' | tail -1 | cut -d= -f2)
pt=$(OPENBLAS_NUM_THREADS=1 "$python" src/bench/python/bench_torch.py --seconds "$secs" ${threads:+--threads "$threads"} \
    | grep '^img/s=' | cut -d= -f2)
echo "ConvScope img/s=$cs"
echo "PyTorch   img/s=$pt${threads:+ ($threads threads)}"
"$python" -c "print('ratio ConvScope / PyTorch = %.2f' % ($cs / $pt))"
