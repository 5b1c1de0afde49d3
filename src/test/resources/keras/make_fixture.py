#!/usr/bin/env python3
"""Writes small Keras-2-format .h5 model files and their expected outputs, for KerasH5Test.

The files are laid out exactly as Keras 2's model.save("x.h5") lays them out (keras/saving/legacy/hdf5_format.py):
root attributes keras_version, backend and model_config (the model.to_json() text), and a group model_weights with
attributes layer_names, backend, keras_version and one group per layer whose attribute weight_names lists its datasets,
e.g. model_weights/conv2d/conv2d/kernel:0. No Keras or TensorFlow is needed: weights are drawn with NumPy from fixed
seeds, and every expected output is computed here with NumPy (float64), an implementation independent of ConvScope's.

Needs NumPy and h5py (Debian: apt-get install python3-h5py, then run with /usr/bin/python3). Run from anywhere:
    /usr/bin/python3 make_fixture.py
Writes, beside this script:
    small_sequential.h5 (+ .expected.json)      Sequential: Conv2D, BatchNormalization, MaxPooling2D, Flatten, Dense
    mini_vgg_functional.h5 (+ .expected.json)   Functional chain named like keras.applications.VGG16, with ZeroPadding2D
    mini_mobilenet_functional.h5 (+ .expected.json)  Functional with ReLU6, DepthwiseConv2D, Add, GlobalAveragePooling2D
    mini_vgg_functional.json, mini_mobilenet_functional.json   the two functional model_config texts on their own
Each .expected.json holds the input image (channels-last, flattened), every supported layer's output for it (keyed by
Keras layer name, flattened channels-last) and the parameter count of the supported part.
"""
import json
import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
KERAS_VERSION = "2.13.1"


# ------------------------------------------------------------------------------------------ reference NumPy layers
def same_pads(size, k, s):
    """TensorFlow's 'same' padding: (before, after) for one axis."""
    out = -(-size // s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def conv2d(x, kernel, bias, strides, padding):
    """x (H, W, C), kernel (kh, kw, C, F): cross-correlation as Keras computes it."""
    kh, kw, _, f = kernel.shape
    sh, sw = strides
    if padding == "same":
        pt, pb = same_pads(x.shape[0], kh, sh)
        pl, pr = same_pads(x.shape[1], kw, sw)
        x = np.pad(x, ((pt, pb), (pl, pr), (0, 0)))
    oh = (x.shape[0] - kh) // sh + 1
    ow = (x.shape[1] - kw) // sw + 1
    y = np.zeros((oh, ow, f))
    for r in range(oh):
        for c in range(ow):
            window = x[r * sh:r * sh + kh, c * sw:c * sw + kw, :]
            y[r, c, :] = np.tensordot(window, kernel, axes=([0, 1, 2], [0, 1, 2]))
    return y + (bias if bias is not None else 0)


def maxpool(x, k, s):
    oh = (x.shape[0] - k) // s + 1
    ow = (x.shape[1] - k) // s + 1
    y = np.zeros((oh, ow, x.shape[2]))
    for r in range(oh):
        for c in range(ow):
            y[r, c, :] = x[r * s:r * s + k, c * s:c * s + k, :].max(axis=(0, 1))
    return y


def batchnorm(x, gamma, beta, mean, var, eps):
    return gamma * (x - mean) / np.sqrt(var + eps) + beta


def relu(x):
    return np.maximum(x, 0)


def softmax(v):
    e = np.exp(v - v.max())
    return e / e.sum()


# ------------------------------------------------------------------------------------------ Keras JSON pieces
def conv_config(name, filters, k, strides=1, padding="same", activation="relu", use_bias=True):
    return {"class_name": "Conv2D", "config": {
        "name": name, "trainable": True, "dtype": "float32", "filters": filters, "kernel_size": [k, k],
        "strides": [strides, strides], "padding": padding, "data_format": "channels_last", "dilation_rate": [1, 1],
        "groups": 1, "activation": activation, "use_bias": use_bias,
        "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
        "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": None,
        "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None}}


def bn_config(name, eps=0.001):
    return {"class_name": "BatchNormalization", "config": {
        "name": name, "trainable": True, "dtype": "float32", "axis": [3], "momentum": 0.99, "epsilon": eps,
        "center": True, "scale": True}}


def pool_config(name, k=2):
    return {"class_name": "MaxPooling2D", "config": {
        "name": name, "trainable": True, "dtype": "float32", "pool_size": [k, k], "padding": "valid",
        "strides": [k, k], "data_format": "channels_last"}}


def dense_config(name, units, activation):
    return {"class_name": "Dense", "config": {
        "name": name, "trainable": True, "dtype": "float32", "units": units, "activation": activation,
        "use_bias": True}}


def input_config(name, shape):
    return {"class_name": "InputLayer", "config": {
        "batch_input_shape": [None] + list(shape), "dtype": "float32", "sparse": False, "ragged": False,
        "name": name}}


def functional(name, layers, input_name, output_name):
    """Wires layers one after another (Keras 2 inbound_nodes), except where a layer says its own 'inputs'."""
    wired = []
    previous = None
    for layer in layers:
        layer = dict(layer)
        inputs = layer.pop("inputs", None)
        layer["name"] = layer["config"]["name"]
        if layer["class_name"] == "InputLayer":
            layer["inbound_nodes"] = []
        else:
            sources = inputs if inputs is not None else [previous]
            layer["inbound_nodes"] = [[[s, 0, 0, {}] for s in sources]]
        previous = layer["name"]
        wired.append(layer)
    return {"class_name": "Functional", "config": {
        "name": name, "layers": wired, "input_layers": [[input_name, 0, 0]],
        "output_layers": [[output_name, 0, 0]]}, "keras_version": KERAS_VERSION, "backend": "tensorflow"}


# ------------------------------------------------------------------------------------------ writing
def write_h5(path, config, layer_weights, config_as_bytes):
    """layer_weights: [(layer name, [(weight name, array), ...])] for every layer, in model order."""
    with h5py.File(path, "w", track_order=False) as f:
        text = json.dumps(config)
        f.attrs["keras_version"] = KERAS_VERSION.encode("utf8") if config_as_bytes else KERAS_VERSION
        f.attrs["backend"] = b"tensorflow" if config_as_bytes else "tensorflow"
        f.attrs["model_config"] = text.encode("utf8") if config_as_bytes else text
        f.attrs["training_config"] = json.dumps({"loss": "categorical_crossentropy"}).encode("utf8")
        g = f.create_group("model_weights")
        g.attrs["layer_names"] = np.array([n.encode("utf8") for n, _ in layer_weights])
        g.attrs["backend"] = b"tensorflow"
        g.attrs["keras_version"] = KERAS_VERSION.encode("utf8")
        for name, weights in layer_weights:
            lg = g.create_group(name)
            names = [(name + "/" + w + ":0").encode("utf8") for w, _ in weights]
            lg.attrs["weight_names"] = np.array(names) if names else np.array([])
            for w, value in weights:
                lg.create_dataset(name + "/" + w + ":0", data=value.astype(np.float32), track_times=False)


def write_expected(path, x, outputs, params, extra=None):
    doc = {"input_shape": list(x.shape), "input": [float(v) for v in x.astype(np.float32).ravel()],
           "params": params, "outputs": {k: [float(v) for v in np.asarray(o).ravel()] for k, o in outputs}}
    if extra:
        doc.update(extra)
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


def f32(a):
    """Rounds to float32 and back, as the weights are stored."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def upsample_bilinear(m, height, width):
    """Bilinear enlargement with pixel centres aligned (OpenCV INTER_LINEAR, PyTorch align_corners=False)."""
    h, w = m.shape
    out = np.zeros((height, width))
    for y in range(height):
        sy = min(max((y + 0.5) * h / height - 0.5, 0), h - 1)
        y0 = int(np.floor(sy)); y1 = min(h - 1, y0 + 1); fy = sy - y0
        for x in range(width):
            sx = min(max((x + 0.5) * w / width - 0.5, 0), w - 1)
            x0 = int(np.floor(sx)); x1 = min(w - 1, x0 + 1); fx = sx - x0
            top = m[y0, x0] * (1 - fx) + m[y0, x1] * fx
            bottom = m[y1, x0] * (1 - fx) + m[y1, x1] * fx
            out[y, x] = top * (1 - fy) + bottom * fy
    return out


def grad_cam_after_maxpool(a, pooled, w, cls, k):
    """Grad-CAM (Selvaraju et al. 2017) at a layer A followed by max pooling (k x k, stride k), Flatten and the Dense
    layer whose logit cls is explained: dy/dpooled is Dense column cls in Flatten's channels-last order, max pooling
    routes each cell's gradient to its window's largest value, alpha_k is the mean gradient of channel k, and the map is
    ReLU(sum_k alpha_k A_k), enlarged bilinearly to the input."""
    g_pooled = w[:, cls].reshape(pooled.shape)
    g = np.zeros_like(a)
    for r in range(pooled.shape[0]):
        for c in range(pooled.shape[1]):
            for ch in range(a.shape[2]):
                window = a[r * k:r * k + k, c * k:c * k + k, ch]
                i = np.unravel_index(np.argmax(window), window.shape)
                g[r * k + i[0], c * k + i[1], ch] += g_pooled[r, c, ch]
    alpha = g.mean(axis=(0, 1))
    coarse = np.maximum((a * alpha).sum(axis=2), 0)
    return {"class": cls, "alpha": [float(v) for v in alpha], "coarse": [float(v) for v in coarse.ravel()],
            "map": [float(v) for v in upsample_bilinear(coarse, a.shape[0], a.shape[1]).ravel()]}


def small_sequential():
    rng = np.random.RandomState(7)
    x = f32(rng.uniform(0, 1, (8, 8, 3)))
    k = f32(rng.normal(0, 0.4, (3, 3, 3, 4)))
    b = f32(rng.normal(0, 0.1, 4))
    gamma, beta = f32(rng.uniform(0.5, 1.5, 4)), f32(rng.normal(0, 0.2, 4))
    mean, var = f32(rng.normal(0.3, 0.2, 4)), f32(rng.uniform(0.2, 2.0, 4))
    w = f32(rng.normal(0, 0.3, (64, 5)))
    wb = f32(rng.normal(0, 0.1, 5))
    c = relu(conv2d(x, k, b, (1, 1), "same"))
    n = batchnorm(c, gamma, beta, mean, var, 0.001)
    p = maxpool(n, 2, 2)
    flat = p.reshape(-1)  # channels-last, as Keras' Flatten
    d = softmax(flat @ w + wb)
    config = {"class_name": "Sequential", "config": {"name": "small_sequential", "layers": [
        input_config("conv2d_input", (8, 8, 3)), conv_config("conv2d", 4, 3), bn_config("batch_normalization"),
        pool_config("max_pooling2d"), {"class_name": "Flatten", "config": {"name": "flatten", "data_format": "channels_last"}},
        dense_config("dense", 5, "softmax")]}, "keras_version": KERAS_VERSION, "backend": "tensorflow"}
    write_h5(os.path.join(HERE, "small_sequential.h5"), config, [
        ("conv2d", [("kernel", k), ("bias", b)]),
        ("batch_normalization", [("gamma", gamma), ("beta", beta), ("moving_mean", mean), ("moving_variance", var)]),
        ("max_pooling2d", []), ("flatten", []), ("dense", [("kernel", w), ("bias", wb)])], config_as_bytes=True)
    logits = flat @ w + wb
    cams = [grad_cam_after_maxpool(n, p, w, cls, 2) for cls in (int(np.argmax(logits)), int(np.argmin(logits)))]
    write_expected(os.path.join(HERE, "small_sequential.expected.json"), x,
                   [("conv2d", c), ("batch_normalization", n), ("max_pooling2d", p), ("flatten", flat), ("dense", d)],
                   112 + 16 + 325, {"gradcam": cams})


def mini_vgg():
    rng = np.random.RandomState(16)
    x = f32(rng.uniform(0, 1, (12, 12, 3)))
    k1, b1 = f32(rng.normal(0, 0.4, (3, 3, 3, 6))), f32(rng.normal(0, 0.1, 6))
    k2, b2 = f32(rng.normal(0, 0.3, (3, 3, 6, 6))), f32(rng.normal(0, 0.1, 6))
    k3, b3 = f32(rng.normal(0, 0.3, (3, 3, 6, 8))), f32(rng.normal(0, 0.1, 8))
    w1, c1 = f32(rng.normal(0, 0.2, (72, 16))), f32(rng.normal(0, 0.1, 16))
    w2, c2 = f32(rng.normal(0, 0.3, (16, 3))), f32(rng.normal(0, 0.1, 3))
    a1 = relu(conv2d(x, k1, b1, (1, 1), "same"))
    a2 = relu(conv2d(a1, k2, b2, (1, 1), "same"))
    p1 = maxpool(a2, 2, 2)                      # 6x6x6
    padded = np.pad(p1, ((1, 1), (1, 1), (0, 0)))
    a3 = relu(conv2d(padded, k3, b3, (1, 1), "valid"))  # 6x6x8
    p2 = maxpool(a3, 2, 2)                      # 3x3x8
    flat = p2.reshape(-1)
    fc1 = relu(flat @ w1 + c1)
    pred = softmax(fc1 @ w2 + c2)
    layers = [input_config("input_1", (12, 12, 3)), conv_config("block1_conv1", 6, 3),
              conv_config("block1_conv2", 6, 3), pool_config("block1_pool"),
              {"class_name": "ZeroPadding2D", "config": {"name": "zero_padding2d", "padding": [[1, 1], [1, 1]],
                                                         "data_format": "channels_last"}},
              conv_config("block2_conv1", 8, 3, padding="valid"), pool_config("block2_pool"),
              {"class_name": "Flatten", "config": {"name": "flatten", "data_format": "channels_last"}},
              dense_config("fc1", 16, "relu"),
              {"class_name": "Dropout", "config": {"name": "dropout", "rate": 0.5, "noise_shape": None, "seed": None}},
              dense_config("predictions", 3, "softmax")]
    config = functional("mini_vgg", layers, "input_1", "predictions")
    with open(os.path.join(HERE, "mini_vgg_functional.json"), "w") as f:
        json.dump(config, f, indent=1)
        f.write("\n")
    write_h5(os.path.join(HERE, "mini_vgg_functional.h5"), config, [
        ("input_1", []), ("block1_conv1", [("kernel", k1), ("bias", b1)]),
        ("block1_conv2", [("kernel", k2), ("bias", b2)]), ("block1_pool", []), ("zero_padding2d", []),
        ("block2_conv1", [("kernel", k3), ("bias", b3)]), ("block2_pool", []), ("flatten", []),
        ("fc1", [("kernel", w1), ("bias", c1)]), ("dropout", []),
        ("predictions", [("kernel", w2), ("bias", c2)])], config_as_bytes=False)
    params = (3 * 3 * 3 * 6 + 6) + (3 * 3 * 6 * 6 + 6) + (3 * 3 * 6 * 8 + 8) + (72 * 16 + 16) + (16 * 3 + 3)
    write_expected(os.path.join(HERE, "mini_vgg_functional.expected.json"), x,
                   [("block1_conv1", a1), ("block1_conv2", a2), ("block1_pool", p1), ("block2_conv1", a3),
                    ("block2_pool", p2), ("flatten", flat), ("fc1", fc1), ("dropout", fc1), ("predictions", pred)],
                   params)


def mini_mobilenet():
    """Only Conv1 and bn_Conv1 are supported; the rest (ReLU6, DepthwiseConv2D, Add, pooling) is listed."""
    rng = np.random.RandomState(2)
    x = f32(rng.uniform(-1, 1, (8, 8, 3)))
    k = f32(rng.normal(0, 0.4, (3, 3, 3, 4)))
    gamma, beta = f32(rng.uniform(0.5, 1.5, 4)), f32(rng.normal(0, 0.2, 4))
    mean, var = f32(rng.normal(0, 0.2, 4)), f32(rng.uniform(0.2, 2.0, 4))
    dk = f32(rng.normal(0, 0.4, (3, 3, 4, 1)))
    w, wb = f32(rng.normal(0, 0.3, (4, 3))), f32(rng.normal(0, 0.1, 3))
    c = conv2d(x, k, None, (2, 2), "same")   # 4x4x4: TF pads 0 before, 1 after
    n = batchnorm(c, gamma, beta, mean, var, 0.001)
    layers = [input_config("input_1", (8, 8, 3)),
              conv_config("Conv1", 4, 3, strides=2, activation="linear", use_bias=False),
              bn_config("bn_Conv1"),
              {"class_name": "ReLU", "config": {"name": "Conv1_relu", "max_value": 6.0, "negative_slope": 0.0,
                                                "threshold": 0.0}},
              {"class_name": "DepthwiseConv2D", "config": {"name": "expanded_conv_depthwise", "kernel_size": [3, 3],
                                                           "strides": [1, 1], "padding": "same", "depth_multiplier": 1,
                                                           "activation": "linear", "use_bias": False}},
              {"class_name": "Add", "config": {"name": "block_add"}, "inputs": ["Conv1_relu", "expanded_conv_depthwise"]},
              {"class_name": "GlobalAveragePooling2D", "config": {"name": "global_average_pooling2d",
                                                                  "data_format": "channels_last"}},
              dense_config("predictions", 3, "softmax")]
    config = functional("mini_mobilenet", layers, "input_1", "predictions")
    with open(os.path.join(HERE, "mini_mobilenet_functional.json"), "w") as f:
        json.dump(config, f, indent=1)
        f.write("\n")
    write_h5(os.path.join(HERE, "mini_mobilenet_functional.h5"), config, [
        ("input_1", []), ("Conv1", [("kernel", k)]),
        ("bn_Conv1", [("gamma", gamma), ("beta", beta), ("moving_mean", mean), ("moving_variance", var)]),
        ("Conv1_relu", []), ("expanded_conv_depthwise", [("depthwise_kernel", dk)]), ("block_add", []),
        ("global_average_pooling2d", []), ("predictions", [("kernel", w), ("bias", wb)])], config_as_bytes=False)
    write_expected(os.path.join(HERE, "mini_mobilenet_functional.expected.json"), x,
                   [("Conv1", c), ("bn_Conv1", n)], 108 + 16,
                   {"unsupported": ["Conv1_relu", "expanded_conv_depthwise", "block_add", "global_average_pooling2d"]})


if __name__ == "__main__":
    small_sequential()
    mini_vgg()
    mini_mobilenet()
    print("fixtures written to", HERE)
