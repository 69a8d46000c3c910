import { defineBlock, paramList, needFloat } from '../define';
import type { ParamsOf } from '../types';

const PARAMS = paramList([{ name: 'rate', label: 'Rate', type: 'float', default: 0.1, min: 0, max: 0.9, step: 0.05, doc: 'Fraction of values dropped while training.' }]);

export type DropoutParams = ParamsOf<typeof PARAMS>;

export const dropoutSpec = defineBlock({
  kind: 'dropout',
  category: 'layers',
  label: 'Dropout',
  summary: 'While training, zeroes a random fraction of the values; does nothing at inference.',
  explanation: {
    what: 'During training each value is set to 0 with probability p and the rest are scaled by 1/(1 − p), so the expected value is unchanged. At inference it passes its input through.',
    formula: 'y = x ⊙ m / (1 − p),  m_i ~ Bernoulli(1 − p)  (training);  y = x  (inference)',
    shapes: 'in: any float tensor → out: same',
    why: 'A network that cannot rely on any single unit learns redundant, more general features: a cheap guard against overfitting a small dataset.',
  },
  inputs: [{ name: 'in', label: 'in', kind: 'sequence', accepts: ['sequence', 'vector', 'state'] }],
  outputs: [{ name: 'out', label: 'out', kind: 'sequence' }],
  params: PARAMS,
  inferShapes(inputs, _p, ctx) {
    return { out: needFloat(inputs, 'in', ctx) };
  },
  cost(_inputs, outputs, p) {
    return { parameters: 0, activations: p.rate > 0 ? [{ label: 'dropout mask', dims: outputs.out?.shape ?? [] }] : [] };
  },
});
