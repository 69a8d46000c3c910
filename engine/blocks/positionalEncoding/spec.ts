import { BlockError } from '../../graph/errors';
import { defineBlock, paramList, needSequence } from '../define';
import type { MemoryTerm, ParamsOf } from '../types';

const PARAMS = paramList([
  {
    name: 'encoding',
    label: 'Encoding',
    type: 'enum',
    default: 'sinusoidal',
    options: ['sinusoidal', 'learned'],
    doc: '“sinusoidal”: fixed waves, no weights. “learned”: a trained vector per position (GPT, BERT).',
  },
  { name: 'maxLength', label: 'Max length', type: 'int', default: 512, min: 1, max: 65536, doc: 'Longest sequence this block accepts; must be at least the sequence length T.' },
  { name: 'dropout', label: 'Dropout', type: 'float', default: 0, min: 0, max: 0.9, step: 0.05, doc: 'Dropout on the sum while training.' },
]);

export type PositionalEncodingParams = ParamsOf<typeof PARAMS>;

export const positionalEncodingSpec = defineBlock({
  kind: 'positionalEncoding',
  category: 'embeddings',
  label: 'Positional Encoding',
  summary: 'Adds a vector that says where each token sits in the sequence.',
  explanation: {
    what: 'Adds to each token vector a vector that depends only on its position: fixed sine waves of many frequencies, or one learned vector per position.',
    formula: 'out_t = x_t + PE_t;  sinusoidal: PE_{t,2i} = sin(t / 10000^{2i/d}), PE_{t,2i+1} = cos(t / 10000^{2i/d});  learned: PE = P[t], P ∈ ℝ^{maxLength×d}',
    shapes: 'in: B×T×d → out: B×T×d',
    why: 'Attention is order-blind: it sees its inputs as a set, so without positions “dog bites man” and “man bites dog” look the same. An RNN gets order for free from reading step by step; a Transformer has to be told.',
  },
  inputs: [{ name: 'in', label: 'in', kind: 'sequence' }],
  outputs: [{ name: 'out', label: 'out', kind: 'sequence' }],
  params: PARAMS,
  inferShapes(inputs, p, ctx) {
    const x = needSequence(inputs, 'in', ctx);
    const time = x.shape[1];
    const length = typeof time === 'number' ? time : ctx.sizes[time];
    if (length !== undefined && length > p.maxLength) {
      throw BlockError.of('E_SHAPE_MISMATCH', 'positional.maxLength', { block: ctx.label, length: String(length), time: String(time), maxLength: String(p.maxLength) });
    }
    return { out: x };
  },
  cost(inputs, outputs, p) {
    const width = inputs.in?.shape[2];
    const parameters = p.encoding === 'learned' && typeof width === 'number' ? p.maxLength * width : 0;
    const activations: MemoryTerm[] = [{ label: 'output', dims: outputs.out?.shape ?? [] }];
    if (p.dropout > 0) activations.push({ label: 'dropout mask', dims: outputs.out?.shape ?? [] });
    return { parameters, activations };
  },
});
