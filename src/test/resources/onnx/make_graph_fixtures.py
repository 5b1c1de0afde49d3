#!/usr/bin/env python3
"""Writes the graph-model ONNX fixtures of OnnxGraphImportTest: three small PyTorch CNNs with branches and joins,
fixed seeds, exported with torch.onnx.export at opset 13, and for each a JSON reference.

  resnet_mini.onnx     conv-bn-relu stem, two residual blocks (the second with a 1x1 stride-2 projection + bn on
                       its skip path), AdaptiveAvgPool2d(1) (GlobalAveragePool), Flatten, Linear, Softmax.
                       Exported with training=PRESERVE so that BatchNormalization stays a node (the default, EVAL,
                       folds it into the Conv before it and the file then holds fewer numbers than torch's model).
  mobilenet_mini.onnx  conv-bn-ReLU6 stem (stride 2), two blocks of depthwise 3x3 (groups = channels, the second
                       with stride 2) + bn + ReLU6 and pointwise 1x1 + bn + ReLU6, GlobalAveragePool, Flatten,
                       Linear, Softmax (ReLU6 exports as Clip(0, 6)); also training=PRESERVE.
  inception_mini.onnx  conv-relu stem, three branches (1x1; 3x3; 3x3 max pool stride 1 + 1x1) joined by Concat on
                       the channels, x.mean((2, 3)) (ReduceMean axes [2, 3], keepdims 0), Linear, Softmax.

Every op comes from a module of its own (joins and flattens included: Join, Cat, nn.Flatten), so the exporter names
each node /<module path>/<Op> and the reference can give each module's output shape. Each JSON holds:
  parameters      sum of p.numel() over model.parameters() (what torch counts; trainable)
  buffers         the numbers in the BatchNorm running means and variances (Keras' non-trainable weights)
  state_dict      every parameter and running statistic: {name: {"shape": [...], "values": [...]}} (row-major,
                  PyTorch's layouts: conv (O, I/groups, kh, kw), linear (out, in))
  shapes          every leaf module's output shape without the batch axis, channels-first, in call order
  input_shape     [H, W, C]; inputs: two fixed images, each flattened channels-last (H, W, C)
  probabilities   the model's output for each input

Usage: make_graph_fixtures.py [OUT_DIR]   (default: this script's folder). Debian: python3-torch python3-onnx.
"""
import json
import os
import sys

import torch
import torch.nn as nn

SIDE = 16


class Join(nn.Module):
    """a + b as a module of its own (the exporter names the node /<path>/Add)."""

    def forward(self, a, b):
        return a + b


class Cat(nn.Module):
    """Concatenation on the channels."""

    def forward(self, *xs):
        return torch.cat(xs, dim=1)


class SpatialMean(nn.Module):
    """x.mean((2, 3)): ReduceMean over the rows and columns, to (N, C)."""

    def forward(self, x):
        return x.mean((2, 3))


class Softmax(nn.Softmax):
    def __init__(self):
        super().__init__(dim=1)


def bn(c):
    b = nn.BatchNorm2d(c)
    with torch.no_grad():
        b.weight.copy_(torch.rand(c) + 0.5)
        b.bias.copy_(torch.randn(c) * 0.1)
        b.running_mean.copy_(torch.randn(c) * 0.2)
        b.running_var.copy_(torch.rand(c) + 0.5)
    return b


class Block(nn.Module):
    """conv-bn-relu-conv-bn, plus the input (or its 1x1 stride-s projection + bn), then relu."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = bn(cout)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = bn(cout)
        self.proj = None
        if stride != 1 or cin != cout:
            self.proj = nn.Conv2d(cin, cout, 1, stride=stride, bias=False)
            self.proj_bn = bn(cout)
        self.add = Join()
        self.relu2 = nn.ReLU()

    def forward(self, x):
        y = self.bn2(self.conv2(self.relu1(self.bn1(self.conv1(x)))))
        skip = x if self.proj is None else self.proj_bn(self.proj(x))
        return self.relu2(self.add(y, skip))


class ResNetMini(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1, bias=False)
        self.bn = bn(4)
        self.relu = nn.ReLU()
        self.block1 = Block(4, 4, 1)
        self.block2 = Block(4, 8, 2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(8, 10)
        self.softmax = Softmax()

    def forward(self, x):
        x = self.block2(self.block1(self.relu(self.bn(self.conv(x)))))
        return self.softmax(self.fc(self.flatten(self.pool(x))))


class MobileBlock(nn.Module):
    """Depthwise 3x3 (groups = channels) + bn + ReLU6, pointwise 1x1 + bn + ReLU6."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.dw = nn.Conv2d(cin, cin, 3, stride=stride, padding=1, groups=cin, bias=False)
        self.dw_bn = bn(cin)
        self.dw_relu = nn.ReLU6()
        self.pw = nn.Conv2d(cin, cout, 1, bias=False)
        self.pw_bn = bn(cout)
        self.pw_relu = nn.ReLU6()

    def forward(self, x):
        return self.pw_relu(self.pw_bn(self.pw(self.dw_relu(self.dw_bn(self.dw(x))))))


class MobileNetMini(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, stride=2, padding=1, bias=False)
        self.bn = bn(8)
        self.relu = nn.ReLU6()
        self.block1 = MobileBlock(8, 16, 1)
        self.block2 = MobileBlock(16, 16, 2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(16, 10)
        self.softmax = Softmax()

    def forward(self, x):
        x = self.block2(self.block1(self.relu(self.bn(self.conv(x)))))
        return self.softmax(self.fc(self.flatten(self.pool(x))))


class InceptionMini(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 4, 3, padding=1)
        self.stem_relu = nn.ReLU()
        self.b1 = nn.Conv2d(4, 2, 1)
        self.b1_relu = nn.ReLU()
        self.b3 = nn.Conv2d(4, 3, 3, padding=1)
        self.b3_relu = nn.ReLU()
        self.bp_pool = nn.MaxPool2d(3, stride=1, padding=1)
        self.bp = nn.Conv2d(4, 2, 1)
        self.bp_relu = nn.ReLU()
        self.cat = Cat()
        self.mean = SpatialMean()
        self.fc = nn.Linear(7, 10)
        self.softmax = Softmax()

    def forward(self, x):
        x = self.stem_relu(self.stem(x))
        y = self.cat(self.b1_relu(self.b1(x)), self.b3_relu(self.b3(x)), self.bp_relu(self.bp(self.bp_pool(x))))
        return self.softmax(self.fc(self.mean(y)))


def images():
    return [torch.rand(1, 3, SIDE, SIDE, generator=torch.Generator().manual_seed(s)) for s in (7, 8)]


def values(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def shapes(model, x):
    """Every leaf module's output shape (no batch axis), in call order, by module path."""
    out = {}
    hooks = [m.register_forward_hook(lambda mod, i, o, name=name: out.__setitem__(name, list(o.shape[1:])))
             for name, m in model.named_modules() if not list(m.children())]
    with torch.no_grad():
        model(x)
    for h in hooks:
        h.remove()
    return out


def write(out_dir, name, model, seed_check, preserve):
    model.eval()
    xs = images()
    mode = torch.onnx.TrainingMode.PRESERVE if preserve else torch.onnx.TrainingMode.EVAL
    torch.onnx.export(model, xs[0], os.path.join(out_dir, name + ".onnx"), opset_version=13, training=mode,
                      input_names=["image"], output_names=["probabilities"], do_constant_folding=True)
    state = {k: {"shape": list(v.shape), "values": values(v)} for k, v in model.state_dict().items()
             if not k.endswith("num_batches_tracked")}
    with torch.no_grad():
        probabilities = [values(model(x)) for x in xs]
    ref = {"model": name + ".onnx", "opset": 13, "seed": seed_check,
           "parameters": sum(p.numel() for p in model.parameters()),
           "buffers": sum(v.numel() for k, v in model.state_dict().items()
                          if k.endswith("running_mean") or k.endswith("running_var")),
           "state_dict": state, "shapes": shapes(model, xs[0]), "input_shape": [SIDE, SIDE, 3],
           "inputs": [values(x[0].permute(1, 2, 0)) for x in xs], "probabilities": probabilities}
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump(ref, f, indent=None, separators=(",", ":"))
        f.write("\n")


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    torch.set_num_threads(1)
    torch.manual_seed(11)
    write(out_dir, "resnet_mini", ResNetMini(), 11, True)
    torch.manual_seed(12)
    write(out_dir, "mobilenet_mini", MobileNetMini(), 12, True)
    torch.manual_seed(13)
    write(out_dir, "inception_mini", InceptionMini(), 13, False)


if __name__ == "__main__":
    main()
