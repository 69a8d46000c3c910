import { defineBlock, paramList, needFloat } from '../define';
import type { ParamsOf } from '../types';

const PARAMS = paramList([{ name: 'epsilon', label: 'Epsilon', type: 'float', default: 1e-5, min: 1e-12, max: 0.1, doc: 'Added to the variance so a constant vector does not divide by zero.' }]);

export type LayerNormParams = ParamsOf<typeof PARAMS>;

export const layerNormSpec = defineBlock({
  kind: 'layerNorm',
  category: 'transformer',
  label: 'Layer Norm',
  summary: 'Rescales each vector to zero mean and unit variance, then by a learned gain and bias.',
  explanation: {
    what: 'For every position separately, subtracts the mean of the vector’s entries, divides by their standard deviation, then multiplies by a learned γ and adds a learned β.',
    formula: 'y = γ ⊙ (x − μ) / √(σ² + ε) + β,  μ, σ² = mean and variance over the last axis',
    shapes: 'in: B×T×d (or B×d) → out: same',
    why: 'Deep networks train unstably when the scale of activations drifts from layer to layer; normalising each vector keeps every layer’s input in a steady range, so deep stacks train with larger learning rates. Unlike batch norm it needs no batch statistics, so it works with any batch size and sequence length.',
  },
  inputs: [{ name: 'in', label: 'in', kind: 'sequence', accepts: ['sequence', 'vector', 'state'] }],
  outputs: [{ name: 'out', label: 'out', kind: 'sequence' }],
  params: PARAMS,
  inferShapes(inputs, _p, ctx) {
    return { out: needFloat(inputs, 'in', ctx) };
  },
  cost(inputs, outputs) {
    const x = inputs.in;
    const width = x ? x.shape[x.shape.length - 1] : 0;
    const shape = outputs.out?.shape ?? [];
    return { parameters: typeof width === 'number' ? 2 * width : 0, activations: [{ label: 'normalised', dims: shape }, { label: 'output', dims: shape }] };
  },
});
