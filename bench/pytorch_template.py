"""PyTorch CPU twin of one Tensorloom template, for the per-template benchmark.

    python3 pytorch_template.py EXPORT_DIR '{"steps": 10, "warmup": 3, "tokensPerStep": 2048, "idiomatic": "lstm"}'

Optional "settleMs" and "measureMs": warm-up and the measured steps also last that long (the app's rule too).

EXPORT_DIR is the template exported by the app (`tensorloom export … --to pytorch`): its model.py is the same
network written as plain PyTorch, data.py draws the same batches. The step trained here is the usual PyTorch
one (stock torch.optim.Adam, F.cross_entropy through the export's loss), timed for each thread count.
With "idiomatic" ("lstm" or "gru", for embedding → recurrent → dense models) the same sizes are also trained as
nn.Embedding → nn.LSTM / nn.GRU → nn.Linear, PyTorch's fused recurrent layers: the fastest way a PyTorch user
would write it, so the app is compared against whichever is faster.
Also counts the matrix-multiply FLOPs of one training step (forward and backward) by watching the ATen
matmul calls. Prints one JSON object. Run with Debian's /usr/bin/python3 (python3-torch).
"""
import importlib
import json
import os
import re
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils._python_dispatch import TorchDispatchMode

from settled_steps import settled_median_seconds

aten = torch.ops.aten


class MatmulFlops(TorchDispatchMode):
    """Sums 2·m·n·k over every matrix product ATen runs while active (forward and backward alike)."""

    def __init__(self):
        super().__init__()
        self.flops = 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        packet = getattr(func, "overloadpacket", None)
        if packet in (aten.mm, aten.bmm):
            a, b = args[0], args[1]
            self.flops += 2 * a.numel() * b.shape[-1]
        elif packet in (aten.addmm, aten.baddbmm):
            a, b = args[1], args[2]
            self.flops += 2 * a.numel() * b.shape[-1]
        return out


def load_export(folder):
    sys.path.insert(0, folder)
    train = importlib.import_module("train")
    model_module = importlib.import_module("model")
    source = open(os.path.join(folder, "train.py")).read()
    class_name = re.search(r"model = (\w+)\(Config\(\)\)", source).group(1)
    return train, model_module, getattr(model_module, class_name)


def exported_step(train, net, data, settings):
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    batch_size = settings["batch_size"]

    def step(index):
        batch = data.batch(index, batch_size)
        outputs = net(*(batch[f] for f in train.INPUTS))
        objective = 0
        for logits, (_, feed) in zip(outputs if isinstance(outputs, tuple) else (outputs,), train.HEADS):
            loss_sum, count, _ = train.cross_entropy(logits, batch[feed])
            objective = objective + loss_sum / count.clamp(min=1)
        optimizer.zero_grad(set_to_none=True)
        objective.backward()
        optimizer.step()
        return objective.item()

    return step


class IdiomaticRecurrent(nn.Module):
    def __init__(self, cell, vocab, d_model, units):
        super().__init__()
        self.embed = nn.Embedding(vocab, d_model)
        self.rnn = (nn.LSTM if cell == "lstm" else nn.GRU)(d_model, units, batch_first=True)
        self.out = nn.Linear(units, vocab)

    def forward(self, tokens):
        return self.out(self.rnn(self.embed(tokens))[0])  # (B, T, V)


def idiomatic_step(cell, config, data, settings):
    net = IdiomaticRecurrent(cell, config.vocab_size, config.d_model, config.units).train()
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    batch_size = settings["batch_size"]

    def step(index):
        batch = data.batch(index, batch_size)
        logits = net(batch["tokens"])
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch["targets"].reshape(-1), ignore_index=0)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        return loss.item()

    return step


def median_ms(make_step, steps, warmup, settle_ms=0, measure_ms=0):
    """Median step time in milliseconds once settled (settled_steps.py)."""
    step = make_step()

    def timed_step(index):
        start = time.perf_counter()
        step(index)
        return time.perf_counter() - start

    return 1000 * settled_median_seconds(timed_step, steps, warmup, settle_ms, measure_ms)


def by_threads(make_step, steps, warmup, settle_ms=0, measure_ms=0):
    cores = os.cpu_count() or 1
    # OpenMP intra-op threads sit on OpenBLAS's own; on a busy machine more threads can be slower, so
    # PyTorch is credited with its best thread count (both reported).
    result = {}
    for threads in sorted({1, cores}):
        torch.set_num_threads(threads)
        result[threads] = median_ms(make_step, steps, warmup, settle_ms, measure_ms)
    return result


def main():
    folder = os.path.abspath(sys.argv[1])
    job = json.loads(sys.argv[2])
    timing = (job.get("settleMs", 0), job.get("measureMs", 0))
    train, model_module, model_class = load_export(folder)
    settings = train.SETTINGS
    data = importlib.import_module("data").TrainingData(settings["seed"])
    torch.manual_seed(0)

    def make_exported():
        net = model_class(model_module.Config()).train()
        return exported_step(train, net, data, settings)

    exported = by_threads(make_exported, job["steps"], job["warmup"], *timing)
    counter = MatmulFlops()
    step = make_exported()
    step(0)
    with counter:
        step(1)
    parameters = sum(p.numel() for p in model_class(model_module.Config()).parameters())

    twins = {"exported": exported}
    if job.get("idiomatic"):
        config = model_module.Config()
        twins["idiomatic"] = by_threads(lambda: idiomatic_step(job["idiomatic"], config, data, settings), job["steps"], job["warmup"], *timing)
    best_name, best_threads, best_ms = min(
        ((name, threads, ms) for name, runs in twins.items() for threads, ms in runs.items()), key=lambda x: x[2]
    )
    tokens = job["tokensPerStep"]
    print(json.dumps({
        "torchVersion": torch.__version__,
        "msPerStep": {name: {str(t): ms for t, ms in runs.items()} for name, runs in twins.items()},
        "tokensPerSecByTwin": {name: tokens * 1000 / min(runs.values()) for name, runs in twins.items()},
        "twin": best_name,
        "threads": best_threads,
        "tokensPerSec": tokens * 1000 / best_ms,
        "flopsPerStep": counter.flops,
        "flopsPerToken": counter.flops / tokens,
        "parameters": parameters,
    }))


if __name__ == "__main__":
    main()
