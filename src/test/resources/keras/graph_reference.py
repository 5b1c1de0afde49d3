#!/usr/bin/env python3
"""Every layer's output of a Keras functional model file for one image, computed with NumPy (float64) from the
file's own config and weights, for KerasGraphRunTest: an implementation independent of ConvScope's and DL4J's.

Reads a Keras 2 .h5 (model_config attribute, model_weights/<layer> with weight_names) or a Keras 3 .keras zip
(config.json with inbound_nodes args/keras_history, model.weights.h5 with layers/<layer>/vars/<i>). The image is the
"input" of the file's .expected.json (channels-last, flattened). Prints one JSON object: layer name -> its output
flattened channels-last, for every layer but the InputLayer.

Needs NumPy and h5py (Debian's /usr/bin/python3). Usage: graph_reference.py MODEL_FILE EXPECTED_JSON
"""
import io
import json
import sys
import zipfile

import h5py
import numpy as np

from make_fixture import batchnorm, conv2d, same_pads


def depthwise(x, k, strides, padding):
    """x (H, W, C), k (kh, kw, C, m): output channel c*m + j is channel c convolved with its kernel j."""
    outs = [conv2d(x[:, :, c:c + 1], k[:, :, c:c + 1, :], None, strides, padding) for c in range(x.shape[2])]
    return np.concatenate(outs, axis=2)


def pool(x, k, s, padding, kind):
    if padding == "same":
        pt, pb = same_pads(x.shape[0], k[0], s[0])
        pl, pr = same_pads(x.shape[1], k[1], s[1])
        x = np.pad(x, ((pt, pb), (pl, pr), (0, 0)), constant_values=np.nan)
    oh = (x.shape[0] - k[0]) // s[0] + 1
    ow = (x.shape[1] - k[1]) // s[1] + 1
    y = np.zeros((oh, ow, x.shape[2]))
    for r in range(oh):
        for c in range(ow):
            w = x[r * s[0]:r * s[0] + k[0], c * s[1]:c * s[1] + k[1], :]
            y[r, c, :] = np.nanmax(w, axis=(0, 1)) if kind == "max" else np.nanmean(w, axis=(0, 1))
    return y


def activation(x, name, axis=-1):
    if name in ("linear", None):
        return x
    if name == "relu":
        return np.maximum(x, 0)
    if name == "sigmoid":
        return 1 / (1 + np.exp(-x))
    if name == "tanh":
        return np.tanh(x)
    if name == "softmax":
        e = np.exp(x - x.max(axis=axis, keepdims=True))
        return e / e.sum(axis=axis, keepdims=True)
    raise ValueError("activation " + name)


def keras_relu(x, max_value, slope, threshold):
    y = np.where(x >= threshold, x, slope * (x - threshold))
    return np.minimum(y, max_value) if max_value is not None else y


def apply(cls, c, xs, w):
    """One layer: its class, config, input arrays and weights (Keras order)."""
    x = xs[0]
    if cls == "Conv2D":
        d = c.get("dilation_rate", [1, 1])
        assert list(d) == [1, 1], "dilation is not in this reference"
        return activation(conv2d(x, w[0], w[1] if c["use_bias"] else None, c["strides"], c["padding"]),
                          c["activation"])
    if cls == "DepthwiseConv2D":
        y = depthwise(x, w[0], c["strides"], c["padding"])
        return activation(y + (w[1] if c["use_bias"] else 0), c["activation"])
    if cls == "SeparableConv2D":
        y = conv2d(depthwise(x, w[0], c["strides"], c["padding"]), w[1], w[2] if c["use_bias"] else None, (1, 1),
                   "valid")
        return activation(y, c["activation"])
    if cls == "BatchNormalization":
        return batchnorm(x, w[0], w[1], w[2], w[3], c.get("epsilon", 0.001))
    if cls == "Activation":
        return activation(x, c["activation"])
    if cls == "ReLU":
        return keras_relu(x, c.get("max_value"), c.get("negative_slope", 0.0), c.get("threshold", 0.0))
    if cls == "LeakyReLU":
        return np.where(x >= 0, x, c.get("alpha", c.get("negative_slope", 0.3)) * x)
    if cls == "Softmax":
        return activation(x, "softmax")
    if cls == "Rescaling":
        return x * c["scale"] + c["offset"]
    if cls == "ZeroPadding2D":
        (t, b), (l, r) = c["padding"]
        return np.pad(x, ((t, b), (l, r), (0, 0)))
    if cls in ("MaxPooling2D", "AveragePooling2D"):
        return pool(x, c["pool_size"], c["strides"] or c["pool_size"], c["padding"],
                    "max" if cls == "MaxPooling2D" else "avg")
    if cls == "GlobalAveragePooling2D":
        return x.mean(axis=(0, 1))
    if cls == "GlobalMaxPooling2D":
        return x.max(axis=(0, 1))
    if cls == "Flatten":
        return x.ravel()
    if cls == "Dense":
        return activation(x @ w[0] + (w[1] if c["use_bias"] else 0), c["activation"])
    if cls == "Dropout":
        return x
    if cls == "Add":
        return sum(xs)
    if cls == "Concatenate":
        return np.concatenate(xs, axis=-1)
    raise ValueError("layer class " + cls)


def sources(layer):
    """The names of a layer's inputs, from Keras 2 ([[[name, 0, 0, {}], ...]]) or Keras 3 (args) inbound_nodes."""
    nodes = layer.get("inbound_nodes") or []
    if not nodes:
        return []
    node = nodes[0]
    if isinstance(node, list):
        return [n[0] for n in node]
    out = []

    def walk(a):
        if isinstance(a, dict) and a.get("class_name") == "__keras_tensor__":
            out.append(a["config"]["keras_history"][0])
        elif isinstance(a, list):
            for e in a:
                walk(e)
    walk(node["args"])
    return out


def read(path):
    """Returns (model config, {layer name: [arrays]})."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            config = json.loads(z.read("config.json"))
            f = h5py.File(io.BytesIO(z.read("model.weights.h5")), "r")
        weights = {}
        for name in f["layers"]:
            v = f["layers"][name]["vars"]
            weights[name] = [np.asarray(v[str(i)], dtype=np.float64) for i in range(len(v))]
        return config, weights
    f = h5py.File(path, "r")
    attr = f.attrs["model_config"]
    config = json.loads(attr.decode("utf8") if isinstance(attr, bytes) else attr)
    weights = {}
    g = f["model_weights"]
    for name in g:
        names = [n.decode("utf8") if isinstance(n, bytes) else n for n in g[name].attrs["weight_names"]]
        weights[name] = [np.asarray(g[name][n], dtype=np.float64) for n in names]
    return config, weights


def main():
    config, weights = read(sys.argv[1])
    with open(sys.argv[2]) as f:
        expected = json.load(f)
    x = np.asarray(expected["input"], dtype=np.float64).reshape(expected["input_shape"])
    outputs = {}
    pending = list(config["config"]["layers"])
    while pending:
        for layer in pending:
            name = layer["config"]["name"]
            src = sources(layer)
            if layer["class_name"] == "InputLayer":
                outputs[name] = x
            elif all(s in outputs for s in src):
                outputs[name] = apply(layer["class_name"], layer["config"], [outputs[s] for s in src],
                                      weights.get(name, []))
            else:
                continue
            pending.remove(layer)
            break
        else:
            raise ValueError("the graph has a layer whose inputs never come")
    inputs = {layer["config"]["name"] for layer in config["config"]["layers"] if layer["class_name"] == "InputLayer"}
    print(json.dumps({k: [float(v) for v in np.asarray(o).ravel()] for k, o in outputs.items() if k not in inputs}))


if __name__ == "__main__":
    main()
