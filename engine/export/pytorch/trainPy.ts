/** train.py: the app's training loop in PyTorch, on one process, one GPU, or many under torchrun. */
import type { TrainingConfig } from '../../graph/schema';
import { pyNumber, pyString } from './naming';
import type { ModelPlan } from './plan';

export interface TrainPyOptions {
  title: string;
  training: TrainingConfig;
  startStep: number;
  /** State-dict keys of frozen blocks' parameters. */
  frozen: string[];
  /** Whether optimizer.safetensors carries the app's Adam moments. */
  hasMoments: boolean;
  iterations: number;
}

function pyList(items: string[], indent: string): string {
  if (!items.length) return '[]';
  return `[\n${items.map((i) => `${indent}    ${i},`).join('\n')}\n${indent}]`;
}

export function renderTrainPy(plan: ModelPlan, o: TrainPyOptions): string {
  const t = o.training;
  const settings = [
    `steps=${t.steps}`,
    `batch_size=${t.batchSize}`,
    `optimizer=${pyString(t.optimizer)}`,
    `learning_rate=${pyNumber(t.learningRate)}`,
    `schedule=${pyString(t.schedule)}`,
    `warmup_steps=${t.warmupSteps}`,
    `clip_norm=${pyNumber(t.clipNorm)}`,
    `label_smoothing=${pyNumber(t.labelSmoothing)}`,
    `seed=${t.seed}`,
  ];
  const heads = plan.heads.map((h) => `(${pyString(h.label)}, ${pyString(h.targetFeed)})`);
  return String.raw`"""Trains ${o.title} as Tensorloom does: the same loss, optimizer, learning-rate schedule, clipping and batches.

    python3 train.py                                    # on the CPU, or the GPU when CUDA is there
    torchrun --standalone --nproc_per_node=2 train.py   # DistributedDataParallel, the global batch split in two
    python3 train.py --resume checkpoint.pt --steps 5000

It starts from weights.safetensors at step ${o.startStep}${o.hasMoments ? ' with the app\'s Adam moments (optimizer.safetensors)' : ''}. Only rank 0 prints
and saves: checkpoint.pt (model, optimizer and step, for --resume) and trained.safetensors (the weights alone, laid
out as weights.safetensors).
"""
import argparse
import json
import math
import os
import struct
from pathlib import Path

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

from data import TrainingData
from model import Config, ${plan.className}, load_safetensors

HERE = Path(__file__).parent
# The graph's training settings, as the app ran them.
SETTINGS = dict(
    ${settings.join(',\n    ')},
)
START_STEP = ${o.startStep}  # steps already trained into weights.safetensors
INPUTS = [${plan.feeds.map(pyString).join(', ')}]  # the model's inputs, in order
HEADS = ${pyList(heads, '')}  # (label, target feed) per output of the model; their losses are summed
FROZEN = ${pyList(o.frozen.map(pyString), '')}  # parameters of frozen blocks: never updated


def learning_rate_at(step, steps, lr):
    """A linear warm-up to lr, then a cosine decay to a tenth of it at the last step (or a constant lr)."""
    if SETTINGS["schedule"] == "constant":
        return lr
    warmup = min(SETTINGS["warmup_steps"], max(0, steps - 1))
    if step < warmup:
        return lr * (step + 1) / warmup
    decay_steps = steps - warmup
    if decay_steps <= 1:
        return lr
    progress = min(1, (step - warmup) / (decay_steps - 1))
    floor = lr * 0.1
    return floor + (lr - floor) * 0.5 * (1 + math.cos(math.pi * progress))


def f32(x):
    """x rounded to float32, as the app keeps Adam's running products."""
    return struct.unpack("f", struct.pack("f", x))[0]


def beta_power(beta, t):
    power = f32(beta)
    for _ in range(t - 1):
        power = f32(power * f32(beta))
    return power


class Adam(torch.optim.Optimizer):
    """Adam as the app computes it: ε added to √v̂, and β₁ᵗ, β₂ᵗ kept as float32 products."""

    def __init__(self, params, lr, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps))

    def restore(self, p, exp_avg, exp_avg_sq, iterations):
        (beta1, beta2) = self.defaults["betas"]
        self.state[p].update(exp_avg=exp_avg.to(p), exp_avg_sq=exp_avg_sq.to(p), step=iterations,
                             beta1_power=beta_power(beta1, iterations + 1), beta2_power=beta_power(beta2, iterations + 1))

    @torch.no_grad()
    def step(self, grad_scale=1.0):
        for group in self.param_groups:
            (beta1, beta2), lr, eps = group["betas"], group["lr"], group["eps"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    self.restore(p, torch.zeros_like(p), torch.zeros_like(p), 0)
                g = p.grad * grad_scale if grad_scale != 1 else p.grad
                m, v = state["exp_avg"], state["exp_avg_sq"]
                m.mul_(beta1).add_(g * (1 - beta1))
                v.mul_(beta2).add_(g * g * (1 - beta2))
                m_hat = m / f32(1 - state["beta1_power"])
                v_hat = v / f32(1 - state["beta2_power"])
                p.add_(m_hat / (v_hat.sqrt() + eps) * -lr)
                state["step"] += 1
                state["beta1_power"] = f32(state["beta1_power"] * f32(beta1))
                state["beta2_power"] = f32(state["beta2_power"] * f32(beta2))


def cross_entropy(logits, targets, smoothing=0.0):
    """Σ −Σ_v q_v log p_v over the counted positions, and their count. q = (1 − ε)·one_hot + ε/V; a [PAD]
    target (id 0) counts for nothing in a per-token loss, every example counts in a classifier's."""
    log_probs = logits.reshape(-1, logits.shape[-1]).log_softmax(-1)  # (N, V)
    targets = targets.reshape(-1)
    target_log_prob = log_probs.gather(1, targets[:, None]).squeeze(1)  # (N,)
    loss = -target_log_prob if smoothing == 0 else -(target_log_prob * (1 - smoothing) + log_probs.mean(-1) * smoothing)
    counted = (targets != 0).float() if logits.dim() == 3 else torch.ones_like(loss)
    correct = ((log_probs.argmax(-1) == targets).float() * counted).sum()
    return (loss * counted).sum(), counted.sum(), correct


def clip_scale(norm, max_norm):
    """min(1, max_norm / norm) in float32: global-norm clipping (0 turns it off)."""
    return 1.0 if max_norm <= 0 else min(1.0, f32(f32(max_norm) / max(f32(norm), f32(1e-12))))


def save_safetensors(tensors, path, metadata):
    """The safetensors layout of weights.safetensors (float32 only), without the safetensors package."""
    header, offset, blobs = {"__metadata__": metadata}, 0, []
    for name, t in tensors.items():
        blob = t.detach().to("cpu", torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    encoded = json.dumps(header).encode()
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)) + encoded + b"".join(blobs))


@torch.no_grad()
def evaluate(model, batches, device):
    """Mean loss and accuracy over the counted positions of the validation batches, dropout off."""
    model.eval()
    loss, correct, count = 0.0, 0.0, 0.0
    for batch in batches:
        outputs = model(*(batch[f].to(device) for f in INPUTS))
        for logits, (_, feed) in zip(outputs if isinstance(outputs, tuple) else (outputs,), HEADS):
            s, n, c = cross_entropy(logits, batch[feed].to(device))
            loss, count, correct = loss + s.item(), count + n.item(), correct + c.item()
    model.train()
    return loss / max(count, 1), correct / max(count, 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=SETTINGS["steps"], help="total steps, those already trained included")
    parser.add_argument("--batch-size", type=int, default=SETTINGS["batch_size"], help="the global batch, split across processes")
    parser.add_argument("--lr", type=float, default=SETTINGS["learning_rate"], help="peak learning rate")
    parser.add_argument("--seed", type=int, default=SETTINGS["seed"], help="which batches are drawn (the weights come from the file)")
    parser.add_argument("--weights", default=HERE / "weights.safetensors")
    parser.add_argument("--resume", help="a checkpoint.pt written by this script")
    parser.add_argument("--out", default=HERE / "checkpoint.pt")
    parser.add_argument("--validate-every", type=int, default=0, help="steps between validations (default: a tenth of the run)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per step")
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()

    distributed = int(os.environ.get("WORLD_SIZE", "1")) > 1  # set by torchrun
    if distributed:
        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
    rank, world = (dist.get_rank(), dist.get_world_size()) if distributed else (0, 1)
    device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", 0))) if torch.cuda.is_available() else torch.device("cpu")
    if device.type == "cuda":
        torch.cuda.set_device(device)
    if args.batch_size % world:
        raise SystemExit(f"--batch-size {args.batch_size} does not split evenly over {world} processes")
    torch.manual_seed(args.seed + rank)  # dropout masks, different in every process

    model = ${plan.className}(Config())
    model.load_state_dict(load_safetensors(args.weights))
    model.to(device).train()
    for name, p in model.named_parameters():
        if name in FROZEN:
            p.requires_grad_(False)
    named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    params = [p for _, p in named]
    adam = SETTINGS["optimizer"] == "adam"
    optimizer = Adam(params, args.lr) if adam else torch.optim.SGD(params, args.lr)
    step = START_STEP
    if args.resume:
        checkpoint = torch.load(args.resume, map_location=device)
        model.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        step = checkpoint["step"]
    elif adam and (HERE / "optimizer.safetensors").exists():
        moments = load_safetensors(HERE / "optimizer.safetensors")
        for n, p in named:
            if n + ".exp_avg" in moments:
                optimizer.restore(p, moments[n + ".exp_avg"], moments[n + ".exp_avg_sq"], ${o.iterations})
    net = DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None) if distributed else model
    data = TrainingData(args.seed)
    validation = data.validation()
    every = args.validate_every or max(1, round(args.steps / 10))
    if step >= args.steps and rank == 0:
        print(f"Already trained for {step} steps; pass a larger total, e.g. --steps {step + max(100, step // 2)}.")

    while step < args.steps:
        lr = learning_rate_at(step, args.steps, args.lr)
        for group in optimizer.param_groups:
            group["lr"] = lr
        batch = {feed: rows.to(device) for feed, rows in data.batch(step, args.batch_size, rank, world).items()}
        outputs = net(*(batch[f] for f in INPUTS))
        objective, shown, correct, counted = 0, 0.0, 0.0, 0.0
        for logits, (_, feed) in zip(outputs if isinstance(outputs, tuple) else (outputs,), HEADS):
            loss_sum, count, hits = cross_entropy(logits, batch[feed], SETTINGS["label_smoothing"])
            totals = torch.stack([loss_sum.detach(), count, hits])
            if distributed:  # the loss of the whole global batch, as one process would compute it
                dist.all_reduce(totals)
            # DDP averages gradients over the processes: × world makes that the gradient of the global mean.
            objective = objective + loss_sum / totals[1].clamp(min=1) * world
            shown += (totals[0] / totals[1].clamp(min=1)).item()
            correct, counted = correct + totals[2].item(), counted + totals[1].item()
        optimizer.zero_grad(set_to_none=True)
        objective.backward()
        norm = torch.sqrt(sum((p.grad * p.grad).sum() for p in params if p.grad is not None)).item()
        if not (math.isfinite(shown) and math.isfinite(norm)):
            raise SystemExit(f"The loss became {shown} at step {step + 1}; lower the learning rate or keep clipping on.")
        scale = clip_scale(norm, SETTINGS["clip_norm"])
        if adam:
            optimizer.step(scale)
        else:
            for p in params:
                if p.grad is not None and scale != 1:
                    p.grad.mul_(scale)
            optimizer.step()
        step += 1
        if rank != 0:
            continue
        record = dict(step=step, loss=shown, accuracy=correct / max(counted, 1), lr=lr, norm=norm)
        if validation and (step % every == 0 or step == args.steps):
            record["validation_loss"], record["validation_accuracy"] = evaluate(model, validation, device)
        if args.json:
            print(json.dumps(record), flush=True)
        elif step % every == 0 or step == args.steps:
            extra = f"  | val loss {record['validation_loss']:.4f}" if "validation_loss" in record else ""
            print(f"step {step}/{args.steps}  loss {shown:.4f}  lr {lr:.1e}{extra}", flush=True)

    if rank == 0 and not args.no_save:
        torch.save(dict(model=model.state_dict(), optimizer=optimizer.state_dict(), step=step), args.out)
        save_safetensors(model.state_dict(), HERE / "trained.safetensors", {"step": str(step)})
    if distributed:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
`;
}
