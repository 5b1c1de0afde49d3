#!/usr/bin/env python3
"""PyTorch reference for `convscope bench train`: the same TensorFlow CIFAR-10 CNN trained the same way.

Architecture (122,570 parameters, as ConvScope's `tf-cifar-cnn` preset): Conv2D(32, 3x3, relu) - MaxPool(2) -
Conv2D(64, 3x3, relu) - MaxPool(2) - Conv2D(64, 3x3, relu) - Flatten - Dense(64, relu) - Dense(10) logits,
softmax cross-entropy, Adam(lr=0.001), batch 64, float32, on real CIFAR-10 images (ConvScope's bundled sample,
read from its .bin.gz: 1 label byte + 3,072 pixel bytes, channels-first as in the official binary files).

Prints progress lines and finally `img/s=...`: training images per second (forward + backward + Adam update)
after a warm-up, the same measure as ConvScope's `bench train`.

Fair peer on Debian: python3-torch with libopenblas0-pthread installed (otherwise Debian's torch falls back to
the reference BLAS), run with OPENBLAS_NUM_THREADS=1 as the issue measured; torch's own intra-op threads default
to the number of cores, like ND4J's OpenMP threads.

Usage: bench_torch.py [--data FILE.bin.gz] [--batch 64] [--seconds 30] [--warmup 5] [--threads N]
"""
import argparse
import gzip
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.join(HERE, "..", "..", "..", "resources", "cifar10-sample", "data_batch_sample.bin.gz")


def load(path):
    raw = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
    if len(raw) % 3073:
        sys.exit(f"{path}: {len(raw)} bytes is not a whole number of 3,073-byte CIFAR-10 records")
    rec = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3073)
    x = rec[:, 1:].reshape(-1, 3, 32, 32).astype(np.float32) / 255.0
    return torch.from_numpy(x), torch.from_numpy(rec[:, 0].astype(np.int64))


def model():
    return nn.Sequential(
        nn.Conv2d(3, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 64, 3), nn.ReLU(),
        nn.Flatten(), nn.Linear(64 * 4 * 4, 64), nn.ReLU(), nn.Linear(64, 10))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default=DEFAULT_DATA)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--warmup", type=float, default=5)
    p.add_argument("--threads", type=int, default=0, help="torch intra-op threads (0: torch's default)")
    a = p.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    x, y = load(a.data)
    net = model()
    params = sum(t.numel() for t in net.parameters())
    assert params == 122570, params
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, BLAS: "
          f"{'OpenBLAS' if 'openblas' in torch.__config__.show().lower() else 'see torch.__config__.show()'}, "
          f"{params:,} params, batch {a.batch}, {len(x):,} real CIFAR-10 images")
    n = len(x)
    start = time.perf_counter()
    measured_images = 0
    measured_time = 0.0
    losses = []
    step = 0
    while True:
        perm = torch.randperm(n)
        for i in range(0, n - a.batch + 1, a.batch):
            idx = perm[i:i + a.batch]
            t0 = time.perf_counter()
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(net(x[idx]), y[idx])
            loss.backward()
            opt.step()
            dt = time.perf_counter() - t0
            losses.append(loss.item())
            step += 1
            elapsed = time.perf_counter() - start
            if elapsed > a.warmup:
                measured_images += a.batch
                measured_time += dt
            if elapsed > a.warmup + a.seconds:
                print(f"{step} batches, last loss {np.mean(losses[-20:]):.3f}")
                print(f"img/s={measured_images / measured_time:.1f}")
                return


if __name__ == "__main__":
    main()
