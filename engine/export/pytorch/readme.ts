/** README.md of a PyTorch export: what each file is, the exact commands, and how the numbers match the app's. */
import type { DatasetTask } from '../../data/types';
import type { DataMeta } from './data';

export interface ReadmeOptions {
  title: string;
  className: string;
  task: DatasetTask;
  data: DataMeta;
  startStep: number;
  steps: number;
  batchSize: number;
  hasMoments: boolean;
  predictExample: string;
}

const DATA_TEXT: Record<DataMeta['mode'], (m: DataMeta) => string> = {
  rows: (m) =>
    `All ${m.size} training examples are in \`data/\`, and \`data.py\` draws each step's batch from the app's own generator and seed, so every step of any run (any length, any batch size) sees the rows the app would have drawn.`,
  windows: (m) =>
    `The training text is in \`data/train_ids.bin\` (as ids); each row is a window of ${m.window} + 1 of them, drawn from the app's own generator and seed, so every step of any run (any length, any batch size) sees the windows the app would have drawn.`,
  batches: (m) =>
    `This dataset draws part of each row at random (which words are masked), which \`data.py\` does not re-implement: the app's own batches are stored instead, ${m.batchSize} rows each, for the steps from ${m.firstStep} on. Train with \`--batch-size ${m.batchSize}\`; past the last stored step the batches repeat from the first.`,
};

const TASK_PROBES: Record<DatasetTask, string> = {
  lm: 'the model continues a prompt (greedy, or sampled with a temperature and top-k)',
  seq2seq: 'greedy and beam-search translation',
  classification: 'the class of a text, with the probability of each',
  tagging: 'the output symbol at every input position',
  'masked-lm': 'the model’s guess at every [MASK]',
};

export function renderReadme(o: ReadmeOptions): string {
  const distributedBatch = o.batchSize % 2 === 0 ? '' : ` (${o.batchSize} does not split in two: add \`--batch-size ${o.batchSize + 1}\`)`;
  return `# ${o.title} in PyTorch

Exported from Tensorloom: the graph as a plain PyTorch module, its weights, its data, and the app's training loop.
Python 3 and PyTorch 1.12 or later are all it needs (NumPy only for saving trained weights).

| file | what it is |
| --- | --- |
| \`model.py\` | \`${o.className}\`: one module per block, called in the order the canvas computes them, and \`load_model()\` |
| \`weights.safetensors\` | the weights${o.startStep ? `, trained for ${o.startStep} steps in the app` : ', freshly initialised as the app initialises them'} (safetensors layout, read by \`load_safetensors\` in model.py) |
${o.hasMoments ? "| `optimizer.safetensors` | the app's Adam moments, so training continues where the app stopped |\n" : ''}| \`data.py\`, \`data/\` | the dataset and its vocabulary, batched as the app batches it |
| \`train.py\` | the app's objective, optimizer, warm-up + cosine schedule, global-norm clipping and label smoothing |
| \`predict.py\` | the app's probe: ${TASK_PROBES[o.task]} |

## Commands

\`\`\`sh
python3 train.py                                    # ${o.startStep ? `continues from step ${o.startStep} ` : ''}to step ${o.steps}, on the GPU when CUDA is there
python3 train.py --steps 200 --batch-size 16        # a shorter run, smaller batches
torchrun --standalone --nproc_per_node=2 train.py   # two processes (DistributedDataParallel: gloo on CPU, nccl on GPU)${distributedBatch}
python3 train.py --resume checkpoint.pt --steps ${o.steps * 2}   # continue a run this script saved
${o.predictExample}
${o.predictExample} --weights trained.safetensors
\`\`\`

Under \`torchrun\` the global batch (\`--batch-size\`, ${o.batchSize} by default) is split evenly across the processes and
the loss is the mean over the whole global batch, so N processes train exactly as one would. Only rank 0 prints and
saves: \`checkpoint.pt\` (for \`--resume\`) and \`trained.safetensors\` (the weights in the layout of
\`weights.safetensors\`). \`--json\` prints one JSON object per step. Where \`torchrun\` stops at once with
\`AttributeError: 'NoneType' object has no attribute 'get'\` (PyTorch 1.13 on Python 3.11, as Debian 12 ships them), name
its log options: \`torchrun --standalone --nproc_per_node=2 --redirects 1 --tee 1 train.py\`.

## How it matches the app

- **Data.** ${DATA_TEXT[o.data.mode](o.data)} The validation set is the app's own: the same held-out examples, all of them up to 1,024.
- **Numbers.** The modules compute what the app's layers compute, in float32. Multi-head attention, the
  Feed-forward GELU (tanh form), Add & Norm, positions and masks follow the app's definitions; a query that may see no
  key gets zero attention weights. Recurrent blocks run step by step and keep their state over [PAD] steps.
- **Recurrent weights.** LSTM gates are i, f, g, o with one bias (\`bias_hh\` is zero and not trained); the GRU is
  PyTorch's (reset gate after the recurrent product, separate input and recurrent biases), with the app's gate
  blocks z, r, h reordered to r, z, n.
- **Training.** Adam with ε added to √v̂ and β₁ᵗ, β₂ᵗ kept as float32 products, as the app computes it; the loss is
  the mean cross-entropy over non-[PAD] targets with label smoothing (1 − ε)·one-hot + ε/V; the gradient's global norm
  is clipped before the update. Dropout masks come from PyTorch's generator, so a graph with dropout trains the same
  way but not bit for bit.
`;
}
