
    def standardize(self, x):
        return (x - self.input_mean) / self.input_std if self.standardized else x

    def forward(self, x, logits=False):
        """The model's output; with logits=True, the output before the last softmax (train.py's loss takes those)."""
        x = self.logits(x)
        return torch.softmax(x, dim=1) if ENDS_WITH_SOFTMAX and not logits else x


def convscope_parameter_count(model):
    """Counts as ConvScope's summary does: every parameter plus batch normalisation's moving mean and variance."""
    n = sum(p.numel() for p in model.parameters())
    for m in model.modules():
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            n += m.running_mean.numel() + m.running_var.numel()
    return n


def load_convscope_weights(model, folder):
    """Copies the weights ConvScope exported (weights/weights.json and one .npy per tensor, PyTorch layouts)."""
    with open(os.path.join(folder, "weights.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    state = model.state_dict()
    with torch.no_grad():
        for key, entry in manifest["tensors"].items():
            value = torch.from_numpy(np.load(os.path.join(folder, entry["file"])))
            if tuple(value.shape) != tuple(state[key].shape):
                raise ValueError(f"{key}: the file has shape {tuple(value.shape)}, the model {tuple(state[key].shape)}")
            state[key].copy_(value)
    return model


if __name__ == "__main__":
    m = Model()
    print(m)
    print("parameters (ConvScope's count):", convscope_parameter_count(m))
