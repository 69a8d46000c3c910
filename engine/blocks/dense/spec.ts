import { lastDim } from '../../graph/shapes';
import { defineBlock, paramList, needFloat, outputTerm } from '../define';
import type { ParamsOf } from '../types';

const PARAMS = paramList([
  { name: 'units', label: 'Units', type: 'int', default: 128, min: 1, max: 65536, doc: 'Output width. For the layer before an LM head, the vocabulary size.' },
  {
    name: 'activation',
    label: 'Activation',
    type: 'enum',
    default: 'linear',
    options: ['linear', 'relu', 'gelu', 'tanh', 'sigmoid'],
    doc: '“linear” for logits; a nonlinearity for hidden layers.',
  },
  { name: 'useBias', label: 'Bias', type: 'bool', default: true, doc: 'Add a learned bias vector.' },
]);

export type DenseParams = ParamsOf<typeof PARAMS>;

export const denseSpec = defineBlock({
  kind: 'dense',
  category: 'layers',
  label: 'Dense',
  summary: 'A linear layer (with optional activation) on the last axis.',
  explanation: {
    what: 'Multiplies each vector by a learned matrix and adds a bias; used to project to the vocabulary before the loss.',
    formula: 'y = act(x W + b),  W ∈ ℝ^{d_in×units}',
    shapes: 'in: B×T×d_in or B×d_in → out: B×T×units or B×units',
    why: 'The basic learnable map between vector spaces; the last Dense of a language model gives one score (logit) per token of the vocabulary.',
  },
  inputs: [{ name: 'in', label: 'in', kind: 'sequence', accepts: ['sequence', 'vector', 'state'] }],
  outputs: [{ name: 'out', label: 'out', kind: 'sequence' }],
  params: PARAMS,
  inferShapes(inputs, p, ctx) {
    const x = needFloat(inputs, 'in', ctx);
    return { out: { dtype: 'float32', shape: [...x.shape.slice(0, -1), p.units] } };
  },
  cost(inputs, outputs, p) {
    const dIn = inputs.in ? lastDim(inputs.in) : 0;
    const dInN = typeof dIn === 'number' ? dIn : 0;
    return { parameters: dInN * p.units + (p.useBias ? p.units : 0), activations: [outputTerm(outputs, 'out')] };
  },
});
