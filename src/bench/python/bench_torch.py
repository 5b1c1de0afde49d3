#!/usr/bin/env python3
"""PyTorch reference for `convscope bench train`: the same models (TF CIFAR-10 CNN, ResNet-20) trained the same way.

Architecture (122,570 parameters, as ConvScope's `tf-cifar-cnn` preset): Conv2D(32, 3x3, relu) - MaxPool(2) -
Conv2D(64, 3x3, relu) - MaxPool(2) - Conv2D(64, 3x3, relu) - Flatten - Dense(64, relu) - Dense(10) logits,
softmax cross-entropy, Adam(lr=0.001), batch 64, float32, on real CIFAR-10 images (ConvScope's bundled sample,
read from its .bin.gz: 1 label byte + 3,072 pixel bytes, channels-first as in the official binary files).

Prints progress lines and finally `img/s=...`: training images per second (forward + backward + Adam update)
after a warm-up, the same measure as ConvScope's `bench train`.

Fair peer on Debian: python3-torch with libopenblas0-pthread installed (otherwise Debian's torch falls back to
the reference BLAS), run with OPENBLAS_NUM_THREADS=1 as the issue measured; torch's own intra-op threads default
to the number of cores, like ND4J's OpenMP threads.

With --model resnet20, ConvScope's `resnet20` preset (274,442 weights as Keras counts them, batch-norm moving
statistics included): a 3x3 Conv2D(16) stem with batch norm and ReLU, 3 stages of 3 residual blocks (16, 32, 64
filters; two 3x3 convolutions with bias, each with batch norm (momentum 0.99 in Keras terms, eps 1e-3), ReLU after
the first and after the Add), 1x1 projection shortcuts with bias where a stage halves the size, 8x8 average pooling,
Dense(10). PyTorch pads a strided 3x3 convolution 1 on every side where TF's "same" pads 0 above and 1 below: the
same shapes and work.

Usage: bench_torch.py [--model tf-cifar-cnn|resnet20] [--data FILE.bin.gz] [--batch 64] [--seconds 30]
                      [--warmup 5] [--threads N]
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


class Block(nn.Module):
    """One residual block of ResNet-20 v1: conv-BN-ReLU-conv-BN, plus the input (or its 1x1 projection), ReLU."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        bn = dict(eps=1e-3, momentum=0.01)  # Keras momentum 0.99
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1)
        self.b1 = nn.BatchNorm2d(cout, **bn)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1)
        self.b2 = nn.BatchNorm2d(cout, **bn)
        self.short = nn.Conv2d(cin, cout, 1, stride) if stride != 1 or cin != cout else None

    def forward(self, x):
        y = self.b2(self.c2(torch.relu(self.b1(self.c1(x)))))
        return torch.relu(y + (x if self.short is None else self.short(x)))


def resnet20():
    layers = [nn.Conv2d(3, 16, 3, 1, 1), nn.BatchNorm2d(16, eps=1e-3, momentum=0.01), nn.ReLU()]
    cin = 16
    for stage, cout in enumerate((16, 32, 64)):
        for block in range(3):
            layers.append(Block(cin, cout, 2 if stage > 0 and block == 0 else 1))
            cin = cout
    layers += [nn.AvgPool2d(8), nn.Flatten(), nn.Linear(64, 10)]
    return nn.Sequential(*layers)


MODELS = {"tf-cifar-cnn": (model, 122570), "resnet20": (resnet20, 274442)}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", default="tf-cifar-cnn", choices=sorted(MODELS))
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
    build, keras_count = MODELS[a.model]
    net = build()
    # Keras counts batch norm's moving mean and variance as (non-trainable) weights; PyTorch keeps them as buffers
    params = sum(t.numel() for t in net.parameters()) + sum(
        b.numel() for name, b in net.named_buffers() if not name.endswith("num_batches_tracked"))
    assert params == keras_count, params
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, BLAS: "
          f"{'OpenBLAS' if 'openblas' in torch.__config__.show().lower() else 'see torch.__config__.show()'}, "
          f"{a.model}, {params:,} params, batch {a.batch}, {len(x):,} real CIFAR-10 images")
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
