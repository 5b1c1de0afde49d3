#!/usr/bin/env python3
"""PyTorch reference for the README's full run: `convscope train --preset tf-cifar-cnn --data ... --epochs 10 --batch 64`.

The same model as bench_torch.py (ConvScope's `tf-cifar-cnn`, 122,570 parameters: Conv2D(32, 3x3, relu) - MaxPool(2)
- Conv2D(64, 3x3, relu) - MaxPool(2) - Conv2D(64, 3x3, relu) - Flatten - Dense(64, relu) - Dense(10) logits), trained
as ConvScope trains it: pixels / 255, no augmentation, a fresh shuffle every epoch, batch 64 with the last partial
batch kept, Adam(lr=0.001), softmax cross-entropy, float32, and after every epoch the accuracy on the 10,000 test
images. Everything is in the wall time, as in ConvScope's run: reading the CIFAR-10 binary files (.bin or .bin.gz),
shuffling, training and validation.

Prints one line per epoch and finally `wall_s=...` and `test_accuracy=...`.

Usage: train_torch_full.py --data cifar-10-batches-bin (or the folder holding it) [--epochs 10] [--batch 64]
       [--threads N] [--seed 42]
Run as bench_torch.py is (Debian's python3-torch, OPENBLAS_NUM_THREADS=1, --threads 2 on a 2-core machine).
"""
import argparse
import gzip
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn

from bench_torch import model


def read_batch(folder, name):
    for path in (os.path.join(folder, name + ".bin"), os.path.join(folder, name + ".bin.gz")):
        if os.path.exists(path):
            raw = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
            if len(raw) % 3073:
                sys.exit(f"{path}: {len(raw)} bytes is not a whole number of 3,073-byte CIFAR-10 records")
            rec = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3073)
            return rec[:, 1:].reshape(-1, 3, 32, 32).astype(np.float32) / 255.0, rec[:, 0].astype(np.int64)
    sys.exit(f"{folder}: no {name}.bin or {name}.bin.gz")


def load(data):
    folder = os.path.join(data, "cifar-10-batches-bin") if os.path.isdir(os.path.join(data, "cifar-10-batches-bin")) else data
    parts = [read_batch(folder, f"data_batch_{i}") for i in range(1, 6)]
    train_x = torch.from_numpy(np.concatenate([p[0] for p in parts]))
    train_y = torch.from_numpy(np.concatenate([p[1] for p in parts]))
    test_x, test_y = read_batch(folder, "test_batch")
    return train_x, train_y, torch.from_numpy(test_x), torch.from_numpy(test_y)


def accuracy(net, x, y, batch=256):
    net.eval()
    right = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            right += (net(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    net.train()
    return right / len(x)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--threads", type=int, default=0, help="torch intra-op threads (0: torch's default)")
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    start = time.perf_counter()
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    x, y, test_x, test_y = load(a.data)
    net = model()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, {len(x):,} training and {len(test_x):,} test"
          f" images, batch {a.batch}, {a.epochs} epochs (read in {time.perf_counter() - start:.1f} s)", flush=True)
    n = len(x)
    for epoch in range(1, a.epochs + 1):
        t0 = time.perf_counter()
        perm = torch.randperm(n)
        total = 0.0
        right = 0
        for i in range(0, n, a.batch):
            idx = perm[i:i + a.batch]
            opt.zero_grad(set_to_none=True)
            out = net(x[idx])
            loss = loss_fn(out, y[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
            right += (out.argmax(1) == y[idx]).sum().item()
        val = accuracy(net, test_x, test_y)
        print(f"epoch {epoch}: loss {total / n:.4f} accuracy {right / n:.4f} val_accuracy {val:.4f}"
              f" ({time.perf_counter() - t0:.1f} s)", flush=True)
    print(f"wall_s={time.perf_counter() - start:.1f}")
    print(f"test_accuracy={val:.4f}")


if __name__ == "__main__":
    main()
