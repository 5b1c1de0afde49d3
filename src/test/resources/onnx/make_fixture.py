#!/usr/bin/env python3
"""Writes the ONNX fixtures of OnnxImportTest: three small PyTorch CNN chains with fixed seeds, exported with
torch.onnx.export, and for each a JSON reference with every layer's output (channels-last, as ConvScope's volumes)
and the class probabilities for a fixed 12x12x3 image.

  chain.onnx      opset 13: Conv(pad 1) Relu BatchNormalization MaxPool Conv Tanh Flatten Gemm Softmax
  pool_view.onnx  opset 9:  Conv LeakyRelu(0.2) Pad+AveragePool (count_include_pad) Conv Sigmoid,
                  x.view(x.size(0), -1) (Shape-Gather-Unsqueeze-Concat-Reshape), Gemm Relu, MatMul+Add, Softmax
  pool_view17.onnx the same at opset 17 (AveragePool with count_include_pad = 1, Unsqueeze's axes as an input)
  residual.onnx   opset 11: Conv Relu Conv Relu, then Add (a skip connection ConvScope cannot show): the reference
                  holds the four layers before it

Usage: make_fixture.py [OUT_DIR]   (default: this script's folder). Debian: python3-torch python3-onnx.
"""
import json
import os
import sys

import torch
import torch.nn as nn


class MatMulAdd(nn.Module):
    """x @ w + b with w stored (in, out): exports as MatMul and Add, not Gemm."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.w = nn.Parameter(torch.randn(n_in, n_out) * 0.2)
        self.b = nn.Parameter(torch.randn(n_out) * 0.1)

    def forward(self, x):
        return torch.matmul(x, self.w) + self.b


class ViewFlatten(nn.Module):
    """PyTorch's classic x.view(x.size(0), -1)."""

    def forward(self, x):
        return x.view(x.size(0), -1)


class Chain(nn.Module):
    """The modules run one after another; FLAT marks the flatten (its reference is flattened channels-last)."""

    def __init__(self, steps):
        super().__init__()
        self.steps = nn.ModuleList(steps)

    def forward(self, x):
        for s in self.steps:
            x = s(x)
        return x


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 4, 3, padding=1)
        self.r1 = nn.ReLU()
        self.c2 = nn.Conv2d(4, 4, 3, padding=1)
        self.r2 = nn.ReLU()
        self.fc = nn.Linear(4 * 12 * 12, 10)

    def steps(self):
        return [self.c1, self.r1, self.c2, self.r2]

    def forward(self, x):
        a = self.r1(self.c1(x))
        y = self.r2(self.c2(a)) + a
        return torch.softmax(self.fc(torch.flatten(y, 1)), dim=1)


def randomise_bn(bn):
    with torch.no_grad():
        bn.weight.copy_(torch.rand(bn.num_features) + 0.5)
        bn.bias.copy_(torch.randn(bn.num_features) * 0.1)
        bn.running_mean.copy_(torch.randn(bn.num_features) * 0.2)
        bn.running_var.copy_(torch.rand(bn.num_features) + 0.5)


def chain_model():
    torch.manual_seed(1)
    bn = nn.BatchNorm2d(4, eps=1e-3)
    randomise_bn(bn)
    return [nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), bn, nn.MaxPool2d(2), nn.Conv2d(4, 6, 3), nn.Tanh(),
            nn.Flatten(), nn.Linear(6 * 4 * 4, 10), nn.Softmax(dim=1)]


def pool_view_model():
    torch.manual_seed(2)
    return [nn.Conv2d(3, 5, 3, padding=1), nn.LeakyReLU(0.2), nn.AvgPool2d(3, stride=2, padding=1,
            count_include_pad=True), nn.Conv2d(5, 4, 3, stride=1, padding=0, bias=False), nn.Sigmoid(),
            ViewFlatten(), nn.Linear(4 * 4 * 4, 12), nn.ReLU(), nn.Dropout(0.5), MatMulAdd(12, 10),
            nn.Softmax(dim=1)]


def image():
    g = torch.Generator().manual_seed(7)
    return torch.rand(1, 3, 12, 12, generator=g)


def channels_last(t):
    """NCHW -> HWC; a vector stays as it is."""
    t = t.detach()[0]
    if t.dim() == 3:
        t = t.permute(1, 2, 0)
    return t


def values(t):
    return [float(v) for v in t.reshape(-1).tolist()]


def references(steps, x):
    """Every step's output, channels-last; a flatten gives the previous map flattened channels-last, and a Softmax
    right after a Linear is that layer's activation (ConvScope's Dense with softmax)."""
    layers = []
    previous = None
    with torch.no_grad():
        for s in steps:
            before = x
            x = s(x)
            if isinstance(s, nn.Dropout):
                continue  # not a layer of the imported model (inference: identity)
            if isinstance(s, nn.Softmax) and isinstance(previous, (nn.Linear, MatMulAdd)):
                layers[-1] = {"shape": list(x.shape[1:]), "values": values(x[0])}  # one Dense with softmax
                continue
            out = channels_last(before).reshape(-1) if isinstance(s, (nn.Flatten, ViewFlatten)) else channels_last(x)
            layers.append({"shape": list(out.shape), "values": values(out)})
            previous = s
    return layers, x


def write(out_dir, name, model, steps, opset, probabilities=True, dynamic_batch=False):
    x = image()
    model.eval()
    torch.onnx.export(model, x, os.path.join(out_dir, name + ".onnx"), opset_version=opset,
                      input_names=["image"], output_names=["probabilities"], do_constant_folding=True,
                      dynamic_axes={"image": {0: "batch"}} if dynamic_batch else None)
    layers, last = references(steps, x)
    ref = {"model": name + ".onnx", "opset": opset, "input_shape": [12, 12, 3], "input": values(channels_last(x)),
           "layers": layers}
    if probabilities:
        ref["probabilities"] = values(last)
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump(ref, f, indent=None, separators=(",", ":"))
        f.write("\n")


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    torch.set_num_threads(1)
    steps = chain_model()
    write(out_dir, "chain", Chain(steps), steps, 13)
    steps = pool_view_model()
    write(out_dir, "pool_view", Chain(steps), steps, 9, dynamic_batch=True)  # a batch axis: the Shape chain
    steps = pool_view_model()
    write(out_dir, "pool_view17", Chain(steps), steps, 17, dynamic_batch=True)  # AveragePool pads itself
    torch.manual_seed(3)
    res = Residual()
    write(out_dir, "residual", res, res.steps(), 11, probabilities=False)


if __name__ == "__main__":
    main()
