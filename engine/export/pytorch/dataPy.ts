/** data.py: the exported dataset, batched as the app batches it, and the tokenizer for probes. */
import type { DataMeta } from './data';

const MODE_TEXT: Record<DataMeta['mode'], string> = {
  rows: 'The training examples are all here (data/train_*.bin), so every step of any run, at any batch size, draws exactly the rows the app would.',
  windows:
    'The training text is here as ids (data/train_ids.bin); each row is a window of T + 1 of them, so every step of any run, at any batch size, draws exactly the windows the app would.',
  batches:
    'This dataset draws part of each row from the generator (which words are masked), so the app\'s own batches are stored instead (data/train_*.bin) for the run\'s steps, at the exported batch size; past the last stored step they repeat from the first.',
};

export function renderDataPy(meta: DataMeta, title: string): string {
  return String.raw`"""The data ${title} trains on, batched as Tensorloom batches it.

The batch of global step s comes from the app's generator (mulberry32) seeded with hash_seed(seed, "batch/s").
${MODE_TEXT[meta.mode]}
The validation set is the app's own: the same held-out examples in the same order (data/validation_*.bin).
data/vocab.json holds the vocabulary: token i has id i, and ids 0-6 are the special tokens below.
"""
import json
import re
from pathlib import Path

import torch

HERE = Path(__file__).parent / "data"
SPECIALS = ["[PAD]", "[UNK]", "[BOS]", "[EOS]", "[CLS]", "[SEP]", "[MASK]"]
PAD, UNK, BOS, EOS, CLS, SEP, MASK = range(7)


def hash_seed(seed, path):
    """FNV-1a of a seed and a path, as the app derives every seed."""
    h = (2166136261 ^ seed) & 0xFFFFFFFF
    for ch in path:
        h = ((h ^ ord(ch)) * 16777619) & 0xFFFFFFFF
    return h % 2147483647


class Mulberry32:
    """The app's seeded generator: the same seed gives the same numbers as in the app."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFF

    def next(self):
        self.state = (self.state + 0x6D2B79F5) & 0xFFFFFFFF
        t = self.state
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    def int(self, n):
        return int(self.next() * n)


def load_array(entry):
    dtype = torch.int16 if entry["dtype"] == "int16" else torch.int32
    data = bytearray((HERE / entry["file"]).read_bytes())
    return torch.frombuffer(data, dtype=dtype).long().reshape(entry["shape"])


class TrainingData:
    """Training batches by global step, and the validation batches: {feed: LongTensor} each."""

    def __init__(self, seed):
        self.meta = json.loads((HERE / "data.json").read_text())
        self.seed = seed
        self.train = {feed: load_array(entry) for feed, entry in self.meta["train"].items()}

    def batch(self, step, batch_size, rank=0, world=1):
        """This process' share of the batch of global step 'step': rows rank·B/world up to (rank+1)·B/world."""
        mine = slice(rank * batch_size // world, (rank + 1) * batch_size // world)
        meta = self.meta
        if meta["mode"] == "batches":
            if batch_size != meta["batchSize"]:
                raise SystemExit(f"this dataset was exported as batches of {meta['batchSize']}; use --batch-size {meta['batchSize']}")
            k = (step - meta["firstStep"]) % len(next(iter(self.train.values())))
            return {feed: rows[k][mine] for feed, rows in self.train.items()}
        rng = Mulberry32(hash_seed(self.seed, f"batch/{step}"))
        picks = torch.tensor([rng.int(meta["size"]) for _ in range(batch_size)])[mine]
        if meta["mode"] == "windows":
            at = picks[:, None] + torch.arange(meta["window"])  # (B, T)
            return {"tokens": self.train["ids"][at], "targets": self.train["ids"][at + 1]}
        return {feed: rows[picks] for feed, rows in self.train.items()}

    def validation(self):
        """The app's validation set in its order, in batches of the app's batch size (the last may be shorter)."""
        arrays = {feed: load_array(entry) for feed, entry in self.meta["validation"].items()}
        size = self.meta["validationBatchSize"]
        rows = len(next(iter(arrays.values()))) if arrays else 0
        return [{feed: a[k:k + size] for feed, a in arrays.items()} for k in range(0, rows, size)] if size else []


WORD = re.compile(r"\[(?:PAD|UNK|BOS|EOS|CLS|SEP|MASK)\]|[^\W_]+(?:['’][^\W_]+)*|[^\w\s]|_")


class Tokenizer:
    """Text ↔ ids with a saved vocabulary: one id per character, or per word (letters and digits, or one symbol)."""

    def __init__(self, snapshot):
        self.kind, self.tokens = snapshot["kind"], snapshot["tokens"]
        self.lowercase = snapshot.get("lowercase", False)
        self.index = {t: i for i, t in enumerate(self.tokens)}

    def split(self, text):
        if self.kind == "char":
            return list(text)
        words = WORD.findall(text)
        return [w if not self.lowercase or w in SPECIALS else w.lower() for w in words]

    def encode(self, text):
        return [self.index.get(t, UNK) for t in self.split(text)]

    def decode(self, ids, until_eos=False, keep_specials=False):
        out = []
        for i in ids:
            if until_eos and i == EOS:
                break
            if i == PAD or (i < len(SPECIALS) and not keep_specials):
                continue
            out.append(self.tokens[i] if i < len(self.tokens) else "[UNK]")
        return ("" if self.kind == "char" else " ").join(out)


def load_vocab():
    """{"task", "lengths", "input", "target", "classes", "probe"} as exported."""
    return json.loads((HERE / "vocab.json").read_text())
`;
}
