import { BlockError } from '../../graph/errors';
import { formatType } from '../../graph/shapes';
import { defineBlock, paramList, needFloat } from '../define';
import type { MemoryTerm, ParamsOf } from '../types';

const PARAMS = paramList([
  {
    name: 'norm',
    label: 'Norm placement',
    type: 'enum',
    default: 'post',
    options: ['post', 'pre'],
    doc: '“post”: LayerNorm(x + y), the original Transformer. “pre”: x + y only — put a Layer Norm before the sublayer (GPT-2); trains more stably when deep.',
  },
  { name: 'epsilon', label: 'Epsilon', type: 'float', default: 1e-5, min: 1e-12, max: 0.1, doc: 'Added to the variance so a constant vector does not divide by zero (post-norm only).' },
]);

export type AddNormParams = ParamsOf<typeof PARAMS>;

export const addNormSpec = defineBlock({
  kind: 'addNorm',
  category: 'transformer',
  label: 'Add & Norm',
  summary: 'Residual connection: adds a sublayer’s output back to its input, then normalises.',
  explanation: {
    what: 'Adds the sublayer’s output to the input it was given (the residual), then — in post-norm — applies Layer Norm to the sum. In pre-norm it only adds; a Layer Norm sits before the sublayer instead.',
    formula: 'post: out = LayerNorm(x + Sublayer(x));  pre: out = x + Sublayer(LayerNorm(x))',
    shapes: 'residual: B×T×d, sublayer: B×T×d → out: B×T×d (or B×d for vectors)',
    why: 'The residual path is a highway for gradients: a deep stack can start out close to the identity and learn small corrections, instead of having to pass every signal through every layer. The norm keeps the scale of the running sum steady from layer to layer.',
  },
  inputs: [
    { name: 'residual', label: 'x (residual)', kind: 'sequence', accepts: ['sequence', 'vector'], doc: 'The sublayer’s input, carried around it.' },
    { name: 'sublayer', label: 'sublayer(x)', kind: 'sequence', accepts: ['sequence', 'vector'], doc: 'The output of attention or feed-forward.' },
  ],
  outputs: [{ name: 'out', label: 'out', kind: 'sequence' }],
  params: PARAMS,
  inferShapes(inputs, _p, ctx) {
    const x = needFloat(inputs, 'residual', ctx);
    const y = needFloat(inputs, 'sublayer', ctx);
    const same = x.shape.length === y.shape.length && x.shape.every((d, i) => d === y.shape[i]);
    if (!same) {
      throw BlockError.of('E_SHAPE_MISMATCH', 'addNorm.shapes', { block: ctx.label, residual: formatType(x), sublayer: formatType(y) });
    }
    return { out: x };
  },
  cost(inputs, outputs, p) {
    const x = inputs.residual;
    const width = x ? x.shape[x.shape.length - 1] : 0;
    const shape = outputs.out?.shape ?? [];
    const activations: MemoryTerm[] = [{ label: 'sum', dims: shape }];
    if (p.norm === 'post') activations.push({ label: 'normalised', dims: shape });
    return { parameters: p.norm === 'post' && typeof width === 'number' ? 2 * width : 0, activations };
  },
});
