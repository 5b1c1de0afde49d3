#!/usr/bin/env python3
"""Reference vectors for ConvReferenceTest, computed with numpy independently of ConvScope.

Regenerate:  python3 gen_conv_cases.py > conv_cases.json   (numpy >= 1.20, fixed seed: same output)

Convolution is cross-correlation as in Keras Conv2D: out[r,c] = bias + sum(x_pad[win] * k), ReLU
optional; flip=True turns the kernel by 180 degrees first (true convolution). Padding "same" follows
TensorFlow: total = max((ceil(n/s)-1)*s + f - n, 0), floor(total/2) before, the rest after. Explicit
p pads p zeros on every side. Pooling: "same" ignores padded cells (TensorFlow), explicit p counts
zeros (ZeroPadding2D then pooling). Integer cases use integer inputs so the Java result must match
exactly; float cases are compared with a tolerance of 1e-9.
"""
import json
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

rng = np.random.default_rng(20261123)


def pads(n, f, s, padding):
    if padding == "valid":
        return 0, 0
    if padding == "same":
        out = -(-n // s)
        total = max((out - 1) * s + f - n, 0)
        return total // 2, total - total // 2
    return int(padding), int(padding)


def conv(x, k, s, padding, bias, relu, flip):
    # x: (H, W, C), k: (kh, kw, C)
    if flip:
        k = k[::-1, ::-1, :]
    kh, kw, _ = k.shape
    t, b = pads(x.shape[0], kh, s[0], padding)
    l, r = pads(x.shape[1], kw, s[1], padding)
    xp = np.pad(x, ((t, b), (l, r), (0, 0)))
    win = sliding_window_view(xp, (kh, kw), axis=(0, 1))[:: s[0], :: s[1]]  # (H', W', C, kh, kw)
    out = np.einsum("hwcij,ijc->hw", win, k) + bias
    return np.maximum(out, 0) if relu else out


def pool(x, f, s, padding, mode, lam):
    t, b = pads(x.shape[0], f[0], s[0], padding)
    l, r = pads(x.shape[1], f[1], s[1], padding)
    fill = 0.0 if padding not in ("valid", "same") else np.nan
    xp = np.pad(x.astype(float), ((t, b), (l, r)), constant_values=fill)
    win = sliding_window_view(xp, f)[:: s[0], :: s[1]]
    mx = np.nanmax(win, axis=(2, 3))
    mean = np.nanmean(win, axis=(2, 3))
    return {"max": mx, "avg": mean, "mixed": lam * mx + (1 - lam) * mean}[mode]


cases = []
for i in range(60):
    h, w = int(rng.integers(3, 9)), int(rng.integers(3, 9))
    c = int(rng.choice([1, 1, 2, 3]))
    kh, kw = int(rng.integers(1, min(h, 4) + 1)), int(rng.integers(1, min(w, 4) + 1))
    s = [int(rng.integers(1, 3)), int(rng.integers(1, 3))]
    padding = ["valid", "same", "1", "2"][i % 4]
    integer = i % 2 == 0
    if integer:
        x = rng.integers(-5, 10, size=(h, w, c)).astype(float)
        k = rng.integers(-3, 4, size=(kh, kw, c)).astype(float)
        bias = float(rng.integers(-4, 5))
    else:
        x = rng.normal(size=(h, w, c))
        k = rng.normal(size=(kh, kw, c))
        bias = float(rng.normal())
    relu = bool(i % 3 == 0)
    flip = bool(i % 5 == 0)
    out = conv(x, k, s, padding, bias, relu, flip)
    cases.append({"kind": "conv", "integer": integer, "input": x.tolist(), "kernel": k.tolist(), "strides": s,
                  "padding": padding, "bias": bias, "relu": relu, "flip": flip, "output": out.tolist()})
for i in range(30):
    h, w = int(rng.integers(2, 9)), int(rng.integers(2, 9))
    f = [int(rng.integers(1, min(h, 3) + 1)), int(rng.integers(1, min(w, 3) + 1))]
    s = [int(rng.integers(1, 3)), int(rng.integers(1, 3))]
    padding = ["valid", "same", "1"][i % 3]
    mode = ["max", "avg", "mixed"][(i // 3) % 3]
    lam = 0.3
    x = rng.integers(-9, 10, size=(h, w)).astype(float)
    out = pool(x, f, s, padding, mode, lam)
    cases.append({"kind": "pool", "input": x.tolist(), "pool": f, "strides": s, "padding": padding, "mode": mode,
                  "lambda": lam, "output": out.tolist()})
print(json.dumps({"generator": "gen_conv_cases.py", "numpy": np.__version__, "cases": cases}))
