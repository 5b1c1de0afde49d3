#!/usr/bin/env python3
"""Writes Keras-2-format .h5 files of graph models (skip connections, depthwise-separable convolutions), for
KerasGraphH5Test, laid out as make_fixture.py describes (Keras 2's model.save("x.h5"), functional model_config with
inbound_nodes). No Keras or TensorFlow is needed: weights are drawn with NumPy from fixed seeds, and every layer's
output shape and the class probabilities for a fixed image are computed here with NumPy (float64).

Needs NumPy and h5py (Debian: apt-get install python3-h5py, then run with /usr/bin/python3). Run from anywhere:
    /usr/bin/python3 make_graph_fixtures.py
Writes, beside this script:
    resnet_mini.h5 (+ .expected.json)      ResNet v1 style: stem, an identity block, a block with a 1x1 projection
                                           shortcut (strides 2), GlobalAveragePooling2D, Dense softmax
    separable_mini.h5 (+ .expected.json)   MobileNet style: Rescaling, ZeroPadding2D, Conv2D, ReLU6, DepthwiseConv2D,
                                           SeparableConv2D, LeakyReLU, Concatenate, GlobalMaxPooling2D, Dense softmax
    partial_mini.h5 (+ .expected.json)     Conv2D, BatchNormalization, then PReLU (a layer ConvScope does not have)
Each .expected.json holds the input image, every layer's output shape (Keras name -> [H, W, C] or [N]), the class
probabilities, the number of float values stored in model_weights ("file_weights") and the non-trainable ones.
"""
import json
import os

import h5py
import numpy as np

from make_fixture import (HERE, batchnorm, bn_config, conv2d, dense_config, f32, functional, input_config, relu,
                          softmax, write_h5)


def conv(name, filters, k, strides=1, padding="same", use_bias=False, dilation=1):
    return {"class_name": "Conv2D", "config": {
        "name": name, "trainable": True, "dtype": "float32", "filters": filters, "kernel_size": [k, k],
        "strides": [strides, strides], "padding": padding, "data_format": "channels_last",
        "dilation_rate": [dilation, dilation], "groups": 1, "activation": "linear", "use_bias": use_bias}}


def layer(cls, name, inputs=None, **config):
    out = {"class_name": cls, "config": dict(name=name, trainable=True, dtype="float32", **config)}
    if inputs is not None:
        out["inputs"] = inputs
    return out


def depthwise(x, k, strides, padding):
    """x (H, W, C), k (kh, kw, C, dm): each channel convolved with its own dm kernels; output channel c*dm + m."""
    outs = [conv2d(x[:, :, c:c + 1], k[:, :, c:c + 1, :], None, strides, padding) for c in range(x.shape[2])]
    return np.concatenate(outs, axis=2)


def bn_weights(rng, c):
    return (f32(rng.uniform(0.5, 1.5, c)), f32(rng.normal(0, 0.2, c)), f32(rng.normal(0, 0.2, c)),
            f32(rng.uniform(0.2, 2.0, c)))


def bn_apply(x, w):
    return batchnorm(x, w[0], w[1], w[2], w[3], 0.001)


def bn_list(w):
    return [("gamma", w[0]), ("beta", w[1]), ("moving_mean", w[2]), ("moving_variance", w[3])]


def write(name, config, weights, x, shapes, probs):
    path = os.path.join(HERE, name + ".h5")
    write_h5(path, config, weights, config_as_bytes=False)
    stored, frozen = 0, 0
    with h5py.File(path, "r") as f:
        def count(n, obj):
            nonlocal stored, frozen
            if isinstance(obj, h5py.Dataset):
                stored += obj.size
                frozen += obj.size if "moving_" in n else 0
        f["model_weights"].visititems(count)
    doc = {"input_shape": list(x.shape), "input": [float(v) for v in x.astype(np.float32).ravel()],
           "file_weights": int(stored), "non_trainable": int(frozen),
           "shapes": {k: list(np.asarray(v).shape) for k, v in shapes}, "probabilities": [float(p) for p in probs]}
    with open(os.path.join(HERE, name + ".expected.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


def resnet_mini():
    rng = np.random.RandomState(7)
    x = f32(rng.uniform(0, 1, (16, 16, 3)))
    w = {}
    w["stem"] = f32(rng.normal(0, 0.3, (3, 3, 3, 8)))
    w["stem_bn"] = bn_weights(rng, 8)
    w["b1_conv1"] = f32(rng.normal(0, 0.2, (3, 3, 8, 8)))
    w["b1_bn1"] = bn_weights(rng, 8)
    w["b1_conv2"] = f32(rng.normal(0, 0.2, (3, 3, 8, 8)))
    w["b1_bn2"] = bn_weights(rng, 8)
    w["b2_conv1"] = f32(rng.normal(0, 0.2, (3, 3, 8, 16)))
    w["b2_bn1"] = bn_weights(rng, 16)
    w["b2_conv2"] = f32(rng.normal(0, 0.2, (3, 3, 16, 16)))
    w["b2_bn2"] = bn_weights(rng, 16)
    w["b2_proj"] = (f32(rng.normal(0, 0.3, (1, 1, 8, 16))), f32(rng.normal(0, 0.1, 16)))
    w["predictions"] = (f32(rng.normal(0, 0.3, (16, 10))), f32(rng.normal(0, 0.1, 10)))
    s = {}
    s["stem"] = conv2d(x, w["stem"], None, (1, 1), "same")
    s["stem_bn"] = bn_apply(s["stem"], w["stem_bn"])
    s["stem_relu"] = relu(s["stem_bn"])
    s["b1_conv1"] = conv2d(s["stem_relu"], w["b1_conv1"], None, (1, 1), "same")
    s["b1_bn1"] = bn_apply(s["b1_conv1"], w["b1_bn1"])
    s["b1_relu1"] = relu(s["b1_bn1"])
    s["b1_conv2"] = conv2d(s["b1_relu1"], w["b1_conv2"], None, (1, 1), "same")
    s["b1_bn2"] = bn_apply(s["b1_conv2"], w["b1_bn2"])
    s["b1_add"] = s["b1_bn2"] + s["stem_relu"]
    s["b1_out"] = relu(s["b1_add"])
    s["b2_conv1"] = conv2d(s["b1_out"], w["b2_conv1"], None, (2, 2), "same")
    s["b2_bn1"] = bn_apply(s["b2_conv1"], w["b2_bn1"])
    s["b2_relu1"] = relu(s["b2_bn1"])
    s["b2_conv2"] = conv2d(s["b2_relu1"], w["b2_conv2"], None, (1, 1), "same")
    s["b2_bn2"] = bn_apply(s["b2_conv2"], w["b2_bn2"])
    s["b2_proj"] = conv2d(s["b1_out"], w["b2_proj"][0], w["b2_proj"][1], (2, 2), "same")
    s["b2_add"] = s["b2_bn2"] + s["b2_proj"]
    s["b2_out"] = relu(s["b2_add"])
    s["gap"] = s["b2_out"].mean(axis=(0, 1))
    s["predictions"] = softmax(s["gap"] @ w["predictions"][0] + w["predictions"][1])
    layers = [input_config("input_1", (16, 16, 3)),
              conv("stem", 8, 3), bn_config("stem_bn"), layer("Activation", "stem_relu", activation="relu"),
              conv("b1_conv1", 8, 3), bn_config("b1_bn1"), layer("Activation", "b1_relu1", activation="relu"),
              conv("b1_conv2", 8, 3), bn_config("b1_bn2"),
              layer("Add", "b1_add", inputs=["b1_bn2", "stem_relu"]), layer("Activation", "b1_out", activation="relu"),
              conv("b2_conv1", 16, 3, strides=2), bn_config("b2_bn1"), layer("Activation", "b2_relu1", activation="relu"),
              conv("b2_conv2", 16, 3), bn_config("b2_bn2"),
              dict(conv("b2_proj", 16, 1, strides=2, use_bias=True), inputs=["b1_out"]),
              layer("Add", "b2_add", inputs=["b2_bn2", "b2_proj"]), layer("Activation", "b2_out", activation="relu"),
              layer("GlobalAveragePooling2D", "gap", data_format="channels_last", keepdims=False),
              dense_config("predictions", 10, "softmax")]
    weights = [("input_1", [])]
    for l in layers[1:]:
        n = l["config"]["name"]
        if n in ("stem", "b1_conv1", "b1_conv2", "b2_conv1", "b2_conv2"):
            weights.append((n, [("kernel", w[n])]))
        elif n.endswith("bn") or "_bn" in n:
            weights.append((n, bn_list(w[n])))
        elif n in ("b2_proj", "predictions"):
            weights.append((n, [("kernel", w[n][0]), ("bias", w[n][1])]))
        else:
            weights.append((n, []))
    config = functional("resnet_mini", layers, "input_1", "predictions")
    write("resnet_mini", config, weights, x, [(k, v) for k, v in s.items()], s["predictions"])


def separable_mini():
    rng = np.random.RandomState(11)
    x = f32(rng.uniform(0, 255, (16, 16, 3)))
    w = {}
    w["conv1"] = f32(rng.normal(0, 0.3, (3, 3, 3, 8)))
    w["conv1_bn"] = bn_weights(rng, 8)
    w["dw1"] = f32(rng.normal(0, 0.3, (3, 3, 8, 2)))
    w["dw1_bn"] = bn_weights(rng, 16)
    w["pw1"] = f32(rng.normal(0, 0.3, (1, 1, 16, 12)))
    w["sep1"] = (f32(rng.normal(0, 0.3, (3, 3, 12, 1))), f32(rng.normal(0, 0.3, (1, 1, 12, 12))),
                 f32(rng.normal(0, 0.1, 12)))
    w["predictions"] = (f32(rng.normal(0, 0.3, (24, 10))), f32(rng.normal(0, 0.1, 10)))
    s = {}
    s["rescale"] = x / 127.5 - 1
    s["pad"] = np.pad(s["rescale"], ((0, 1), (0, 1), (0, 0)))
    s["conv1"] = conv2d(s["pad"], w["conv1"], None, (2, 2), "valid")
    s["conv1_bn"] = bn_apply(s["conv1"], w["conv1_bn"])
    s["conv1_relu"] = np.clip(s["conv1_bn"], 0, 6)
    s["dw1"] = depthwise(s["conv1_relu"], w["dw1"], (1, 1), "same")
    s["dw1_bn"] = bn_apply(s["dw1"], w["dw1_bn"])
    s["dw1_relu"] = np.clip(s["dw1_bn"], 0, 6)
    s["pw1"] = conv2d(s["dw1_relu"], w["pw1"], None, (1, 1), "same")
    s["sep1"] = conv2d(depthwise(s["pw1"], w["sep1"][0], (1, 1), "same"), w["sep1"][1], w["sep1"][2], (1, 1), "same")
    s["sep1_act"] = np.where(s["sep1"] >= 0, s["sep1"], 0.1 * s["sep1"])
    s["concat"] = np.concatenate([s["sep1_act"], s["pw1"]], axis=2)
    s["gmp"] = s["concat"].max(axis=(0, 1))
    s["predictions"] = softmax(s["gmp"] @ w["predictions"][0] + w["predictions"][1])
    layers = [input_config("input_1", (16, 16, 3)),
              layer("Rescaling", "rescale", scale=1 / 127.5, offset=-1.0),
              layer("ZeroPadding2D", "pad", padding=[[0, 1], [0, 1]], data_format="channels_last"),
              conv("conv1", 8, 3, strides=2, padding="valid"), bn_config("conv1_bn"),
              layer("ReLU", "conv1_relu", max_value=6.0, negative_slope=0.0, threshold=0.0),
              layer("DepthwiseConv2D", "dw1", kernel_size=[3, 3], strides=[1, 1], padding="same", depth_multiplier=2,
                    data_format="channels_last", dilation_rate=[1, 1], activation="linear", use_bias=False),
              bn_config("dw1_bn"), layer("ReLU", "dw1_relu", max_value=6.0, negative_slope=0.0, threshold=0.0),
              conv("pw1", 12, 1),
              layer("SeparableConv2D", "sep1", filters=12, kernel_size=[3, 3], strides=[1, 1], padding="same",
                    data_format="channels_last", dilation_rate=[1, 1], depth_multiplier=1, activation="linear",
                    use_bias=True),
              layer("LeakyReLU", "sep1_act", alpha=0.1),
              layer("Concatenate", "concat", inputs=["sep1_act", "pw1"], axis=-1),
              layer("GlobalMaxPooling2D", "gmp", data_format="channels_last", keepdims=False),
              dense_config("predictions", 10, "softmax")]
    weights = [("input_1", []), ("rescale", []), ("pad", []), ("conv1", [("kernel", w["conv1"])]),
               ("conv1_bn", bn_list(w["conv1_bn"])), ("conv1_relu", []), ("dw1", [("depthwise_kernel", w["dw1"])]),
               ("dw1_bn", bn_list(w["dw1_bn"])), ("dw1_relu", []), ("pw1", [("kernel", w["pw1"])]),
               ("sep1", [("depthwise_kernel", w["sep1"][0]), ("pointwise_kernel", w["sep1"][1]),
                         ("bias", w["sep1"][2])]),
               ("sep1_act", []), ("concat", []), ("gmp", []),
               ("predictions", [("kernel", w["predictions"][0]), ("bias", w["predictions"][1])])]
    config = functional("separable_mini", layers, "input_1", "predictions")
    write("separable_mini", config, weights, x, [(k, v) for k, v in s.items()], s["predictions"])


def partial_mini():
    rng = np.random.RandomState(5)
    x = f32(rng.uniform(-1, 1, (8, 8, 3)))
    k = f32(rng.normal(0, 0.4, (3, 3, 3, 4)))
    bn = bn_weights(rng, 4)
    alpha = f32(rng.uniform(0, 0.3, (1, 1, 4)))
    dense = (f32(rng.normal(0, 0.3, (4, 3))), f32(rng.normal(0, 0.1, 3)))
    c = conv2d(x, k, None, (2, 2), "same")
    n = bn_apply(c, bn)
    layers = [input_config("input_1", (8, 8, 3)), conv("Conv1", 4, 3, strides=2), bn_config("bn_Conv1"),
              layer("PReLU", "prelu", shared_axes=[1, 2]),
              layer("GlobalAveragePooling2D", "gap", data_format="channels_last", keepdims=False),
              dense_config("predictions", 3, "softmax")]
    weights = [("input_1", []), ("Conv1", [("kernel", k)]), ("bn_Conv1", bn_list(bn)), ("prelu", [("alpha", alpha)]),
               ("gap", []), ("predictions", [("kernel", dense[0]), ("bias", dense[1])])]
    config = functional("partial_mini", layers, "input_1", "predictions")
    write_h5(os.path.join(HERE, "partial_mini.h5"), config, weights, config_as_bytes=False)
    doc = {"input_shape": list(x.shape), "input": [float(v) for v in x.astype(np.float32).ravel()], "params": 108 + 16,
           "outputs": {"Conv1": [float(v) for v in c.ravel()], "bn_Conv1": [float(v) for v in n.ravel()]},
           "unsupported": ["prelu"]}
    with open(os.path.join(HERE, "partial_mini.expected.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    resnet_mini()
    separable_mini()
    partial_mini()
    print("graph fixtures written to", HERE)
