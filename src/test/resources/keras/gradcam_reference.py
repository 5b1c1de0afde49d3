#!/usr/bin/env python3
"""Grad-CAM of a Keras functional model file for one image, computed with PyTorch autograd (float64) from the file's
own config and weights, for GraphGradCamTest: an implementation independent of ConvScope's and DL4J's.

The class score is the last Dense layer's pre-activation (the logit) y^c; the gradient dy^c/dA of a layer's output A
comes from torch.autograd; Grad-CAM weighs each channel k by alpha_k = mean over positions of dy^c/dA_k and keeps
ReLU(sum_k alpha_k A_k) (Selvaraju et al. 2017). The image is the "input" of the file's .expected.json.

Prints one JSON object: class, logits, activation and gradient (flattened channels-last, (h, w, K)), alpha [K] and
coarse [h][w]. Needs torch, NumPy and h5py (Debian's /usr/bin/python3).
Usage: gradcam_reference.py MODEL_FILE EXPECTED_JSON LAYER_NAME CLASS  (CLASS -1: the most likely one)
"""
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F

from graph_reference import read, sources
from make_fixture import same_pads


def t(a):
    return torch.as_tensor(np.asarray(a), dtype=torch.float64)


def pad_same(x, kh, kw, sh, sw):
    """x (1, C, H, W) padded as TensorFlow's 'same' does (the extra row and column after)."""
    pt, pb = same_pads(x.shape[2], kh, sh)
    pl, pr = same_pads(x.shape[3], kw, sw)
    return F.pad(x, (pl, pr, pt, pb))


def conv(x, kernel, bias, strides, padding, groups=1):
    """kernel in torch's (F, C/groups, kh, kw); Keras' valid or same padding."""
    kh, kw = kernel.shape[2], kernel.shape[3]
    if padding == "same":
        x = pad_same(x, kh, kw, strides[0], strides[1])
    return F.conv2d(x, kernel, bias, stride=tuple(strides), groups=groups)


def depthwise(x, k, strides, padding):
    """k (kh, kw, C, m): output channel c*m + j is channel c convolved with its kernel j."""
    kh, kw, c, m = k.shape
    w = t(k).permute(2, 3, 0, 1).reshape(c * m, 1, kh, kw)
    return conv(x, w, None, strides, padding, groups=c)


def activation(x, name):
    if name in ("linear", None):
        return x
    if name == "relu":
        return torch.relu(x)
    if name == "sigmoid":
        return torch.sigmoid(x)
    if name == "tanh":
        return torch.tanh(x)
    if name == "softmax":
        return torch.softmax(x, dim=1)
    raise ValueError("activation " + name)


def apply(cls, c, xs, w, logits):
    """One layer on (1, C, H, W) or (1, N) tensors; a Dense layer also records its pre-activation in logits."""
    x = xs[0]
    if cls == "Conv2D":
        assert list(c.get("dilation_rate", [1, 1])) == [1, 1], "dilation is not in this reference"
        y = conv(x, t(w[0]).permute(3, 2, 0, 1), t(w[1]) if c["use_bias"] else None, c["strides"], c["padding"])
        return activation(y, c["activation"])
    if cls == "DepthwiseConv2D":
        y = depthwise(x, w[0], c["strides"], c["padding"])
        if c["use_bias"]:
            y = y + t(w[1]).reshape(1, -1, 1, 1)
        return activation(y, c["activation"])
    if cls == "SeparableConv2D":
        y = depthwise(x, w[0], c["strides"], c["padding"])
        y = F.conv2d(y, t(w[1]).permute(3, 2, 0, 1), t(w[2]) if c["use_bias"] else None)
        return activation(y, c["activation"])
    if cls == "BatchNormalization":
        gamma, beta, mean, var = (t(a).reshape(1, -1, 1, 1) if x.dim() == 4 else t(a) for a in w)
        return gamma * (x - mean) / torch.sqrt(var + c.get("epsilon", 0.001)) + beta
    if cls == "Activation":
        return activation(x, c["activation"])
    if cls == "ReLU":
        th, slope, mx = c.get("threshold", 0.0), c.get("negative_slope", 0.0), c.get("max_value")
        y = torch.where(x >= th, x, slope * (x - th))
        return torch.clamp(y, max=mx) if mx is not None else y
    if cls == "LeakyReLU":
        return F.leaky_relu(x, c.get("alpha", c.get("negative_slope", 0.3)))
    if cls == "Rescaling":
        return x * c["scale"] + c["offset"]
    if cls == "ZeroPadding2D":
        (top, bottom), (left, right) = c["padding"]
        return F.pad(x, (left, right, top, bottom))
    if cls == "GlobalAveragePooling2D":
        return x.mean(dim=(2, 3))
    if cls == "GlobalMaxPooling2D":
        return x.amax(dim=(2, 3))
    if cls == "Flatten":
        return x.permute(0, 2, 3, 1).reshape(1, -1) if x.dim() == 4 else x
    if cls == "Dense":
        z = x @ t(w[0]) + (t(w[1]) if c["use_bias"] else 0)
        logits.append(z)
        return activation(z, c["activation"])
    if cls == "Dropout":
        return x
    if cls == "Add":
        return sum(xs)
    if cls == "Concatenate":
        return torch.cat(xs, dim=1)
    raise ValueError("layer class " + cls)


def main():
    config, weights = read(sys.argv[1])
    with open(sys.argv[2]) as f:
        expected = json.load(f)
    target, wanted = sys.argv[3], int(sys.argv[4])
    hwc = np.asarray(expected["input"], dtype=np.float64).reshape(expected["input_shape"])
    x = t(hwc).permute(2, 0, 1).unsqueeze(0).requires_grad_(True)  # so that every layer output has a graph
    outputs, logits = {}, []
    pending = list(config["config"]["layers"])
    while pending:
        for layer in pending:
            name = layer["config"]["name"]
            src = sources(layer)
            if layer["class_name"] == "InputLayer":
                outputs[name] = x
            elif all(s in outputs for s in src):
                outputs[name] = apply(layer["class_name"], layer["config"], [outputs[s] for s in src],
                                      weights.get(name, []), logits)
                if name == target:
                    outputs[name].retain_grad()
            else:
                continue
            pending.remove(layer)
            break
        else:
            raise ValueError("the graph has a layer whose inputs never come")
    z = logits[-1][0]
    c = int(torch.argmax(z)) if wanted < 0 else wanted
    z[c].backward()
    a = outputs[target][0].detach()
    g = outputs[target].grad[0]
    alpha = g.mean(dim=(1, 2))
    coarse = torch.relu((alpha.reshape(-1, 1, 1) * a).sum(dim=0))
    print(json.dumps({
        "class": c,
        "logits": z.detach().tolist(),
        "activation": a.permute(1, 2, 0).reshape(-1).tolist(),
        "gradient": g.permute(1, 2, 0).reshape(-1).tolist(),
        "alpha": alpha.tolist(),
        "coarse": coarse.tolist(),
    }))


if __name__ == "__main__":
    main()
