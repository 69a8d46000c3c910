/**
 * What the three recurrent blocks (Simple RNN, LSTM, GRU) share: ports, parameters, shape checks and the
 * cost model. Each block's spec.ts adds its own texts. Imports no tfjs (specs load on the UI thread).
 */
import { BlockError } from '../../graph/errors';
import { formatType, lastDim, seq, vec, type Dim, type TensorType } from '../../graph/shapes';
import { defineBlock, needSequence, needTokens, numeric, paramList } from '../define';
import type { BlockCost, BlockExplanation, BlockSpec, InferContext, InputTypes, MemoryTerm, ParamsOf, PortSpec } from '../types';

export type RecurrentKind = 'simple' | 'lstm' | 'gru';

/** Gate blocks per cell: the k in the layer's kernel (d, k·u). */
const BLOCKS: Record<RecurrentKind, number> = { simple: 1, lstm: 4, gru: 3 };

const NAMES: Record<RecurrentKind, string> = { simple: 'RNN', lstm: 'LSTM', gru: 'GRU' };

/**
 * Trainable parameters of one recurrent layer, both directions. Per direction: kernel d·k·u, recurrent
 * kernel u·k·u, bias k·u — and the GRU (reset-after) has a second, recurrent bias of 3u.
 * So LSTM = 4(du + u² + u), GRU = 3(du + u² + 2u), simple = du + u² + u; ×2 when bidirectional.
 */
export function recurrentParameterCount(cell: RecurrentKind, inputWidth: number, units: number, bidirectional: boolean): number {
  const k = BLOCKS[cell];
  const biases = cell === 'gru' ? 2 : 1;
  const perDirection = k * (inputWidth * units + units * units + biases * units);
  return perDirection * (bidirectional ? 2 : 1);
}

/** The width of the output and of each state: units, or 2·units when bidirectional (forward ‖ backward). */
export function stateWidth(p: RecurrentParams): number {
  return p.units * (p.bidirectional ? 2 : 1);
}

const PARAMS = paramList([
  { name: 'units', label: 'Units', type: 'int', default: 128, min: 1, max: 4096, doc: 'Width u of the hidden state: how much the layer can remember about what it has read.' },
  {
    name: 'output',
    label: 'Output',
    type: 'enum',
    default: 'sequence',
    options: ['sequence', 'last'],
    doc: '“sequence”: the hidden state at every step (B×T×u), for stacking, attention or per-token heads. “last”: only the final state (B×u), one vector per sequence — connect “ids (mask)” so that padding does not run through it.',
  },
  {
    name: 'bidirectional',
    label: 'Bidirectional',
    type: 'bool',
    default: false,
    doc: 'Also read the sequence backwards and concatenate both: each position then sees its left and right context. Output and states become 2u wide. Not for language models (they must not see the future).',
  },
  {
    name: 'dropout',
    label: 'Input dropout',
    type: 'float',
    default: 0,
    min: 0,
    max: 0.9,
    step: 0.05,
    doc: 'Fraction of input features zeroed while training, with the same mask at every time step. 0 turns it off.',
  },
]);

export type RecurrentParams = ParamsOf<typeof PARAMS>;

function ports(cell: RecurrentKind): { inputs: PortSpec[]; outputs: PortSpec[] } {
  const stateIn = (name: string, label: string, doc: string): PortSpec => ({ name, label, kind: 'state', accepts: ['state', 'vector'], optional: true, doc });
  const inputs: PortSpec[] = [
    { name: 'in', label: 'in', kind: 'sequence', doc: 'The sequence to read, B×T×d.' },
    stateIn('initialState', 'initial state', 'Starting hidden state h₀ (zeros when not connected), e.g. an encoder’s final state in a seq2seq model.'),
  ];
  const outputs: PortSpec[] = [
    { name: 'out', label: 'out', kind: 'sequence', doc: 'Hidden states B×T×u, or the last one B×u.' },
    { name: 'state', label: 'state', kind: 'state', doc: 'Final hidden state h_T, B×u.' },
  ];
  if (cell === 'lstm') {
    inputs.push(stateIn('initialCell', 'initial cell', 'Starting cell state c₀ (zeros when not connected).'));
    outputs.push({ name: 'cell', label: 'cell', kind: 'state', doc: 'Final cell state c_T, B×u.' });
  }
  // Not in the first catalogue; optional, so graphs without it are unchanged. Datasets pad on the right,
  // and without it an encoder's final state (or a classifier's “last”) is the state after the padding.
  inputs.push({
    name: 'tokens',
    label: 'ids (mask)',
    kind: 'tokens',
    optional: true,
    doc: 'The token ids the input sequence was made from: steps whose id is [PAD] leave the state unchanged, so a padded sequence ends in the state after its last real token.',
  });
  return { inputs, outputs };
}

/** An initial state must be a B×s vector with s the layer's state width. */
function checkInitialState(inputs: InputTypes, port: string, width: number, p: RecurrentParams, cell: RecurrentKind, ctx: InferContext): void {
  const t = inputs[port];
  if (!t) return;
  const name = port === 'initialCell' ? 'initial cell state' : 'initial state';
  if (t.dtype !== 'float32' || t.shape.length !== 2) {
    throw BlockError.of(t.dtype !== 'float32' ? 'E_DTYPE_MISMATCH' : 'E_RANK_MISMATCH', cell === 'lstm' ? 'recurrent.stateRankLstm' : 'recurrent.stateRank', {
      block: ctx.label,
      state: name,
      width: String(width),
      type: formatType(t),
    });
  }
  const given = lastDim(t);
  if (given !== width) {
    const params = { block: ctx.label, state: name, given: String(given), cell: NAMES[cell], width: String(width), ownUnits: String(p.units) };
    if (typeof given !== 'number') {
      throw BlockError.of('E_SHAPE_MISMATCH', p.bidirectional ? 'recurrent.stateWidthUnknownBidirectional' : 'recurrent.stateWidthUnknown', params);
    }
    const key = !p.bidirectional ? 'recurrent.stateWidth' : given % 2 ? 'recurrent.stateWidthBidirectionalOdd' : 'recurrent.stateWidthBidirectional';
    throw BlockError.of('E_SHAPE_MISMATCH', key, { ...params, units: String(p.bidirectional ? given / 2 : given) });
  }
}

function inferRecurrent(cell: RecurrentKind, inputs: InputTypes, p: RecurrentParams, ctx: InferContext): Record<string, TensorType> {
  const x = needSequence(inputs, 'in', ctx);
  numeric(lastDim(x), ctx, 'input width');
  const width = stateWidth(p);
  checkInitialState(inputs, 'initialState', width, p, cell, ctx);
  if (cell === 'lstm') checkInitialState(inputs, 'initialCell', width, p, cell, ctx);
  if (inputs.tokens) {
    const ids = needTokens(inputs, 'tokens', ctx);
    if (ids.shape[1] !== x.shape[1]) {
      throw BlockError.of('E_SHAPE_MISMATCH', 'recurrent.maskSteps', { block: ctx.label, type: formatType(ids), steps: String(x.shape[1]) });
    }
  }
  const out = p.output === 'sequence' ? seq(x.shape[1], width) : vec(width);
  const result: Record<string, TensorType> = { out, state: vec(width) };
  if (cell === 'lstm') result.cell = vec(width);
  return result;
}

function costRecurrent(cell: RecurrentKind, inputs: InputTypes, p: RecurrentParams): BlockCost {
  const x = inputs.in;
  const d = x && typeof lastDim(x) === 'number' ? (lastDim(x) as number) : 0;
  const time: Dim = x?.shape[1] ?? 'T';
  const dirs = p.bidirectional ? 2 : 1;
  const width = stateWidth(p);
  const gateWidth = BLOCKS[cell] * p.units * dirs;
  // What the backward pass keeps per step: the projected inputs, every hidden state, and per gated cell
  // its gate activations (and the LSTM's cell states).
  const activations: MemoryTerm[] = [
    { label: `input projection B·${time}·${gateWidth}`, dims: ['B', time, gateWidth] },
    { label: `hidden states B·${time}·${width}`, dims: ['B', time, width] },
  ];
  if (cell !== 'simple') activations.push({ label: `gate activations B·${time}·${gateWidth}`, dims: ['B', time, gateWidth] });
  if (cell === 'lstm') activations.push({ label: `cell states B·${time}·${width}`, dims: ['B', time, width] });
  return { parameters: recurrentParameterCount(cell, d, p.units, p.bidirectional), activations };
}

export interface RecurrentTexts {
  kind: string;
  label: string;
  summary: string;
  explanation: BlockExplanation;
}

export function defineRecurrentSpec(cell: RecurrentKind, texts: RecurrentTexts): BlockSpec {
  return defineBlock({
    ...texts,
    category: 'recurrent',
    ...ports(cell),
    params: PARAMS,
    inferShapes: (inputs, p, ctx) => inferRecurrent(cell, inputs, p, ctx),
    cost: (inputs, _outputs, p) => costRecurrent(cell, inputs, p),
  });
}
