"""PyTorch CPU reference for bench/backends.ts: the same four models, one training step each.

Reads a JSON spec on stdin ({"threads": n, "steps": n, "warmup": n, "cases": [...]}) and prints
one JSON line with the best (minimum) and median train-step wall and CPU time of each case in
milliseconds. Run by the
benchmark with Debian's python3-torch; never used by tests.
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def small_cnn(cfg):
    w = cfg["widths"]
    return nn.Sequential(
        nn.Conv2d(3, w[0], 7, 2, 3, bias=False), nn.BatchNorm2d(w[0], eps=1e-3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(w[0], w[1], 5, 2, 2, bias=False), nn.BatchNorm2d(w[1], eps=1e-3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(w[1], w[2], 3, 1, 1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(w[2], cfg["classes"]))


# Keras' ResNet epsilon, as in src-main/training/models/backbones/resnet.ts.
RESNET_EPS = 1.001e-5


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout, eps=RESNET_EPS)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout, eps=RESNET_EPS)
        self.short = None
        if stride != 1 or cin != cout:
            self.short = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout, eps=RESNET_EPS))

    def forward(self, x):
        y = F.relu(self.b1(self.c1(x)))
        y = self.b2(self.c2(y))
        return F.relu(y + (x if self.short is None else self.short(x)))


def resnet18(cfg):
    # The tfjs model pads explicitly (conv1_pad 3, then a valid 7x7/2 conv; pool1_pad 1 with zeros,
    # then a valid 3x3/2 max pool after a ReLU, so a zero pad never changes a maximum): the same arithmetic
    # as PyTorch's implicit padding. Its strided 3x3 convs pad 'same' (0 before, 1 after on even
    # sizes) where PyTorch pads 1 on both sides: same output size and cost.
    layers = [nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64, eps=RESNET_EPS), nn.ReLU(), nn.MaxPool2d(3, 2, 1)]
    cin = 64
    for i, cout in enumerate([64, 128, 256, 512]):
        layers += [Block(cin, cout, 1 if i == 0 else 2), Block(cout, cout, 1)]
        cin = cout
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, cfg["classes"])]
    return nn.Sequential(*layers)


def cnn3d(cfg):
    f = cfg["filters"]
    return nn.Sequential(
        nn.Conv3d(2, f[0], 3, (1, 2, 2), 1), nn.ReLU(), nn.MaxPool3d(2),
        nn.Conv3d(f[0], f[1], 3, 1, 1), nn.ReLU(), nn.MaxPool3d(2),
        nn.Conv3d(f[1], f[2], 3, 1, 1), nn.ReLU(), nn.AdaptiveAvgPool3d(1), nn.Flatten(), nn.Linear(f[2], cfg["classes"]))


class LstmHead(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.lstm = nn.LSTM(cfg["codeSize"], cfg["units"], batch_first=True)
        self.out = nn.Linear(cfg["units"], cfg["classes"])

    def forward(self, x):
        y, _ = self.lstm(x)
        return torch.log(F.softmax(self.out(y), dim=-1).mean(dim=1) + 1e-7)


BUILD = {"small-cnn": small_cnn, "resnet18": resnet18, "cnn3d": cnn3d, "lstm-head": LstmHead}


def run_case(case, steps, warmup):
    cfg = case["config"]
    model = BUILD[case["family"]](cfg)
    model.train()
    # tfjs keeps channels last; PyTorch's fast layout is channels first: same data, its best layout.
    shape = case["inputShape"]
    if case["family"] == "lstm-head":
        x = torch.randn(case["batch"], *shape)
    else:
        x = torch.randn(case["batch"], *shape).movedim(-1, 1).contiguous()
    y = torch.randint(0, cfg["classes"], (case["batch"],))
    return time_training(model, x, y, case["family"] == "lstm-head", steps, warmup)


def time_training(model, x, y, log_probs, steps, warmup):
    """Best and median wall/CPU milliseconds of Adam training steps on one batch (shared with trainTorch.py)."""
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    times, cpu = [], []
    for i in range(warmup + steps):
        t0, c0 = time.perf_counter(), time.process_time()
        opt.zero_grad()
        out = model(x)
        loss = F.nll_loss(out, y) if log_probs else F.cross_entropy(out, y)
        loss.backward()
        opt.step()
        if i >= warmup:
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
    times.sort()
    cpu.sort()
    return {"wallMs": times[0], "cpuMs": cpu[0], "medianWallMs": times[len(times) // 2], "medianCpuMs": cpu[len(cpu) // 2]}


def main():
    spec = json.load(sys.stdin)
    torch.set_num_threads(spec["threads"])
    result = {"torch": torch.__version__, "threads": torch.get_num_threads(), "cases": {}}
    for case in spec["cases"]:
        result["cases"][case["id"]] = run_case(case, spec["steps"], spec["warmup"])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
