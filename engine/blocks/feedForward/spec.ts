import { defineBlock, paramList, needFloat } from '../define';
import type { MemoryTerm, ParamsOf } from '../types';

const PARAMS = paramList([
  { name: 'hidden', label: 'Hidden width', type: 'int', default: 512, min: 1, max: 65536, doc: 'Width of the inner layer; 4 × d_model is the usual choice.' },
  { name: 'activation', label: 'Activation', type: 'enum', default: 'relu', options: ['relu', 'gelu'], doc: '“relu” as in the original Transformer, “gelu” as in GPT and BERT.' },
  { name: 'dropout', label: 'Dropout', type: 'float', default: 0, min: 0, max: 0.9, step: 0.05, doc: 'Dropout on the output while training.' },
]);

export type FeedForwardParams = ParamsOf<typeof PARAMS>;

export const feedForwardSpec = defineBlock({
  kind: 'feedForward',
  category: 'transformer',
  label: 'Feed-Forward',
  summary: 'A two-layer network applied to every position on its own: widen, activate, project back.',
  explanation: {
    what: 'Runs each position’s vector through a hidden layer (usually 4× wider) with a nonlinearity, then back to the original width. Positions do not interact here; that is attention’s job.',
    formula: 'FFN(x) = act(x W_1 + b_1) W_2 + b_2,  W_1 ∈ ℝ^{d×hidden}, W_2 ∈ ℝ^{hidden×d};  GELU(x) ≈ ½x(1 + tanh(√(2/π)(x + 0.044715x³)))',
    shapes: 'in: B×T×d → hidden: B×T×hidden → out: B×T×d',
    why: 'Attention only mixes vectors by weighted averages, which is nearly linear; the feed-forward layer adds the per-token computation, and holds most of a Transformer’s parameters.',
  },
  inputs: [{ name: 'in', label: 'in', kind: 'sequence', accepts: ['sequence', 'vector'] }],
  outputs: [{ name: 'out', label: 'out', kind: 'sequence' }],
  params: PARAMS,
  inferShapes(inputs, _p, ctx) {
    return { out: needFloat(inputs, 'in', ctx) };
  },
  cost(inputs, outputs, p) {
    const x = inputs.in;
    if (!x) return { parameters: 0, activations: [] };
    const width = x.shape[x.shape.length - 1];
    const d = typeof width === 'number' ? width : 0;
    const hiddenShape = [...x.shape.slice(0, -1), p.hidden];
    const activations: MemoryTerm[] = [
      { label: 'hidden (pre-activation)', dims: hiddenShape },
      { label: 'hidden', dims: hiddenShape },
      { label: 'output', dims: outputs.out?.shape ?? [] },
    ];
    if (p.dropout > 0) activations.push({ label: 'dropout mask', dims: outputs.out?.shape ?? [] });
    return { parameters: d * p.hidden + p.hidden + p.hidden * d + d, activations };
  },
});
