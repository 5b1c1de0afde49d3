#!/usr/bin/python3
"""Writes backprop_fixture.json: one training step of ConvScope's small CNN, computed by PyTorch autograd.

The network (org.convscope.core.backprop.TinyCnn): conv (F kernels, bias, stride, zero padding) -> optional ReLU
-> max or average pooling (window q, stride q) -> flatten (PyTorch's (C, H, W) order) -> Linear -> softmax with
cross-entropy. Everything runs in float64. Padding is a number of zero cells per side or "same" (stride 1;
an even kernel pads one cell more below and on the right, as TensorFlow and ConvScope do). For each case the file holds the set-up (input, weights, label), the
forward values, every gradient (the output's p - y, Dense, unflatten, pooling, ReLU, conv weights, bias, input),
one SGD step and two torch.optim.Adam steps with the loss after each.

Numbers are written with 12 significant digits, so a rerun gives the same bytes even when a BLAS rounds the last
bit differently; BackpropFixtureTest compares within 1e-5 and BackpropScriptTest reruns this script.

Usage: /usr/bin/python3 make_fixture.py [OUT_DIR]   (default: the folder of this script)
"""
import os
import sys
import warnings

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
warnings.filterwarnings("ignore", message="Using padding='same'")  # the even kernel's case, on purpose

CASES = [
    dict(name="max-relu-pad1", seed=1, h=5, w=5, filters=2, k=3, stride=1, padding=1, relu=True, pool="max",
         q=2, classes=3, label=1, lr_sgd=0.1, lr_adam=0.01),
    dict(name="avg-stride2", seed=2, h=8, w=8, filters=1, k=2, stride=2, padding=1, relu=False, pool="avg",
         q=2, classes=2, label=0, lr_sgd=0.5, lr_adam=0.05),
    dict(name="same-even-kernel", seed=4, h=6, w=6, filters=2, k=4, stride=1, padding="same", relu=True, pool="max",
         q=3, classes=3, label=2, lr_sgd=0.1, lr_adam=0.02),
    dict(name="max-stride2-valid", seed=3, h=7, w=6, filters=3, k=2, stride=2, padding=0, relu=True, pool="max",
         q=1, classes=4, label=3, lr_sgd=0.2, lr_adam=0.1),
]


def num(x):
    return float("%.12g" % float(x))


def tolist(t):
    a = t.detach().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)
    return [num(v) for v in a] if a.ndim == 1 else [tolist(row) for row in a] if a.ndim > 1 else num(a)


def dump(obj, indent=0):
    """JSON with lists of numbers on one line, keys in the order given: stable bytes."""
    pad = " " * indent
    if isinstance(obj, dict):
        items = [pad + "  " + '"%s": %s' % (k, dump(v, indent + 2).lstrip()) for k, v in obj.items()]
        return pad + "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list) and obj and isinstance(obj[0], (list, dict)):
        return pad + "[\n" + ",\n".join(dump(v, indent + 2) for v in obj) + "\n" + pad + "]"
    if isinstance(obj, list):
        return pad + "[" + ", ".join(repr(v) for v in obj) + "]"
    if isinstance(obj, bool):
        return pad + ("true" if obj else "false")
    if isinstance(obj, str):
        return pad + '"' + obj + '"'
    return pad + repr(obj)


def setup(c):
    rs = np.random.RandomState(c["seed"])
    x = np.round(rs.uniform(-1, 1, (c["h"], c["w"])), 2)
    kernels = np.round(rs.uniform(-1, 1, (c["filters"], c["k"], c["k"])), 2)
    conv_bias = np.round(rs.uniform(-0.2, 0.2, c["filters"]), 2)
    pad = (c["k"] - 1) / 2 if c["padding"] == "same" else c["padding"]  # 'same' needs stride 1 in PyTorch
    oh = int(c["h"] + 2 * pad - c["k"]) // c["stride"] + 1
    ow = int(c["w"] + 2 * pad - c["k"]) // c["stride"] + 1
    n = c["filters"] * (oh // c["q"]) * (ow // c["q"])
    dense_w = np.round(rs.uniform(-1, 1, (n, c["classes"])), 2)
    dense_b = np.round(rs.uniform(-0.2, 0.2, c["classes"]), 2)
    return x, kernels, conv_bias, dense_w, dense_b


def params_of(kernels, conv_bias, dense_w, dense_b):
    t = lambda a: torch.tensor(a, dtype=torch.float64, requires_grad=True)
    return [t(kernels), t(conv_bias), t(dense_w), t(dense_b)]


def forward(c, x, p):
    k, cb, w, b = p
    z = F.conv2d(x[None, None], k[:, None], cb, stride=c["stride"], padding=c["padding"])
    a = torch.relu(z) if c["relu"] else z * 1.0
    pool = F.max_pool2d if c["pool"] == "max" else F.avg_pool2d
    pooled = pool(a, c["q"], c["q"])
    flat = pooled.flatten(1)
    logits = flat @ w + b
    loss = F.cross_entropy(logits, torch.tensor([c["label"]]))
    for v in (z, a, pooled, flat, logits):
        if v.requires_grad:
            v.retain_grad()
    return dict(z=z, a=a, pooled=pooled, flat=flat, logits=logits, loss=loss)


def values(p):
    return dict(kernels=tolist(p[0]), conv_bias=tolist(p[1]), dense_w=tolist(p[2]), dense_b=tolist(p[3]))


def run_case(c):
    x0, kernels, conv_bias, dense_w, dense_b = setup(c)
    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    p = params_of(kernels, conv_bias, dense_w, dense_b)
    f = forward(c, x, p)
    f["loss"].backward()
    out = dict(name=c["name"], stride=c["stride"], padding=c["padding"], relu=c["relu"], pool=c["pool"], q=c["q"],
               label=c["label"], lr_sgd=c["lr_sgd"], lr_adam=c["lr_adam"], input=tolist(x0))
    out.update(values(p))
    probs = torch.softmax(f["logits"], 1)[0]
    out["forward"] = dict(z=tolist(f["z"][0]), a=tolist(f["a"][0]), pooled=tolist(f["pooled"][0]),
                          flat=tolist(f["flat"][0]), logits=tolist(f["logits"][0]), probs=tolist(probs),
                          loss=num(f["loss"]))
    out["grads"] = dict(delta=tolist(f["logits"].grad[0]), dW=tolist(p[2].grad), db=tolist(p[3].grad),
                        dx=tolist(f["flat"].grad[0]), dP=tolist(f["pooled"].grad[0]), dA=tolist(f["a"].grad[0]),
                        dZ=tolist(f["z"].grad[0]), dK=tolist(p[0].grad), dConvBias=tolist(p[1].grad),
                        dX=tolist(x.grad))
    out["sgd"] = train(c, x.detach(), (kernels, conv_bias, dense_w, dense_b), "sgd", 1)
    out["adam"] = train(c, x.detach(), (kernels, conv_bias, dense_w, dense_b), "adam", 2)
    return out


def train(c, x, start, kind, steps):
    p = params_of(*start)
    opt = torch.optim.SGD(p, lr=c["lr_sgd"]) if kind == "sgd" else torch.optim.Adam(p, lr=c["lr_adam"])
    result = []
    for _ in range(steps):
        opt.zero_grad()
        forward(c, x, p)["loss"].backward()
        opt.step()
        with torch.no_grad():
            after = values(p)
            after["loss_after"] = num(forward(c, x, p)["loss"])
        result.append(after)
    return result


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    text = dump(dict(format="convscope-backprop-fixture", cases=[run_case(c) for c in CASES])) + "\n"
    with open(os.path.join(folder, "backprop_fixture.json"), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


if __name__ == "__main__":
    main()
