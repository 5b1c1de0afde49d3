#!/usr/bin/env python3
"""Writes small Keras 3 model files (.keras, and .h5 in Keras 3's legacy format) with their expected outputs, for
KerasV3Test, and a tiny .h5 that declares a 1.8-billion-weight Dense layer, for KerasH5LimitsTest.

Layouts follow Keras 3's saving code (keras/src/saving/saving_lib.py, keras/src/legacy/saving/legacy_h5_format.py):
  *.keras  a zip of config.json (serialize_keras_object(model): every class with "module" and "registered_name",
           layers with "build_config", functional layers with "inbound_nodes" as [{"args": [...], "kwargs": {...}}]
           where each tensor is {"class_name": "__keras_tensor__", "config": {"shape", "dtype", "keras_history"}}),
           metadata.json ({"keras_version", "date_saved"}) and model.weights.h5 (each layer's variables as datasets
           layers/<name>/vars/0, 1, ... in creation order; the optimizer's under optimizer/vars, which readers ignore).
  *.h5     Keras 3's model.save("x.h5"): root attributes keras_version, backend, model_config (Keras 3 layer dicts
           inside a {"class_name", "config"} wrapper) and model_weights/<layer>/ with weight_names such as
           "sequential/conv2d/kernel" (the variable's path, no ":0"), the datasets nested along that path.
No Keras is needed: weights are drawn with NumPy from fixed seeds and every expected output is computed with NumPy
(float64) by the reference layers of make_fixture.py, an implementation independent of ConvScope's. The zip entries
carry a fixed date and h5py is told not to track times, so a rerun writes the same bytes.

Run with Debian's python3 (NumPy, h5py):  /usr/bin/python3 make_keras3_fixture.py [OUT_DIR]
Writes, beside this script (or into OUT_DIR; KerasV3ScriptTest compares the two byte for byte):
    k3_sequential.keras (+ .expected.json)   Sequential: Conv2D, BatchNormalization, MaxPooling2D, Flatten, Dense
    k3_chain.keras (+ .expected.json)        Functional chain: Conv2D, ZeroPadding2D, AveragePooling2D, Conv2D, ReLU,
                                             BatchNormalization, Flatten, Dense, Dropout, Dense, Softmax
    k3_residual.keras (+ .expected.json)     Functional with a skip connection (Add): shown up to the join
    k3_legacy.h5 (+ .expected.json)          the Sequential model saved by Keras 3 in the legacy HDF5 format
    huge_dense.h5                            Flatten of 100x100x3 into Dense(60000): 1.8e9 declared weights, no data
"""
import json
import os
import sys
import tempfile
import zipfile

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_fixture import batchnorm, conv2d, f32, maxpool, relu, softmax, write_expected  # noqa: E402

KERAS_VERSION = "3.3.3"
DATE = (2024, 5, 1, 12, 0, 0)


# ------------------------------------------------------------------------------------------ reference NumPy layers
def avgpool(x, k, s):
    oh = (x.shape[0] - k) // s + 1
    ow = (x.shape[1] - k) // s + 1
    y = np.zeros((oh, ow, x.shape[2]))
    for r in range(oh):
        for c in range(ow):
            y[r, c, :] = x[r * s:r * s + k, c * s:c * s + k, :].mean(axis=(0, 1))
    return y


# ------------------------------------------------------------------------------------------ Keras 3 config pieces
def policy():
    return {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None}


def initializer(name):
    return {"module": "keras.initializers", "class_name": name, "config": {"seed": None} if name != "Zeros" else {},
            "registered_name": None}


def layer(cls, config, input_shape=None):
    d = {"module": "keras.layers", "class_name": cls, "config": config, "registered_name": None}
    if input_shape is not None:
        d["build_config"] = {"input_shape": [None] + list(input_shape)}
    return d


def input_layer(name, shape):
    return layer("InputLayer", {"batch_shape": [None] + list(shape), "dtype": "float32", "sparse": False, "name": name})


def conv(name, filters, k, input_shape, padding="same", activation="relu", use_bias=True):
    return layer("Conv2D", {
        "name": name, "trainable": True, "dtype": policy(), "filters": filters, "kernel_size": [k, k],
        "strides": [1, 1], "padding": padding, "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1,
        "activation": activation, "use_bias": use_bias, "kernel_initializer": initializer("GlorotUniform"),
        "bias_initializer": initializer("Zeros"), "kernel_regularizer": None, "bias_regularizer": None,
        "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None}, input_shape)


def bn(name, input_shape, eps=0.001):
    return layer("BatchNormalization", {
        "name": name, "trainable": True, "dtype": policy(), "axis": -1, "momentum": 0.99, "epsilon": eps,
        "center": True, "scale": True, "beta_initializer": initializer("Zeros"),
        "gamma_initializer": {"module": "keras.initializers", "class_name": "Ones", "config": {}, "registered_name": None},
        "moving_mean_initializer": initializer("Zeros"),
        "moving_variance_initializer": {"module": "keras.initializers", "class_name": "Ones", "config": {},
                                        "registered_name": None},
        "beta_regularizer": None, "gamma_regularizer": None, "beta_constraint": None, "gamma_constraint": None,
        "synchronized": False}, input_shape)


def pool(cls, name, input_shape, k=2):
    return layer(cls, {"name": name, "trainable": True, "dtype": policy(), "pool_size": [k, k], "padding": "valid",
                       "strides": [k, k], "data_format": "channels_last"}, input_shape)


def flatten(name, input_shape):
    return layer("Flatten", {"name": name, "trainable": True, "dtype": policy(), "data_format": "channels_last"},
                 input_shape)


def dense(name, units, activation, input_shape):
    return layer("Dense", {
        "name": name, "trainable": True, "dtype": policy(), "units": units, "activation": activation, "use_bias": True,
        "kernel_initializer": initializer("GlorotUniform"), "bias_initializer": initializer("Zeros"),
        "kernel_regularizer": None, "bias_regularizer": None, "kernel_constraint": None, "bias_constraint": None},
        input_shape)


def tensor(shape, source):
    return {"class_name": "__keras_tensor__", "config": {"shape": [None] + list(shape), "dtype": "float32",
                                                         "keras_history": [source, 0, 0]}}


def sequential(name, layers, input_shape):
    return {"module": "keras", "class_name": "Sequential", "config": {
        "name": name, "trainable": True, "dtype": policy(), "layers": layers,
        "build_input_shape": [None] + list(input_shape)}, "registered_name": None,
        "build_config": {"input_shape": [None] + list(input_shape)},
        "compile_config": {"optimizer": {"module": "keras.optimizers", "class_name": "Adam", "config": {
            "name": "adam", "learning_rate": 0.001}, "registered_name": None},
            "loss": "categorical_crossentropy", "metrics": ["accuracy"]}}


def functional(name, nodes, output_name):
    """nodes: [(layer dict, [(source name, its output shape), ...])]; the InputLayer has no sources."""
    wired = []
    for d, sources in nodes:
        d = dict(d)
        d["name"] = d["config"]["name"]
        if not sources:
            d["inbound_nodes"] = []
        else:
            args = [tensor(s, n) for n, s in sources]
            d["inbound_nodes"] = [{"args": [args[0]] if len(args) == 1 else [args], "kwargs": {}}]
        wired.append(d)
    first = wired[0]["name"]
    return {"module": "keras.src.models.functional", "class_name": "Functional", "config": {
        "name": name, "trainable": True, "layers": wired, "input_layers": [[first, 0, 0]],
        "output_layers": [[output_name, 0, 0]]}, "registered_name": "Functional",
        "build_config": {"input_shape": None}, "compile_config": None}


# ------------------------------------------------------------------------------------------ writing
def new_h5(path):
    """An HDF5 file whose objects carry no times (h5py's defaults stamp every group), so reruns give the same bytes."""
    fcpl = h5py.h5p.create(h5py.h5p.FILE_CREATE)
    fcpl.set_obj_track_times(False)
    return h5py.File(h5py.h5f.create(path.encode("utf8"), h5py.h5f.ACC_TRUNC, fcpl=fcpl))


def group(parent, path):
    """Creates (or opens) the groups along path, without times."""
    for part in path.split("/"):
        if part not in parent:
            gcpl = h5py.h5p.create(h5py.h5p.GROUP_CREATE)
            gcpl.set_obj_track_times(False)
            h5py.h5g.create(parent.id, part.encode("utf8"), gcpl=gcpl)
        parent = parent[part]
    return parent


def weights_h5(layer_vars, optimizer_vars):
    """layer_vars: [(layer name, [array, ...])]; returns model.weights.h5's bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model.weights.h5")
        with new_h5(path) as f:
            group(f, "vars")
            for name, arrays in layer_vars:
                g = group(f, "layers/" + name + "/vars")
                for i, a in enumerate(arrays):
                    g.create_dataset(str(i), data=np.asarray(a, dtype=np.float32), track_times=False)
            opt = group(f, "optimizer/vars")
            for i, a in enumerate(optimizer_vars):
                opt.create_dataset(str(i), data=np.asarray(a, dtype=np.float32), track_times=False)
        with open(path, "rb") as f:
            return f.read()


def write_keras(path, config, layer_vars):
    optimizer_vars = [np.array(3.0)] + [np.zeros_like(a) for _, arrays in layer_vars for a in arrays[:1]]
    entries = [("metadata.json", json.dumps({"keras_version": KERAS_VERSION, "date_saved": "2024-05-01@12:00:00"})),
               ("config.json", json.dumps(config)),
               ("model.weights.h5", weights_h5(layer_vars, optimizer_vars))]
    with zipfile.ZipFile(path, "w") as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=DATE)
            info.compress_type = zipfile.ZIP_STORED
            z.writestr(info, data)


def sequential_model():
    rng = np.random.RandomState(31)
    x = f32(rng.uniform(0, 1, (8, 8, 3)))
    k, b = f32(rng.normal(0, 0.4, (3, 3, 3, 4))), f32(rng.normal(0, 0.1, 4))
    gamma, beta = f32(rng.uniform(0.5, 1.5, 4)), f32(rng.normal(0, 0.2, 4))
    mean, var = f32(rng.normal(0.3, 0.2, 4)), f32(rng.uniform(0.2, 2.0, 4))
    w, wb = f32(rng.normal(0, 0.3, (64, 5))), f32(rng.normal(0, 0.1, 5))
    c = relu(conv2d(x, k, b, (1, 1), "same"))
    n = batchnorm(c, gamma, beta, mean, var, 0.001)
    p = maxpool(n, 2, 2)
    flat = p.reshape(-1)
    d = softmax(flat @ w + wb)
    layers = [input_layer("input_layer", (8, 8, 3)), conv("conv2d", 4, 3, (8, 8, 3)), bn("batch_normalization", (8, 8, 4)),
              pool("MaxPooling2D", "max_pooling2d", (8, 8, 4)), flatten("flatten", (4, 4, 4)),
              dense("dense", 5, "softmax", (64,))]
    config = sequential("sequential", layers, (8, 8, 3))
    weights = [("conv2d", [k, b]), ("batch_normalization", [gamma, beta, mean, var]), ("max_pooling2d", []),
               ("flatten", []), ("dense", [w, wb])]
    outputs = [("conv2d", c), ("batch_normalization", n), ("max_pooling2d", p), ("flatten", flat), ("dense", d)]
    return x, config, weights, outputs, 112 + 16 + 325


def chain_model():
    rng = np.random.RandomState(32)
    x = f32(rng.uniform(0, 1, (10, 10, 3)))
    k1, b1 = f32(rng.normal(0, 0.4, (3, 3, 3, 6))), f32(rng.normal(0, 0.1, 6))
    k2, b2 = f32(rng.normal(0, 0.3, (3, 3, 6, 8))), f32(rng.normal(0, 0.1, 8))
    gamma, beta = f32(rng.uniform(0.5, 1.5, 8)), f32(rng.normal(0, 0.2, 8))
    mean, var = f32(rng.normal(0.2, 0.2, 8)), f32(rng.uniform(0.2, 2.0, 8))
    w1, c1 = f32(rng.normal(0, 0.2, (72, 12))), f32(rng.normal(0, 0.1, 12))
    w2, c2 = f32(rng.normal(0, 0.3, (12, 4))), f32(rng.normal(0, 0.1, 4))
    a1 = relu(conv2d(x, k1, b1, (1, 1), "valid"))          # 8x8x6
    padded = np.pad(a1, ((1, 1), (1, 1), (0, 0)))          # 10x10x6
    p1 = avgpool(padded, 2, 2)                             # 5x5x6
    a2 = conv2d(p1, k2, b2, (1, 1), "valid")               # 3x3x8, linear
    r2 = relu(a2)
    n2 = batchnorm(r2, gamma, beta, mean, var, 0.001)
    flat = n2.reshape(-1)                                  # 72
    fc1 = relu(flat @ w1 + c1)
    logits = fc1 @ w2 + c2
    probs = softmax(logits)
    nodes = [(input_layer("image", (10, 10, 3)), []),
             (conv("conv_a", 6, 3, (10, 10, 3), padding="valid"), [("image", (10, 10, 3))]),
             (layer("ZeroPadding2D", {"name": "pad", "trainable": True, "dtype": policy(), "padding": [[1, 1], [1, 1]],
                                      "data_format": "channels_last"}, (8, 8, 6)), [("conv_a", (8, 8, 6))]),
             (pool("AveragePooling2D", "avg_pool", (10, 10, 6)), [("pad", (10, 10, 6))]),
             (conv("conv_b", 8, 3, (5, 5, 6), padding="valid", activation="linear"), [("avg_pool", (5, 5, 6))]),
             (layer("ReLU", {"name": "relu_b", "trainable": True, "dtype": policy(), "max_value": None,
                             "negative_slope": 0.0, "threshold": 0.0}, (3, 3, 8)), [("conv_b", (3, 3, 8))]),
             (bn("bn_b", (3, 3, 8)), [("relu_b", (3, 3, 8))]),
             (flatten("flat", (3, 3, 8)), [("bn_b", (3, 3, 8))]),
             (dense("fc1", 12, "relu", (72,)), [("flat", (72,))]),
             (layer("Dropout", {"name": "drop", "trainable": True, "dtype": policy(), "rate": 0.3, "seed": None,
                                "noise_shape": None}, (12,)), [("fc1", (12,))]),
             (dense("logits", 4, "linear", (12,)), [("drop", (12,))]),
             (layer("Softmax", {"name": "probs", "trainable": True, "dtype": policy(), "axis": -1}, (4,)),
              [("logits", (4,))])]
    config = functional("chain", nodes, "probs")
    weights = [("conv_a", [k1, b1]), ("pad", []), ("avg_pool", []), ("conv_b", [k2, b2]), ("relu_b", []),
               ("bn_b", [gamma, beta, mean, var]), ("flat", []), ("fc1", [w1, c1]), ("drop", []), ("logits", [w2, c2]),
               ("probs", [])]
    outputs = [("conv_a", a1), ("avg_pool", p1), ("conv_b", a2), ("relu_b", r2), ("bn_b", n2), ("flat", flat),
               ("fc1", fc1), ("drop", fc1), ("logits", logits), ("probs", probs)]
    params = (3 * 3 * 3 * 6 + 6) + (3 * 3 * 6 * 8 + 8) + 4 * 8 + (72 * 12 + 12) + (12 * 4 + 4)
    return x, config, weights, outputs, params


def residual_model():
    rng = np.random.RandomState(33)
    x = f32(rng.uniform(-1, 1, (6, 6, 3)))
    k1, b1 = f32(rng.normal(0, 0.4, (3, 3, 3, 4))), f32(rng.normal(0, 0.1, 4))
    k2, b2 = f32(rng.normal(0, 0.4, (3, 3, 4, 4))), f32(rng.normal(0, 0.1, 4))
    w, wb = f32(rng.normal(0, 0.3, (144, 3))), f32(rng.normal(0, 0.1, 3))
    a1 = relu(conv2d(x, k1, b1, (1, 1), "same"))
    a2 = relu(conv2d(a1, k2, b2, (1, 1), "same"))
    nodes = [(input_layer("input_layer", (6, 6, 3)), []),
             (conv("conv1", 4, 3, (6, 6, 3)), [("input_layer", (6, 6, 3))]),
             (conv("conv2", 4, 3, (6, 6, 4)), [("conv1", (6, 6, 4))]),
             (layer("Add", {"name": "skip", "trainable": True, "dtype": policy()}, None),
              [("conv1", (6, 6, 4)), ("conv2", (6, 6, 4))]),
             (flatten("flatten", (6, 6, 4)), [("skip", (6, 6, 4))]),
             (dense("dense", 3, "softmax", (144,)), [("flatten", (144,))])]
    config = functional("residual", nodes, "dense")
    weights = [("conv1", [k1, b1]), ("conv2", [k2, b2]), ("skip", []), ("flatten", []), ("dense", [w, wb])]
    return x, config, weights, [("conv1", a1), ("conv2", a2)], (108 + 4) + (144 + 4)


def write_legacy_h5(path, config, weights):
    """Keras 3's model.save("x.h5"): model_config wraps get_config() (Keras 3 layer dicts); weight names are paths."""
    with new_h5(path) as f:
        f.attrs["keras_version"] = KERAS_VERSION
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps({"class_name": config["class_name"], "config": config["config"]})
        g = group(f, "model_weights")
        g.attrs["layer_names"] = np.array([n.encode("utf8") for n, _ in weights])
        g.attrs["backend"] = b"tensorflow"
        g.attrs["keras_version"] = KERAS_VERSION.encode("utf8")
        roles = {2: ["kernel", "bias"], 4: ["gamma", "beta", "moving_mean", "moving_variance"], 0: []}
        for name, arrays in weights:
            lg = group(g, name)
            names = ["sequential/" + name + "/" + r for r in roles[len(arrays)]]
            lg.attrs["weight_names"] = np.array([n.encode("utf8") for n in names]) if names else np.array([])
            for n, a in zip(names, arrays):
                group(lg, n.rsplit("/", 1)[0]).create_dataset(n.rsplit("/", 1)[1], data=np.asarray(a, dtype=np.float32),
                                                               track_times=False)


def huge_dense(path):
    """A Keras 2 .h5 whose Dense kernel declares (30000, 60000) float32 values (6.7 GiB) but stores none: chunked
    datasets allocate their chunks only when written, so the file stays a few KB."""
    config = {"class_name": "Sequential", "config": {"name": "huge", "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 100, 100, 3], "dtype": "float32",
                                                "name": "input_1"}},
        {"class_name": "Flatten", "config": {"name": "flatten", "data_format": "channels_last"}},
        {"class_name": "Dense", "config": {"name": "dense", "units": 60000, "activation": "softmax",
                                           "use_bias": True}}]}, "keras_version": "2.13.1", "backend": "tensorflow"}
    with new_h5(path) as f:
        f.attrs["keras_version"] = "2.13.1"
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(config)
        g = group(f, "model_weights")
        g.attrs["layer_names"] = np.array([b"flatten", b"dense"])
        group(g, "flatten").attrs["weight_names"] = np.array([])
        lg = group(g, "dense")
        lg.attrs["weight_names"] = np.array([b"dense/kernel:0", b"dense/bias:0"])
        lg = group(lg, "dense")
        lg.create_dataset("kernel:0", shape=(30000, 60000), dtype="f4", chunks=(1000, 1000), track_times=False)
        lg.create_dataset("bias:0", shape=(60000,), dtype="f4", chunks=(6000,), track_times=False)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else HERE
    for name, make in (("k3_sequential", sequential_model), ("k3_chain", chain_model),
                       ("k3_residual", residual_model)):
        x, config, weights, outputs, params = make()
        write_keras(os.path.join(out, name + ".keras"), config, weights)
        extra = {"unsupported": ["skip"]} if name == "k3_residual" else None
        write_expected(os.path.join(out, name + ".expected.json"), x, outputs, params, extra)
    x, config, weights, outputs, params = sequential_model()
    write_legacy_h5(os.path.join(out, "k3_legacy.h5"), config, weights)
    write_expected(os.path.join(out, "k3_legacy.expected.json"), x, outputs, params)
    huge_dense(os.path.join(out, "huge_dense.h5"))
    print("fixtures written to", out)


if __name__ == "__main__":
    main()
