"""PyTorch's learning-health numbers for one training step, as HealthReferenceTest compares them with ConvScope's.

Usage: health_reference.py PROJECT X.npy LABELS LR sgd|adam

PROJECT is a folder `convscope export --to pytorch` wrote with the model's weights (model.py, weights/); X.npy the
batch as (N, H, W, C) float32; LABELS the classes, comma-separated. One step of softmax cross-entropy (mean over the
batch) from those weights; prints one JSON line:
  grad_norm:    per Conv2d / Linear in model order, ||dL/dW||_2 of its weight (biases left out)
  update_ratio: per Conv2d / Linear, ||W_after - W_before||_2 / ||W_before||_2 after one optimiser step: SGD with
                Nesterov momentum 0.9 (ConvScope's "sgd") or Adam (beta1 0.9, beta2 0.999)
  zero_share:   per ReLU in call order, the share of its outputs that are 0 in the training forward pass

Adam's epsilon: DL4J adds epsilon to sqrt(v) before the bias correction, PyTorch after it; for the first step
torch's eps = 1e-8 / sqrt(1 - 0.999) puts it where DL4J's 1e-8 is (lr * m_hat / (sqrt(v_hat) + eps) then equals
DL4J's lr * sqrt(1 - b2) / (1 - b1) * m / (sqrt(v) + 1e-8) exactly).
"""
import importlib.util
import json
import sys

import numpy as np
import torch

project, x_path, labels, lr, optimizer = sys.argv[1:6]
spec = importlib.util.spec_from_file_location("model", project + "/model.py")
model = importlib.util.module_from_spec(spec)
spec.loader.exec_module(model)
net = model.load_convscope_weights(model.Model(), project + "/weights").train()

x = torch.from_numpy(np.load(x_path)).permute(0, 3, 1, 2).contiguous()
y = torch.tensor([int(v) for v in labels.split(",")])

relu_outputs = []
plain_relu = torch.relu


def recording_relu(t, *args, **kwargs):
    out = plain_relu(t, *args, **kwargs)
    relu_outputs.append(out.detach().clone())
    return out


layers = [m for m in net.modules() if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))]
torch.relu = recording_relu
try:
    logits = net.logits(x)  # before the last softmax: ConvScope trains softmax cross-entropy on the logits
finally:
    torch.relu = plain_relu
loss = torch.nn.functional.cross_entropy(logits, y)
loss.backward()
grad_norm = [float(m.weight.grad.norm()) for m in layers]
before = [m.weight.detach().clone() for m in layers]
if optimizer == "adam":
    opt = torch.optim.Adam(net.parameters(), lr=float(lr), betas=(0.9, 0.999), eps=1e-8 / (1 - 0.999) ** 0.5)
else:
    opt = torch.optim.SGD(net.parameters(), lr=float(lr), momentum=0.9, nesterov=True)
opt.step()
update_ratio = [float((m.weight.detach() - w).norm() / w.norm()) for m, w in zip(layers, before)]
zero_share = [int((o == 0).sum()) / o.numel() for o in relu_outputs]
print(json.dumps({"loss": float(loss), "grad_norm": grad_norm, "update_ratio": update_ratio, "zero_share": zero_share}))
