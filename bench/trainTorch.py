"""PyTorch CPU reference for bench/train.ts: the same architecture as each model family, one
training step (forward, backward, Adam) at a time, on random data.

Reads a JSON spec on stdin ({"threads", "steps", "warmup", "cases": [{id, family, config, batch,
inputShapes}]}) and prints one JSON line: per case the best and median wall/CPU milliseconds, or
{"skipped": reason} where there is no PyTorch twin. Run by the benchmark with Debian's
python3-torch (+ python3-torchvision for the ImageNet backbones and the 3D ResNet); never by tests.
"""
import json
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from backendsTorch import LstmHead, cnn3d, resnet18, small_cnn, time_training  # noqa: E402


def with_in_channels(model, attr_path, channels):
    """Replaces the first conv of a torchvision model when the input is not RGB (flow stacks)."""
    if channels == 3:
        return model
    obj = model
    parts = attr_path.split(".")
    for p in parts[:-1]:
        obj = obj[int(p)] if p.isdigit() else getattr(obj, p)
    old = obj[int(parts[-1])] if parts[-1].isdigit() else getattr(obj, parts[-1])
    new = type(old)(channels, old.out_channels, old.kernel_size, old.stride, old.padding, bias=old.bias is not None)
    if parts[-1].isdigit():
        obj[int(parts[-1])] = new
    else:
        setattr(obj, parts[-1], new)
    return model


def torchvision_model(name, first_conv):
    def build(cfg):
        import torchvision.models as tvm
        kwargs = {"num_classes": cfg.get("classes", 1000)}
        if name == "inception_v3":
            kwargs.update(aux_logits=False, init_weights=False)
        m = getattr(tvm, name)(**kwargs)
        return with_in_channels(m, first_conv, cfg.get("channels", 3))
    return build


def r3d_18(cfg):
    import torchvision.models.video as tvv
    m = tvv.r3d_18(num_classes=cfg.get("classes", 400))
    return with_in_channels(m, "stem.0", cfg.get("channels", 3))


class SeqHead(nn.Module):
    """S002 heads over codes [T, D]: mean -> MLP, or RNN/LSTM/BiRNN averaging per-step softmax."""

    def __init__(self, kind, cfg):
        super().__init__()
        d, u, c = cfg.get("codeSize", 512), cfg.get("units", 256), cfg.get("classes", 101)
        self.kind = kind
        if kind == "average":
            self.mlp = nn.Sequential(nn.Linear(d, u), nn.ReLU(), nn.Dropout(cfg.get("dropout", 0.5)), nn.Linear(u, c))
        else:
            rnn = nn.LSTM if kind == "lstm" else nn.RNN
            self.rnn = rnn(d, u, batch_first=True, bidirectional=kind == "birnn")
            self.out = nn.Linear(u * (2 if kind == "birnn" else 1), c)

    def forward(self, x):
        if self.kind == "average":
            return self.mlp(x.mean(dim=1))
        y, _ = self.rnn(x)
        return torch.log(F.softmax(self.out(y), dim=-1).mean(dim=1) + 1e-7)


def flow_cnn(cfg):
    """S004 temporal CNN-M-like stack, mirroring training/models/flowCnn.ts (BN, 'same' padding)."""
    w = cfg.get("convWidths", [96, 256, 512, 512, 512])
    units = cfg.get("denseUnits", [4096, 2048])
    size, cin = cfg.get("size", 224), 2 * cfg.get("length", 10)
    layers = []
    for i, (k, s, pool) in enumerate([(7, 2, True), (5, 2, True), (3, 1, False), (3, 1, False), (3, 1, True)]):
        layers += [nn.Conv2d(cin, w[i], k, s, k // 2, bias=False), nn.BatchNorm2d(w[i], eps=1e-3), nn.ReLU()]
        size = -(-size // s)
        if pool:
            layers.append(nn.MaxPool2d(2, ceil_mode=True))
            size = -(-size // 2)
        cin = w[i]
    layers += [nn.Flatten(), nn.Linear(cin * size * size, units[0]), nn.ReLU(), nn.Dropout(0.5),
               nn.Linear(units[0], units[1]), nn.ReLU(), nn.Dropout(0.5), nn.Linear(units[1], cfg.get("classes", 101))]
    return nn.Sequential(*layers)


BUILD = {
    "flow-cnn": flow_cnn,
    "small-cnn": small_cnn,
    "resnet18": lambda cfg: with_in_channels(resnet18(cfg), "0", cfg.get("channels", 3)),
    "cnn3d": cnn3d,
    "lstm-head": LstmHead,
    "seq-lstm": lambda cfg: SeqHead("lstm", cfg),
    "seq-rnn": lambda cfg: SeqHead("rnn", cfg),
    "seq-birnn": lambda cfg: SeqHead("birnn", cfg),
    "seq-average": lambda cfg: SeqHead("average", cfg),
    "resnet50": torchvision_model("resnet50", "conv1"),
    "vgg16": torchvision_model("vgg16", "features.0"),
    "vgg19": torchvision_model("vgg19", "features.0"),
    "densenet121": torchvision_model("densenet121", "features.conv0"),
    "mobilenetv2": torchvision_model("mobilenet_v2", "features.0.0"),
    "inceptionv3": torchvision_model("inception_v3", "Conv2d_1a_3x3.conv"),
    "resnet3d18": r3d_18,
}
LOG_PROBS = {"lstm-head", "seq-lstm", "seq-rnn", "seq-birnn"}


def channels_first(shape, batch):
    """Random input in PyTorch's layout: [B, C, H, W] / [B, C, T, H, W]; sequences stay [B, T, D]."""
    x = torch.randn(batch, *shape)
    return x if len(shape) == 2 else x.movedim(-1, 1).contiguous()


def run_case(case, steps, warmup):
    cfg = dict(case["config"])
    if case["family"] in ("resnet3d18",):
        cfg["channels"] = case["inputShapes"][0][-1]
    model = BUILD[case["family"]](cfg)
    model.train()
    x = channels_first(case["inputShapes"][0], case["batch"])
    y = torch.randint(0, cfg.get("classes", 10), (case["batch"],))
    return time_training(model, x, y, case["family"] in LOG_PROBS, steps, warmup)


def main():
    spec = json.load(sys.stdin)
    torch.set_num_threads(spec["threads"])
    result = {"torch": torch.__version__, "threads": torch.get_num_threads(), "cases": {}}
    for case in spec["cases"]:
        if case["family"] not in BUILD:
            result["cases"][case["id"]] = {"skipped": f"no PyTorch twin for {case['family']}"}
            continue
        try:
            result["cases"][case["id"]] = run_case(case, spec["steps"], spec["warmup"])
        except Exception as err:  # a missing torchvision or an odd shape skips one row, not the table
            result["cases"][case["id"]] = {"skipped": f"{type(err).__name__}: {err}"}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
