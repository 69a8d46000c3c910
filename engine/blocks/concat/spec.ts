import { BlockError } from '../../graph/errors';
import { formatType } from '../../graph/shapes';
import { defineBlock, paramList, needFloat, numeric } from '../define';
import type { ParamsOf } from '../types';

const PARAMS = paramList([]);

export type ConcatParams = ParamsOf<typeof PARAMS>;

export const concatSpec = defineBlock({
  kind: 'concat',
  category: 'layers',
  label: 'Concat',
  summary: 'Joins two tensors side by side along the feature axis.',
  explanation: {
    what: 'Places the features of b after those of a at every position, e.g. a decoder state next to its attention context.',
    formula: 'out = [a ; b]  (concatenated on the last axis)',
    shapes: 'a: B×T×d_a, b: B×T×d_b → out: B×T×(d_a + d_b)  (or B×d for vectors)',
    why: 'Lets a following layer see two sources at once — Luong attention concatenates the context with the decoder state before predicting the next token.',
  },
  inputs: [
    { name: 'a', label: 'a', kind: 'sequence', accepts: ['sequence', 'vector', 'state'] },
    { name: 'b', label: 'b', kind: 'sequence', accepts: ['sequence', 'vector', 'state'] },
  ],
  outputs: [{ name: 'out', label: 'out', kind: 'sequence' }],
  params: PARAMS,
  inferShapes(inputs, _p, ctx) {
    const a = needFloat(inputs, 'a', ctx);
    const b = needFloat(inputs, 'b', ctx);
    const leading = (t: typeof a) => t.shape.slice(0, -1);
    const la = leading(a);
    const lb = leading(b);
    if (la.length !== lb.length || la.some((d, i) => d !== lb[i])) {
      throw BlockError.of(a.shape.length === b.shape.length ? 'E_SHAPE_MISMATCH' : 'E_RANK_MISMATCH', 'concat.axes', { block: ctx.label, a: formatType(a), b: formatType(b) });
    }
    const width = numeric(a.shape[a.shape.length - 1], ctx, 'width of a') + numeric(b.shape[b.shape.length - 1], ctx, 'width of b');
    return { out: { dtype: 'float32', shape: [...la, width] } };
  },
  cost(_inputs, outputs) {
    return { parameters: 0, activations: [{ label: 'output', dims: outputs.out?.shape ?? [] }] };
  },
});
