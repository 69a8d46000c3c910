/** predict.py: the app's probe for the model's task (sampling, greedy/beam translation, classes, tags, [MASK] guesses). */
import type { DatasetTask } from '../../data/types';
import { pyString } from './naming';
import type { ModelPlan } from './plan';

const USAGE: Record<DatasetTask, string> = {
  lm: 'python3 predict.py "Call me" --temperature 0.8 --top-k 10 --max-tokens 200',
  seq2seq: 'python3 predict.py "the cat eats" --beam 4',
  classification: 'python3 predict.py "a warm and funny film"',
  tagging: 'python3 predict.py "abcdef"',
  'masked-lm': 'python3 predict.py "the [MASK] sat on the mat"',
};

const TASK_CODE: Record<DatasetTask, string> = {
  lm: String.raw`
def answer(model, text, args):
    """Continues the text: each step reads the last T tokens and samples the next (greedy at temperature 0)."""
    tok, T = Tokenizer(VOCAB["input"]), LENGTHS["tokens"]
    ids, generator = probe_ids(tok, text), torch.Generator().manual_seed(args.seed)
    if not ids:
        raise SystemExit("Give a prompt of characters the model knows.")
    out = []
    for _ in range(args.max_tokens):
        window = (ids + out)[-T:]
        logits = head_logits(model, tokens=[window])[0, len(window) - 1]  # (V,)
        if args.temperature <= 0:
            out.append(int(logits.argmax()))
            continue
        top = logits.topk(args.top_k) if args.top_k > 0 else logits.sort(descending=True)
        probs = (top.values / args.temperature).softmax(-1)
        out.append(int(top.indices[torch.multinomial(probs, 1, generator=generator)]))
    print(text + tok.decode(out))
`,
  seq2seq: String.raw`
def answer(model, text, args):
    """Translates greedily and with a beam search: the decoder re-reads [BOS] + its output so far each step."""
    source, target = Tokenizer(VOCAB["input"]), Tokenizer(VOCAB.get("target", VOCAB["input"]))
    src, T_tgt = probe_ids(source, text)[: LENGTHS["tokens"]], LENGTHS["decoder_tokens"]

    def next_log_probs(prefixes):
        logits = head_logits(model, tokens=[src] * len(prefixes), decoder_tokens=[p[:T_tgt] for p in prefixes])
        return [logits[r, min(len(p), T_tgt) - 1].log_softmax(-1) for r, p in enumerate(prefixes)]

    greedy = [BOS]
    while len(greedy) <= T_tgt and greedy[-1] != EOS:
        greedy.append(int(next_log_probs([greedy])[0].argmax()))
    beams, finished = [([BOS], 0.0)], []
    for _ in range(T_tgt):
        candidates = []
        for (prefix, score), lp in zip(beams, next_log_probs([b[0] for b in beams])):
            values, ids = lp.topk(args.beam)
            candidates += [(prefix + [int(i)], score + float(v)) for v, i in zip(values, ids)]
        candidates.sort(key=lambda c: -c[1])
        beams = []
        for prefix, score in candidates[: args.beam]:
            (finished if prefix[-1] == EOS else beams).append((prefix, score))
        if not beams or len(finished) >= args.beam:
            break
    best = max(finished + beams, key=lambda c: c[1] / (len(c[0]) - 1))[0]
    print(f"greedy: {target.decode(greedy[1:], until_eos=True)}")
    print(f"beam {args.beam}: {target.decode(best[1:], until_eos=True)}")
`,
  classification: String.raw`
def answer(model, text, args):
    """The class the model gives the text, and how sure it is of each."""
    tok = Tokenizer(VOCAB["input"])
    ids = ([CLS] + probe_ids(tok, text))[: LENGTHS["tokens"]]
    probs = head_logits(model, tokens=[ids])[0].softmax(-1)  # (C,)
    for p, c in sorted(zip(probs.tolist(), VOCAB["classes"]), reverse=True):
        print(f"{c}  {100 * p:.1f} %")
`,
  tagging: String.raw`
def answer(model, text, args):
    """The output symbol at every input position."""
    tok = Tokenizer(VOCAB["input"])
    ids = probe_ids(tok, text)[: LENGTHS["tokens"]]
    out = head_logits(model, tokens=[ids])[0].argmax(-1)[: len(ids)]  # (T,)
    print(Tokenizer(VOCAB.get("target", VOCAB["input"])).decode(out.tolist()))
`,
  'masked-lm': String.raw`
def answer(model, text, args):
    """The model's guess at every [MASK], from both sides of it."""
    tok, T = Tokenizer(VOCAB["input"]), LENGTHS["tokens"]
    text = re.sub(r"^\s*\[CLS\]", "", text)
    if VOCAB["probe"].get("maskedLayout") == "sentence" or "[SEP]" not in text:
        ids = [CLS] + probe_ids(tok, re.sub(r"\[SEP\]\s*$", "", text))[: T - 2] + [SEP]
        segments = [0] * len(ids)
    else:
        first, second = text.split("[SEP]", 1)
        a, b = probe_ids(tok, first), probe_ids(tok, second.replace("[SEP]", " "))
        while len(a) + len(b) + 3 > T:  # cut the longer sentence first
            a, b = (a[:-1], b) if len(a) >= len(b) else (a, b[:-1])
        ids, segments = [CLS] + a + [SEP] + b + [SEP], [0] * (len(a) + 2) + [1] * (len(b) + 1)
    probs = head_logits(model, tokens=[ids], segments=[segments])[0].softmax(-1)  # (T, V)
    guesses = {i: int(probs[i].argmax()) for i, t in enumerate(ids) if t == MASK}
    print(tok.decode([guesses.get(i, t) for i, t in enumerate(ids)]))
    for i, g in guesses.items():
        print(f"  [MASK] at {i} → {tok.tokens[g]} ({100 * float(probs[i, g]):.1f} %)")
`,
};

export function renderPredictPy(plan: ModelPlan, task: DatasetTask, title: string): string {
  const headIndex = Math.max(0, plan.heads.findIndex((h) => h.task === task || (task === 'tagging' && h.task === 'lm')));
  const code = TASK_CODE[task];
  const imports = ['BOS', 'CLS', 'EOS', 'MASK', 'SEP'].filter((n) => new RegExp(`\\b${n}\\b`).test(code));
  return String.raw`"""Asks ${title} about a text, as the app's probe does.

    ${USAGE[task]}
"""
import argparse
${/\bre\./.test(code) ? 'import re\n' : ''}
import torch

from data import ${[...imports, 'Tokenizer', 'load_vocab'].join(', ')}
from model import load_model

VOCAB = load_vocab()
LENGTHS = VOCAB["lengths"]  # the model's input lengths, by feed
INPUTS = [${plan.feeds.map(pyString).join(', ')}]
HEAD = ${headIndex}  # which of the model's outputs answers: ${plan.heads[headIndex]?.label ?? ''}


def probe_ids(tok, text):
    return tok.encode("".join(text.split()) if VOCAB["probe"].get("ignoreSpaces") else text)


@torch.no_grad()
def head_logits(model, **rows):
    """The answering head's logits for rows of ids, each feed padded with [PAD] (0) to its length."""
    count = len(next(iter(rows.values())))
    feeds = []
    for feed in INPUTS:
        x = torch.zeros(count, LENGTHS[feed], dtype=torch.long)
        for r, ids in enumerate(rows.get(feed, [])):
            ids = list(ids)[: LENGTHS[feed]]
            x[r, : len(ids)] = torch.tensor(ids, dtype=torch.long)
        feeds.append(x)
    outputs = model(*feeds)
    return outputs[HEAD] if isinstance(outputs, tuple) else outputs
${TASK_CODE[task]}

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("text")
    parser.add_argument("--weights", default=None, help="a safetensors file (default: the exported weights)")
    parser.add_argument("--temperature", type=float, default=0.0)
    parser.add_argument("--top-k", type=int, default=0)
    parser.add_argument("--max-tokens", type=int, default=100)
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    model = load_model(args.weights) if args.weights else load_model()
    answer(model, args.text, args)


if __name__ == "__main__":
    main()
`;
}
