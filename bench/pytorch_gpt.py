"""PyTorch CPU reference for the Tensorloom benchmark.

Trains the same char-level GPT-mini the app's `gpt-mini` template describes (config passed as JSON on argv[1])
on random tokens and reports training tokens/s, plus the machine's sgemm peak (large square matmuls through
the BLAS PyTorch links). Prints one JSON object. Run with Debian's /usr/bin/python3 (python3-torch).
"""
import json
import math
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from settled_steps import settled_median_seconds


class Block(nn.Module):
    def __init__(self, d_model, heads, ffn):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d_model)
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.proj = nn.Linear(d_model, d_model)
        self.ln2 = nn.LayerNorm(d_model)
        self.ff1 = nn.Linear(d_model, ffn)
        self.ff2 = nn.Linear(ffn, d_model)

    def forward(self, x, mask):
        b, t, d = x.shape
        h = self.ln1(x)
        q, k, v = self.qkv(h).split(d, dim=2)
        q = q.view(b, t, self.heads, d // self.heads).transpose(1, 2)  # (B, heads, T, d_head)
        k = k.view(b, t, self.heads, d // self.heads).transpose(1, 2)
        v = v.view(b, t, self.heads, d // self.heads).transpose(1, 2)
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(d // self.heads)  # (B, heads, T, T)
        scores = scores.masked_fill(mask[:t, :t] == 0, float("-inf"))
        attended = (F.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.proj(attended)
        return x + self.ff2(F.gelu(self.ff1(self.ln2(x))))


class GptMini(nn.Module):
    def __init__(self, vocab, context, d_model, heads, blocks, ffn):
        super().__init__()
        self.tokens = nn.Embedding(vocab, d_model)
        self.positions = nn.Embedding(context, d_model)
        self.blocks = nn.ModuleList([Block(d_model, heads, ffn) for _ in range(blocks)])
        self.ln = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, vocab)
        self.register_buffer("mask", torch.tril(torch.ones(context, context)))

    def forward(self, idx):
        x = self.tokens(idx) + self.positions(torch.arange(idx.shape[1]))
        for block in self.blocks:
            x = block(x, self.mask)
        return self.head(self.ln(x))


def sgemm_peak_gflops():
    best = 0.0
    for n in (512, 1024, 2048):
        a = torch.randn(n, n)
        b = torch.randn(n, n)
        a @ b
        reps = max(2, int(2e10 / (2 * n ** 3)))
        start = time.perf_counter()
        for _ in range(reps):
            a @ b
        seconds = time.perf_counter() - start
        best = max(best, 2 * n ** 3 * reps / seconds / 1e9)
    return best


def train_tokens_per_sec(cfg, steps, warmup, settle_ms=0, measure_ms=0):
    """Median tokens/s once settled (settled_steps.py); drawing each batch is not timed."""
    torch.manual_seed(0)
    model = GptMini(cfg["vocab"], cfg["context"], cfg["dModel"], cfg["heads"], cfg["blocks"], cfg["ffn"])
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    batch, context = cfg["batch"], cfg["context"]

    def timed_step(_index):
        idx = torch.randint(0, cfg["vocab"], (batch, context + 1))
        start = time.perf_counter()
        logits = model(idx[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, cfg["vocab"]), idx[:, 1:].reshape(-1))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        loss.item()
        return time.perf_counter() - start

    seconds = settled_median_seconds(timed_step, steps, warmup, settle_ms, measure_ms)
    params = sum(p.numel() for p in model.parameters())
    return batch * context / seconds, params


def main():
    cfg = json.loads(sys.argv[1])
    cores = os.cpu_count() or 1
    # PyTorch's intra-op threads (OpenMP) sit on top of OpenBLAS's own pthreads; on a busy machine `cores`
    # threads can oversubscribe and collapse. PyTorch is credited with its best thread count, both reported.
    by_threads = {}
    peak = 0.0
    params = 0
    for threads in sorted({1, cores}):
        torch.set_num_threads(threads)
        by_threads[threads], params = train_tokens_per_sec(cfg, cfg.get("steps", 30), cfg.get("warmup", 5), cfg.get("settleMs", 0), cfg.get("measureMs", 0))
        peak = max(peak, sgemm_peak_gflops())
    best = max(by_threads, key=by_threads.get)
    print(json.dumps({
        "torchVersion": torch.__version__,
        "threads": best,
        "tokensPerSecByThreads": by_threads,
        "parameters": params,
        "tokensPerSec": by_threads[best],
        "peakGflops": peak,
    }))


if __name__ == "__main__":
    main()
