#!/usr/bin/env python3
"""Writes the ONNX fixtures of OnnxImportTest: three small PyTorch CNN chains with fixed seeds, exported with
torch.onnx.export, and for each a JSON reference with every layer's output (channels-last, as ConvScope's volumes)
and the class probabilities for a fixed 12x12x3 image.

  chain.onnx      opset 13: Conv(pad 1) Relu BatchNormalization MaxPool Conv Tanh Flatten Gemm Softmax
  pool_view.onnx  opset 9:  Conv LeakyRelu(0.2) Pad+AveragePool (count_include_pad) Conv Sigmoid,
                  x.view(x.size(0), -1) (Shape-Gather-Unsqueeze-Concat-Reshape), Gemm Relu, MatMul+Add, Softmax
  pool_view17.onnx the same at opset 17 (AveragePool with count_include_pad = 1, Unsqueeze's axes as an input)
  residual.onnx   opset 11: Conv Relu Conv Relu, then Add (a skip connection; it imports as a graph model, which
                  the engine does not run yet), Flatten, Gemm: the reference holds the four layers before the Add
  pool_same.onnx  opset 13, written node by node with onnx.helper (PyTorch's pooling pads evenly): Conv Tanh,
                  MaxPool 3x3 stride 2 with pads [0, 0, 1, 1] (Keras' 'same' on 12x12: the odd cell below and right),
                  Conv Tanh, AveragePool 3x3 stride 2 with pads [0, 0, 1, 1] and count_include_pad 0, Flatten Gemm Softmax
  pool_same_torch.onnx opset 13 from torch.onnx.export: Keras' 'same' max pooling as the exported model.py writes it,
                  F.pad with -inf (pads computed by Concat-Reshape-Slice-Transpose-Reshape) then MaxPool, after a Tanh
  pool_uneven.onnx opset 13, by hand: Conv Relu, then MaxPool with pads [1, 1, 0, 0] (above and left), which is not
                  Keras' 'same' and is refused by name; the reference holds the two layers before it

Usage: make_fixture.py [OUT_DIR]   (default: this script's folder). Debian: python3-torch python3-onnx.
"""
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F


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


class SamePool(nn.Module):
    """Keras' 'same' pooling of an n x n map: pads (left, right, top, bottom) as Keras puts them (the odd cell after);
    max pooling pads with -inf, average pooling leaves the padded cells out of the mean."""

    def __init__(self, kind, k, s, n):
        super().__init__()
        total = max((-(-n // s) - 1) * s + k - n, 0)
        self.pads = (total // 2, total - total // 2, total // 2, total - total // 2)
        self.kind, self.k, self.s = kind, k, s

    def forward(self, x):
        if self.kind == "max":
            return F.max_pool2d(F.pad(x, self.pads, value=float("-inf")), self.k, self.s)
        ones = torch.ones_like(x[:1, :1])
        return F.avg_pool2d(F.pad(x, self.pads), self.k, self.s) / F.avg_pool2d(F.pad(ones, self.pads), self.k, self.s)


def pool_same_model():
    torch.manual_seed(4)
    return [nn.Conv2d(3, 4, 3, padding=1), nn.Tanh(), SamePool("max", 3, 2, 12), nn.Conv2d(4, 5, 3, padding=1),
            nn.Tanh(), SamePool("avg", 3, 2, 6), nn.Flatten(), nn.Linear(5 * 3 * 3, 10), nn.Softmax(dim=1)]


def pool_same_torch_model():
    torch.manual_seed(5)
    return [nn.Conv2d(3, 4, 3, padding=1), nn.Tanh(), SamePool("max", 3, 2, 12), nn.Flatten(), nn.Linear(4 * 6 * 6, 10),
            nn.Softmax(dim=1)]


def pool_uneven_model():
    torch.manual_seed(6)
    return [nn.Conv2d(3, 4, 3, padding=1), nn.ReLU()]


def write_by_hand(out_dir, name, steps, nodes_after, references_from):
    """Writes steps as ONNX nodes (Conv, Tanh, Relu, SamePool, Flatten, Linear, Softmax), pooling pads given in
    ONNX's (top, left, bottom, right) order, with the references of steps[:references_from]."""
    from onnx import TensorProto, helper, numpy_helper
    nodes, init, x = [], [], "image"
    for i, s in enumerate(steps + nodes_after):
        out = "v%d" % i
        if isinstance(s, nn.Conv2d):
            init += [numpy_helper.from_array(s.weight.detach().numpy(), "w%d" % i),
                     numpy_helper.from_array(s.bias.detach().numpy(), "b%d" % i)]
            nodes.append(helper.make_node("Conv", [x, "w%d" % i, "b%d" % i], [out], name="conv%d" % i,
                                          kernel_shape=list(s.kernel_size), pads=[s.padding[0]] * 4))
        elif isinstance(s, nn.Linear):
            init += [numpy_helper.from_array(s.weight.detach().numpy(), "w%d" % i),
                     numpy_helper.from_array(s.bias.detach().numpy(), "b%d" % i)]
            nodes.append(helper.make_node("Gemm", [x, "w%d" % i, "b%d" % i], [out], name="dense%d" % i, transB=1))
        elif isinstance(s, SamePool):
            left, right, top, bottom = s.pads
            attrs = {"kernel_shape": [s.k, s.k], "strides": [s.s, s.s], "pads": [top, left, bottom, right]}
            if s.kind == "avg":
                attrs["count_include_pad"] = 0
            nodes.append(helper.make_node("MaxPool" if s.kind == "max" else "AveragePool", [x], [out],
                                          name="same_pool%d" % i, **attrs))
        elif isinstance(s, tuple):  # (op, name, attributes): a node with no module
            nodes.append(helper.make_node(s[0], [x], [out], name=s[1], **s[2]))
        else:
            op = {nn.Tanh: "Tanh", nn.ReLU: "Relu", nn.Flatten: "Flatten", nn.Softmax: "Softmax"}[type(s)]
            attrs = {"axis": 1} if op in ("Flatten", "Softmax") else {}
            nodes.append(helper.make_node(op, [x], [out], name="%s%d" % (op.lower(), i), **attrs))
        x = out
    nodes[-1].output[0] = "probabilities"
    graph = helper.make_graph(nodes, name, [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 3, 12, 12])],
                              [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [1, 10])], init)
    model = helper.make_model(graph, producer_name="make_fixture.py", opset_imports=[helper.make_opsetid("", 13)])
    onnx_checker(model)
    with open(os.path.join(out_dir, name + ".onnx"), "wb") as f:
        f.write(model.SerializeToString())
    x = image()
    layers, last = references(steps[:references_from], x)
    ref = {"model": name + ".onnx", "opset": 13, "input_shape": [12, 12, 3], "input": values(channels_last(x)),
           "layers": layers}
    if references_from == len(steps) and not nodes_after:
        ref["probabilities"] = values(last)
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump(ref, f, indent=None, separators=(",", ":"))
        f.write("\n")


def onnx_checker(model):
    import onnx
    onnx.checker.check_model(model, full_check=True)


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
    steps = pool_same_model()
    write_by_hand(out_dir, "pool_same", steps, [], len(steps))
    steps = pool_same_torch_model()
    write(out_dir, "pool_same_torch", Chain(steps), steps, 13)
    steps = pool_uneven_model()
    pool = ("MaxPool", "pool_above_left", {"kernel_shape": [2, 2], "strides": [2, 2], "pads": [1, 1, 0, 0]})
    write_by_hand(out_dir, "pool_uneven", steps, [pool, nn.Flatten(), nn.Linear(4 * 6 * 6, 10)], len(steps))


if __name__ == "__main__":
    main()
