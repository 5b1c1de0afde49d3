#!/usr/bin/env bash
# Trains the TF CIFAR-10 CNN with ConvScope and with PyTorch back to back, same architecture, same batch, Adam,
# real CIFAR-10 images, and prints both rates and their ratio. Needs `mvn -DskipTests package` first, and
# python3-torch (Debian) for the PyTorch side.
#
# Usage: src/bench/compare.sh [SECONDS] [TORCH_THREADS] [PRESET] [BATCH]
#   SECONDS        measured seconds per side (default 30)
#   TORCH_THREADS  PyTorch intra-op threads; empty = PyTorch's own default (1 in Debian's build)
#   PRESET         tf-cifar-cnn (default) or resnet20: the ConvScope preset and bench_torch.py's same model
#   BATCH          batch size on both sides (default 64)
#   WARMUP (environment) ConvScope's unmeasured seconds first (bench train's default 5); resnet20's conv layers
#                  time both backward methods on their first batches, which at a few img/s takes longer than 5 s
#   TORCH_MALLOC (environment) tuned (default) or glibc: how PyTorch's process allocates. With glibc's defaults
#                  PyTorch gives its large tensors back to the system after each step and takes page faults for them
#                  in the next; at batch 64 it then ran at 940-1,110 img/s against 2,840-3,240 tuned (alternating,
#                  2 threads). "tuned" keeps them (MALLOC_MMAP_THRESHOLD_=32 MiB, MALLOC_TRIM_THRESHOLD_=2 GB), so
#                  the ratio is against PyTorch at its best. ConvScope reuses its buffers and gains nothing from it.
#
# Usage: src/bench/compare.sh full [EPOCHS] [TORCH_THREADS]
#   The README's full run, `convscope train --preset tf-cifar-cnn --data $CIFAR10 --epochs EPOCHS --batch 64`, then
#   src/bench/python/train_torch_full.py's same run right after it; prints both wall times (data loading, shuffling
#   and validation counted), their ratio and both test accuracies. EPOCHS defaults to 10 (about 6-8 minutes on a
#   busy 2-core machine); CIFAR10 defaults to ../shared/datasets/cifar-10 (a cifar-10-batches-bin folder or the
#   folder holding one).
set -euo pipefail
cd "$(dirname "$0")/../.."
python=${PYTHON:-python3}
torch_env=(OPENBLAS_NUM_THREADS=1)
if [ "${TORCH_MALLOC:-tuned}" = tuned ]; then
  torch_env+=(MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=2000000000)
fi
if [ "${1:-}" = full ]; then
  epochs=${2:-10}
  threads=${3:-}
  data=${CIFAR10:-../shared/datasets/cifar-10}
  t0=$(date +%s.%N)
  cs_out=$(target/app/bin/convscope train --preset tf-cifar-cnn --data "$data" --epochs "$epochs" --batch 64 2>/dev/null)
  t1=$(date +%s.%N)
  cs_acc=$(echo "$cs_out" | grep -o 'Final val_accuracy [0-9.]*' | awk '{print $3}')
  pt_out=$(env "${torch_env[@]}" "$python" src/bench/python/train_torch_full.py --data "$data" --epochs "$epochs" \
      ${threads:+--threads "$threads"})
  t2=$(date +%s.%N)
  pt_acc=$(echo "$pt_out" | grep '^test_accuracy=' | cut -d= -f2)
  echo "ConvScope wall_s=$("$python" -c "print('%.1f' % ($t1 - $t0))")  test accuracy $cs_acc"
  echo "PyTorch   wall_s=$("$python" -c "print('%.1f' % ($t2 - $t1))")  test accuracy $pt_acc${threads:+ ($threads threads)}, malloc ${TORCH_MALLOC:-tuned}"
  "$python" -c "print('time ratio PyTorch / ConvScope = %.2f' % (($t2 - $t1) / ($t1 - $t0)))"
  exit 0
fi
secs=${1:-30}
threads=${2:-}
preset=${3:-tf-cifar-cnn}
batch=${4:-64}
cs=$(target/app/bin/convscope bench train --preset "$preset" --batch "$batch" --seconds "$secs" \
    ${WARMUP:+--warmup "$WARMUP"} 2>/dev/null \
    | grep '^img/s=' | tail -1 | cut -d= -f2)
pt=$(env "${torch_env[@]}" "$python" src/bench/python/bench_torch.py --model "$preset" --batch "$batch" \
    --seconds "$secs" ${threads:+--threads "$threads"} | grep '^img/s=' | cut -d= -f2)
echo "ConvScope img/s=$cs ($preset, batch $batch)"
echo "PyTorch   img/s=$pt${threads:+ ($threads threads)}, malloc ${TORCH_MALLOC:-tuned}"
"$python" -c "print('ratio ConvScope / PyTorch = %.2f' % ($cs / $pt))"
