#!/usr/bin/env python3
"""Reference outputs for AugmentationReferenceTest, computed the way Keras does it.

Keras' ImageDataGenerator.apply_transform -> apply_affine_transform builds the matrix
    R(theta) . S(tx, ty) . H(shear) . Z(zx, zy)    (row, column) coordinates
centres it with transform_matrix_offset_center and calls scipy.ndimage.affine_transform per channel
(order=1, i.e. bilinear) with fill_mode and cval=0; flips and brightness come afterwards.

This script repeats that with numpy and scipy, independently of the Java code, with two changes that
ConvScope makes on purpose (see Augmentation.Variant.matrix):
  * the centre is (n - 1) / 2 (Keras: n / 2 + 0.5);
  * flips mirror the input before the transform (numpy slicing here, not a matrix).
Brightness is x * b clipped to [0, 1].

Run once:  python3 make_reference.py > reference.txt   (numpy 2.4.6, scipy 1.17.1 were used)
"""
import numpy as np
from scipy import ndimage

H, W, C = 7, 9, 3


def image():
    r, c, ch = np.meshgrid(np.arange(H), np.arange(W), np.arange(C), indexing="ij")
    return (((r * 7 + c * 3 + ch * 5) % 11) / 10.0 + 0.01 * c * r).astype(np.float64)


def keras_matrix(theta, tx, ty, shear, zx, zy):
    theta = np.deg2rad(theta)
    rotation = np.array([[np.cos(theta), -np.sin(theta), 0], [np.sin(theta), np.cos(theta), 0], [0, 0, 1]])
    shift = np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]])
    s = np.deg2rad(shear)
    shear_m = np.array([[1, -np.sin(s), 0], [0, np.cos(s), 0], [0, 0, 1]])
    zoom = np.array([[zx, 0, 0], [0, zy, 0], [0, 0, 1]])
    m = rotation @ shift @ shear_m @ zoom
    o_r, o_c = (H - 1) / 2.0, (W - 1) / 2.0
    offset = np.array([[1, 0, o_r], [0, 1, o_c], [0, 0, 1]])
    reset = np.array([[1, 0, -o_r], [0, 1, -o_c], [0, 0, 1]])
    return offset @ m @ reset


def transform(x, flip_h, flip_v, dy, dx, theta, shear, zx, zy, brightness, fill):
    if flip_h:
        x = x[:, ::-1, :]
    if flip_v:
        x = x[::-1, :, :]
    m = keras_matrix(theta, -dy, -dx, shear, zx, zy)
    out = np.stack([ndimage.affine_transform(x[:, :, ch], m[:2, :2], m[:2, 2], order=1, mode=fill, cval=0.0)
                    for ch in range(C)], axis=2)
    if brightness != 1:
        out = np.clip(out * brightness, 0, 1)
    return out


CASES = [
    # flipH flipV dy dx theta shear zx zy brightness
    (True, False, 1.3, -0.7, 23.0, 12.0, 0.9, 1.15, 1.0),
    (False, True, -2.2, 1.6, -37.0, -8.0, 1.2, 0.85, 1.3),
    (True, True, 0.4, 0.0, 140.0, 25.0, 0.8, 0.8, 0.7),
]

if __name__ == "__main__":
    x = image()
    print("# H W C", H, W, C, "; image: ((7r + 3c + 5ch) % 11) / 10 + 0.01 c r ; values channels-last")
    print("# case: fill flipH flipV dy dx theta shear zx zy brightness | h*w*c outputs")
    for case in CASES:
        for fill in ("nearest", "constant", "reflect"):
            out = transform(x, *case, fill)
            head = " ".join([fill] + [str(v).lower() if isinstance(v, bool) else repr(float(v)) for v in case])
            print(head, "|", " ".join("%.9g" % v for v in out.reshape(-1)))
