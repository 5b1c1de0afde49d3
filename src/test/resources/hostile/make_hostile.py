#!/usr/bin/env python3
"""Writes the hostile-input corpus beside this script (HostileCorpusTest feeds every file to ConvScope's loaders).

Run from anywhere: python3 make_hostile.py. Deterministic; small (the zip bomb is 100 MB of zeros, ~100 KB gzipped).
"""
import gzip
import io
import os
import struct
import tarfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def out(*parts):
    path = os.path.join(HERE, *parts)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def tar_gz(name, add):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        add(tar)
    open(out("archives", name), "wb").write(buf.getvalue())


def file_entry(tar, name, data=b"evil\n"):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


# --- archives: each must be refused with the bad entry named, and nothing written anywhere
tar_gz("traversal.tar.gz", lambda t: file_entry(t, "cifar-10-batches-bin/../../evil.txt"))
tar_gz("absolute.tar.gz", lambda t: file_entry(t, "/tmp/convscope-evil.txt"))


def symlink(t):
    info = tarfile.TarInfo("cifar-10-batches-bin/data_batch_1.bin")
    info.type = tarfile.SYMTYPE
    info.linkname = "/etc/passwd"
    t.addfile(info)


def hardlink(t):
    file_entry(t, "cifar-10-batches-bin/a.bin")
    info = tarfile.TarInfo("cifar-10-batches-bin/b.bin")
    info.type = tarfile.LNKTYPE
    info.linkname = "/etc/shadow"
    t.addfile(info)


def device(t):
    info = tarfile.TarInfo("cifar-10-batches-bin/disk")
    info.type = tarfile.BLKTYPE
    info.devmajor, info.devminor = 8, 0
    t.addfile(info)


def bomb(t):
    size = 100 * 1024 * 1024
    info = tarfile.TarInfo("cifar-10-batches-bin/data_batch_1.bin")
    info.size = size

    class Zeros(io.RawIOBase):
        left = size

        def readable(self):
            return True

        def readinto(self, b):
            n = min(len(b), self.left)
            b[:n] = bytes(n)
            self.left -= n
            return n

    t.addfile(info, io.BufferedReader(Zeros()))


tar_gz("symlink.tar.gz", symlink)
tar_gz("hardlink.tar.gz", hardlink)
tar_gz("device.tar.gz", device)
tar_gz("bomb.tar.gz", bomb)
open(out("archives", "not-gzip.tar.gz"), "wb").write(bytes(range(256)) * 40)
open(out("archives", "truncated.tar.gz"), "wb").write(gzip.compress(b"x" * 100000)[:500])


# --- images: each must fail with ImageLoadException (a message), before decoding anything huge
def png(width, height, body=b""):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + (chunk(b"IDAT", body) if body else b"") + chunk(b"IEND", b"")


open(out("images", "giant-header.png"), "wb").write(png(100000, 100000, zlib.compress(b"\x00" * 100)))
small = png(4, 4, zlib.compress(b"".join(b"\x00" + b"\x80" * 12 for _ in range(4))))
open(out("images", "truncated.png"), "wb").write(small[: len(small) // 2])
open(out("images", "empty.png"), "wb").write(b"")
open(out("images", "text-named.jpg"), "wb").write(b"this is not a JPEG at all\n" * 10)
bmp = b"BM" + struct.pack("<IHHI", 54, 0, 0, 54) + struct.pack("<IiiHHIIiiII", 40, 30000, 30000, 1, 24, 0, 0, 0, 0, 0, 0)
open(out("images", "giant-header.bmp"), "wb").write(bmp)

# --- model files: each must fail with a message naming where (exit 2), never a stack trace
models = {
    "syntax-error.convscope.json": '{"format": "convscope-model", "version": 1, "input": ',
    "wrong-format.convscope.json": '{"format": "keras", "version": 1}',
    "future-version.convscope.json": '{"format": "convscope-model", "version": 99999999999, "name": "x"}',
    "negative-filters.convscope.json": '{"format": "convscope-model", "version": 1, "name": "x", "input": {"height": 8,'
    ' "width": 8, "channels": 1}, "layers": [{"type": "Conv2D", "filters": -3, "kernel": [3, 3]}]}',
    "string-sizes.convscope.json": '{"format": "convscope-model", "version": 1, "name": "x", "input": {"height": "big",'
    ' "width": 8, "channels": 1}, "layers": []}',
    "unknown-layer.convscope.json": '{"format": "convscope-model", "version": 1, "name": "x", "input": {"height": 8,'
    ' "width": 8, "channels": 1}, "layers": [{"type": "Teleporter"}]}',
    "deep-nesting.convscope.json": "[" * 100000 + "]" * 100000,
    "huge-number.convscope.json": '{"format": "convscope-model", "version": 1, "name": "x", "input": {"height": '
    + "9" * 5000 + ', "width": 8, "channels": 1}, "layers": []}',
    "binary.convscope.json": "\u0000\u0001\u0002\ufffd" * 100,
}
for name, text in models.items():
    open(out("models", name), "w", encoding="utf-8").write(text)

# --- Keras .h5 model files: each must be refused with a message naming the file (exit 2), nothing run.
# Needs NumPy and h5py (Debian: apt-get install python3-h5py; run with /usr/bin/python3); skipped without them.
try:
    import json
    import h5py
    import numpy as np
except ImportError:
    h5py = None
    print("h5py or NumPy missing: the .h5 files are not rewritten")


def keras_h5(name, layers, weights, config_key="model_config", edit=None):
    """A Keras-2-style .h5: layers is the Sequential layer list, weights {layer: [(weight, array or shape)]}."""
    path = out("models", name)
    config = {"class_name": "Sequential", "config": {"name": "hostile", "layers": layers},
              "keras_version": "2.13.1", "backend": "tensorflow"}
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = b"2.13.1"
        if config_key:
            f.attrs[config_key] = json.dumps(config).encode("utf8")
        g = f.create_group("model_weights") if config_key else f
        g.attrs["layer_names"] = np.array([layer["config"]["name"].encode("utf8") for layer in layers[1:]])
        for layer in layers[1:]:
            lname = layer["config"]["name"]
            lg = g.create_group(lname)
            ws = weights.get(lname, [])
            lg.attrs["weight_names"] = np.array([(lname + "/" + w + ":0").encode("utf8") for w, _ in ws]) if ws else np.array([])
            for w, value in ws:
                if isinstance(value, tuple):  # a declared shape, chunked, nothing written: the file stays small
                    lg.create_dataset(lname + "/" + w + ":0", shape=value, dtype="float32", chunks=(1,) * (len(value) - 2) + value[-2:])
                else:
                    lg.create_dataset(lname + "/" + w + ":0", data=value.astype(np.float32))
        if edit:
            edit(f)
    return path


if h5py is not None:
    INPUT = {"class_name": "InputLayer", "config": {"name": "input_1", "batch_input_shape": [None, 8, 8, 3]}}
    CONV = {"class_name": "Conv2D", "config": {"name": "conv2d", "filters": 4, "kernel_size": [3, 3], "activation": "relu"}}
    FLAT = {"class_name": "Flatten", "config": {"name": "flatten"}}
    DENSE = {"class_name": "Dense", "config": {"name": "dense", "units": 2, "activation": "softmax"}}
    GOOD = {"conv2d": [("kernel", np.ones((3, 3, 3, 4))), ("bias", np.zeros(4))],
            "dense": [("kernel", np.ones((144, 2))), ("bias", np.zeros(2))]}
    open(out("models", "not-hdf5.h5"), "wb").write(b"this is a Keras model, honestly\n" * 20)
    valid = open(keras_h5("truncated.h5", [INPUT, CONV, FLAT, DENSE], GOOD), "rb").read()
    open(out("models", "truncated.h5"), "wb").write(valid[: len(valid) * 2 // 5])
    open(out("models", "garbage-after-signature.h5"), "wb").write(
        b"\x89HDF\r\n\x1a\n" + bytes((i * 7919 + 13) % 251 for i in range(4000)))
    keras_h5("weights-only.h5", [INPUT, CONV, FLAT, DENSE], GOOD, config_key=None)
    lambda_layer = {"class_name": "Lambda", "config": {"name": "innocent", "function": [
        "4wEAAAAAAAAAAAAAAAEAAAACAAAAQwAAAHMIAAAAZABkAYMBUwApAk7aAmxzqQCpAdoBeHICAAAAcgIAAAD6AS7aCDxsYW1iZGE+AQAAAPMAAAAA",
        None, None], "function_type": "lambda", "module": "__main__", "output_shape": None, "arguments": {}}}
    keras_h5("lambda-layer.h5", [INPUT, CONV, lambda_layer, FLAT, DENSE], GOOD)
    keras_h5("custom-layer.h5", [INPUT, {"class_name": "EvilLayer", "config": {"name": "evil", "command": "rm -rf /"}},
                                 FLAT, DENSE], GOOD)
    keras_h5("absurd-shape.h5", [INPUT, CONV, FLAT, DENSE],
             {"conv2d": [("kernel", (100000, 100000, 3, 4)), ("bias", np.zeros(4))], "dense": GOOD["dense"]})
    keras_h5("nan-weights.h5", [INPUT, CONV, FLAT, DENSE],
             {"conv2d": [("kernel", np.full((3, 3, 3, 4), np.nan)), ("bias", np.zeros(4))], "dense": GOOD["dense"]})

# --- CIFAR-10 batches: each must fail with CifarFormatException naming the file
record = bytes([3]) + bytes(3072)
open(out("cifar", "truncated.bin"), "wb").write(record * 2 + record[:1000])
open(out("cifar", "label-12.bin"), "wb").write(record + bytes([12]) + bytes(3072))
open(out("cifar", "empty.bin"), "wb").write(b"")
open(out("cifar", "not-gzip.bin.gz"), "wb").write(record * 3)
noisy = b"".join(bytes([i % 10]) + bytes((i * 7919 + k * 31) % 251 for k in range(3072)) for i in range(20))
packed = gzip.compress(noisy)
open(out("cifar", "truncated-gzip.bin.gz"), "wb").write(packed[: len(packed) // 2])
print("corpus written to", HERE)
