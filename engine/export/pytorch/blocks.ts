/**
 * How each block kind reads in PyTorch: the module its constructor builds, the expression its forward computes,
 * and where each of its tfjs weights goes in the module's state_dict. The maths is the engine's (engine/layers);
 * the Python classes are in snippets.ts. A kind missing here does not compile (Record<BlockKind, …>).
 */
import type { HeadTask, InputFeed, TargetFeed } from '../../blocks/buildTypes';
import type { BlockKind } from '../../blocks/specs';
import type { Params } from '../../blocks/types';
import { pyNumber, pyString } from './naming';
import type { SnippetName } from './snippets';

/** How a tfjs weight becomes a PyTorch one (all are permutations, so optimizer moments convert the same way). */
export type WeightTransform =
  /** Same layout (embeddings, biases, LayerNorm γ/β, position tables). */
  | 'copy'
  /** tfjs kernels are (in, out); nn.Linear's weight is (out, in). */
  | 'transpose'
  /** A GRU kernel (in, [z r h]) → weight (3u: [r z n], in). */
  | 'gruKernel'
  /** Row 0 / row 1 of a GRU bias (2, [z r h]) → bias_ih / bias_hh ([r z n]). */
  | 'gruInputBias'
  | 'gruRecurrentBias';

export interface WeightSpec {
  /** The layer-name part the block's builder used (`dense`, `mha`, `lstm`, …) and the weight's own name. */
  part: string;
  own: string;
  /** The key under the module's attribute, e.g. `weight`, `cells.0.bias_ih`. */
  key: string;
  transform: WeightTransform;
}

/** A parameter PyTorch has and tfjs does not: a recurrent bias that stays zero and untrained. */
export interface ZeroSpec {
  key: string;
  length: number;
}

/** A value flowing along an edge in the generated forward: a Python expression and its width. */
export interface PyValue {
  name: string;
  /** The last dimension, as a Config expression (`c.d_model`, `2 * c.units`), for constructors downstream. */
  width?: string;
  /** Token ids from a Token Input or a Target: which feed. */
  feed?: InputFeed | TargetFeed;
}

export interface EmitContext {
  params: Params;
  label: string;
  input(port: string): PyValue | undefined;
  need(port: string): PyValue;
  /** A Config field for a size: `c.<field>`; fields with one value across the graph are shared. */
  size(canonical: string, value: number): string;
  /** Whether the graph has a decoder input (names source and target vocabularies apart). */
  hasDecoder: boolean;
  /** The head task this node's output feeds directly, if any (for naming a Dense that produces logits). */
  feedsHead?: HeadTask;
}

export interface Emission {
  /** The constructor expression for `self.<attr>`; none for blocks without weights or state. */
  module?: string;
  /** The forward expression; `$m` stands for `self.<attr>`. Absent for inputs, targets and heads. */
  call?: string;
  /** Output ports in the order the call returns them (a tuple when more than one), with their widths. */
  outputs?: Array<{ port: string; width?: string }>;
  weights?: WeightSpec[];
  zeros?: ZeroSpec[];
  snippets?: SnippetName[];
  head?: { task: HeadTask; logits: PyValue; targetFeed: TargetFeed };
  /** A value that needs no statement of its own (a Token Input is the forward argument itself). */
  passThrough?: PyValue;
}

type Emitter = (ctx: EmitContext) => Emission;

const num = (ctx: EmitContext, name: string) => Number(ctx.params[name]);
const bool = (ctx: EmitContext, name: string) => ctx.params[name] === true;
const str = (ctx: EmitContext, name: string) => String(ctx.params[name]);

/** `, name=value` keyword arguments, leaving out those at their Python default. */
function kwargs(pairs: Array<[string, string | undefined]>): string {
  return pairs.filter(([, v]) => v !== undefined).map(([k, v]) => `, ${k}=${v}`).join('');
}

const dropoutArg = (rate: number) => (rate > 0 ? pyNumber(rate) : undefined);

const head =
  (task: HeadTask): Emitter =>
  (ctx) => {
    const targets = ctx.need('targets');
    return { head: { task, logits: ctx.need('logits'), targetFeed: (targets.feed ?? 'targets') as TargetFeed } };
  };

function recurrent(cell: 'rnn' | 'lstm' | 'gru'): Emitter {
  return (ctx) => {
    const x = ctx.need('in');
    const units = ctx.size('units', num(ctx, 'units'));
    const bidirectional = bool(ctx, 'bidirectional');
    const args = kwargs([
      ['bidirectional', bidirectional ? 'True' : undefined],
      ['sequences', str(ctx, 'output') === 'last' ? 'False' : undefined],
      ['dropout', dropoutArg(num(ctx, 'dropout'))],
    ]);
    const h0 = ctx.input('initialState');
    const c0 = cell === 'lstm' ? ctx.input('initialCell') : undefined;
    const ids = ctx.input('tokens');
    const callArgs = kwargs([
      ['h0', h0?.name],
      ['c0', c0?.name],
      ['tokens', ids?.name],
    ]);
    const width = bidirectional ? `2 * ${units}` : units;
    const blocks = cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
    const part = cell === 'rnn' ? 'simple' : cell;
    const weights: WeightSpec[] = [];
    const zeros: ZeroSpec[] = [];
    for (const [d, prefix] of (bidirectional ? ['', 'backward_'] : ['']).entries()) {
      const at = `cells.${d}.`;
      weights.push({ part, own: `${prefix}kernel`, key: `${at}weight_ih`, transform: cell === 'gru' ? 'gruKernel' : 'transpose' });
      weights.push({ part, own: `${prefix}recurrent_kernel`, key: `${at}weight_hh`, transform: cell === 'gru' ? 'gruKernel' : 'transpose' });
      if (cell === 'gru') {
        weights.push({ part, own: `${prefix}bias`, key: `${at}bias_ih`, transform: 'gruInputBias' });
        weights.push({ part, own: `${prefix}bias`, key: `${at}bias_hh`, transform: 'gruRecurrentBias' });
      } else {
        weights.push({ part, own: `${prefix}bias`, key: `${at}bias_ih`, transform: 'copy' });
        zeros.push({ key: `${at}bias_hh`, length: blocks * num(ctx, 'units') });
      }
    }
    const outputs = [{ port: 'out', width }, { port: 'state', width }, { port: 'cell', width }];
    return {
      module: `Recurrent(${pyString(cell)}, ${x.width}, ${units}${args})`,
      call: `$m(${x.name}${callArgs})`,
      outputs,
      weights,
      zeros,
      snippets: ['Recurrent'],
    };
  };
}

const ACTIVATIONS: Record<string, (inner: string) => string> = {
  linear: (e) => e,
  relu: (e) => `torch.relu(${e})`,
  // tfjs' Dense "gelu" is the exact erf form (only the Feed-forward block uses the tanh approximation).
  gelu: (e) => `F.gelu(${e})`,
  tanh: (e) => `torch.tanh(${e})`,
  sigmoid: (e) => `torch.sigmoid(${e})`,
};

export const EMITTERS: Record<BlockKind, Emitter> = {
  tokenInput: (ctx) => ({ passThrough: { name: str(ctx, 'feed'), feed: str(ctx, 'feed') as InputFeed } }),
  target: (ctx) => ({ passThrough: { name: str(ctx, 'feed'), feed: str(ctx, 'feed') as TargetFeed } }),

  embedding: (ctx) => {
    const ids = ctx.need('in');
    const canonical = ids.feed === 'decoder_tokens' ? 'target_vocab_size' : ctx.hasDecoder ? 'source_vocab_size' : 'vocab_size';
    const vocab = ctx.size(canonical, num(ctx, 'vocabSize'));
    const d = ctx.size('d_model', num(ctx, 'dModel'));
    return {
      module: `nn.Embedding(${vocab}, ${d})`,
      call: bool(ctx, 'scale') ? `$m(${ids.name}) * math.sqrt($m.embedding_dim)` : `$m(${ids.name})`,
      outputs: [{ port: 'out', width: d }],
      weights: [{ part: 'embedding', own: 'embeddings', key: 'weight', transform: 'copy' }],
    };
  },

  positionalEncoding: (ctx) => {
    const x = ctx.need('in');
    const learned = str(ctx, 'encoding') === 'learned';
    const maxLen = ctx.size('max_len', num(ctx, 'maxLength'));
    const cls = learned ? 'LearnedPositions' : 'SinusoidalPositions';
    return {
      module: `${cls}(${maxLen}, ${x.width}${kwargs([['dropout', dropoutArg(num(ctx, 'dropout'))]])})`,
      call: `$m(${x.name})`,
      outputs: [{ port: 'out', width: x.width }],
      weights: learned ? [{ part: 'positions', own: 'positions', key: 'table', transform: 'copy' }] : [],
      snippets: [cls],
    };
  },

  segmentEmbedding: (ctx) => {
    const x = ctx.need('in');
    const segments = ctx.need('segments');
    return {
      module: `nn.Embedding(${ctx.size('n_segments', num(ctx, 'numSegments'))}, ${x.width})`,
      call: `${x.name} + $m(${segments.name})`,
      outputs: [{ port: 'out', width: x.width }],
      weights: [{ part: 'segments', own: 'segments', key: 'weight', transform: 'copy' }],
    };
  },

  attention: (ctx) => {
    const query = ctx.need('query');
    const keys = ctx.need('keys');
    const values = ctx.input('values');
    const keyTokens = ctx.input('keyTokens');
    const score = str(ctx, 'score');
    const sizes = score === 'dot' ? '' : `, ${query.width}, ${keys.width}`;
    const units = score === 'additive' ? `, ${ctx.size('attention_units', num(ctx, 'units'))}` : '';
    const weights: WeightSpec[] =
      score === 'general'
        ? [{ part: 'attention', own: 'score_kernel', key: 'w.weight', transform: 'transpose' }]
        : score === 'additive'
          ? [
              { part: 'attention', own: 'query_kernel', key: 'w_query.weight', transform: 'transpose' },
              { part: 'attention', own: 'key_kernel', key: 'w_key.weight', transform: 'transpose' },
              { part: 'attention', own: 'score_vector', key: 'v.weight', transform: 'transpose' },
            ]
          : [];
    return {
      module: `Attention(${pyString(score)}${sizes}${units})`,
      call: `$m(${query.name}, ${keys.name}${kwargs([
        ['values', values?.name],
        ['key_tokens', keyTokens?.name],
      ])})`,
      outputs: [{ port: 'out', width: (values ?? keys).width }],
      weights,
      snippets: ['Attention'],
    };
  },

  scaledDotProductAttention: (ctx) => {
    const [q, k, v] = ['query', 'key', 'value'].map((p) => ctx.need(p));
    const keyTokens = ctx.input('keyTokens');
    return {
      call: `scaled_dot_product_attention(${q.name}, ${k.name}, ${v.name}${kwargs([
        ['causal', bool(ctx, 'causal') ? 'True' : undefined],
        ['key_tokens', keyTokens?.name],
      ])})`,
      outputs: [{ port: 'out', width: v.width }],
      snippets: ['scaledDotProductAttention'],
    };
  },

  multiHeadAttention: (ctx) => {
    const x = ctx.need('query');
    const memory = ctx.input('memory');
    const keyTokens = ctx.input('keyTokens');
    const args = kwargs([
      ['d_memory', memory && memory.width !== x.width ? memory.width : undefined],
      ['causal', bool(ctx, 'causal') ? 'True' : undefined],
      ['bias', bool(ctx, 'useBias') ? undefined : 'False'],
      ['dropout', dropoutArg(num(ctx, 'dropout'))],
    ]);
    const useBias = bool(ctx, 'useBias');
    const weights: WeightSpec[] = [];
    for (const [own, attr] of [
      ['query', 'q_proj'],
      ['key', 'k_proj'],
      ['value', 'v_proj'],
      ['output', 'out_proj'],
    ]) {
      weights.push({ part: 'mha', own: `${own}_kernel`, key: `${attr}.weight`, transform: 'transpose' });
      if (useBias) weights.push({ part: 'mha', own: `${own}_bias`, key: `${attr}.bias`, transform: 'copy' });
    }
    return {
      module: `MultiHeadAttention(${x.width}, ${ctx.size('n_heads', num(ctx, 'heads'))}${args})`,
      call: `$m(${x.name}${kwargs([
        ['memory', memory?.name],
        ['key_tokens', keyTokens?.name],
      ])})`,
      outputs: [{ port: 'out', width: x.width }],
      weights,
      snippets: ['MultiHeadAttention'],
    };
  },

  addNorm: (ctx) => {
    const x = ctx.need('residual');
    const y = ctx.need('sublayer');
    if (str(ctx, 'norm') === 'pre') return { call: `${x.name} + ${y.name}`, outputs: [{ port: 'out', width: x.width }] };
    return {
      module: layerNorm(x.width, num(ctx, 'epsilon')),
      call: `$m(${x.name} + ${y.name})`,
      outputs: [{ port: 'out', width: x.width }],
      weights: normWeights('addnorm'),
    };
  },

  layerNorm: (ctx) => {
    const x = ctx.need('in');
    return { module: layerNorm(x.width, num(ctx, 'epsilon')), call: `$m(${x.name})`, outputs: [{ port: 'out', width: x.width }], weights: normWeights('layernorm') };
  },

  feedForward: (ctx) => {
    const x = ctx.need('in');
    const args = kwargs([
      ['activation', str(ctx, 'activation') === 'gelu' ? '"gelu"' : undefined],
      ['dropout', dropoutArg(num(ctx, 'dropout'))],
    ]);
    return {
      module: `FeedForward(${x.width}, ${ctx.size('d_ff', num(ctx, 'hidden'))}${args})`,
      call: `$m(${x.name})`,
      outputs: [{ port: 'out', width: x.width }],
      weights: [
        { part: 'ffn', own: 'kernel_1', key: 'fc1.weight', transform: 'transpose' },
        { part: 'ffn', own: 'bias_1', key: 'fc1.bias', transform: 'copy' },
        { part: 'ffn', own: 'kernel_2', key: 'fc2.weight', transform: 'transpose' },
        { part: 'ffn', own: 'bias_2', key: 'fc2.bias', transform: 'copy' },
      ],
      snippets: ['FeedForward'],
    };
  },

  dropout: (ctx) => {
    const x = ctx.need('in');
    return { module: `nn.Dropout(${pyNumber(num(ctx, 'rate'))})`, call: `$m(${x.name})`, outputs: [{ port: 'out', width: x.width }] };
  },

  concat: (ctx) => {
    const a = ctx.need('a');
    const b = ctx.need('b');
    return { call: `torch.cat([${a.name}, ${b.name}], dim=-1)`, outputs: [{ port: 'out', width: `${a.width} + ${b.width}` }] };
  },

  pooling: (ctx) => {
    const x = ctx.need('in');
    const tokens = ctx.input('tokens');
    const mode = str(ctx, 'mode');
    if (tokens && mode !== 'first') {
      const fn = mode === 'mean' ? 'masked_mean' : mode === 'max' ? 'masked_max_over_time' : 'last_token';
      return { call: `${fn}(${x.name}, ${tokens.name})`, outputs: [{ port: 'out', width: x.width }], snippets: ['tokenPooling'] };
    }
    const call = mode === 'first' ? `${x.name}[:, 0]` : mode === 'last' ? `${x.name}[:, -1]` : mode === 'mean' ? `${x.name}.mean(dim=1)` : `max_over_time(${x.name})`;
    return { call, outputs: [{ port: 'out', width: x.width }], snippets: mode === 'max' ? ['maxOverTime'] : [] };
  },

  dense: (ctx) => {
    const x = ctx.need('in');
    const canonical =
      ctx.feedsHead === 'classification' ? 'n_classes' : ctx.feedsHead === 'seq2seq' ? 'target_vocab_size' : ctx.feedsHead ? 'vocab_size' : 'units';
    const units = ctx.size(canonical, num(ctx, 'units'));
    const useBias = bool(ctx, 'useBias');
    return {
      module: `nn.Linear(${x.width}, ${units}${useBias ? '' : ', bias=False'})`,
      call: ACTIVATIONS[str(ctx, 'activation')](`$m(${x.name})`),
      outputs: [{ port: 'out', width: units }],
      weights: [
        { part: 'dense', own: 'kernel', key: 'weight', transform: 'transpose' },
        ...(useBias ? [{ part: 'dense', own: 'bias', key: 'bias', transform: 'copy' as const }] : []),
      ],
    };
  },

  simpleRnn: recurrent('rnn'),
  lstm: recurrent('lstm'),
  gru: recurrent('gru'),

  lmHead: head('lm'),
  maskedLmHead: head('masked-lm'),
  seq2seqHead: head('seq2seq'),
  classifierHead: head('classification'),
};

function layerNorm(width: string | undefined, epsilon: number): string {
  return `nn.LayerNorm(${width}${epsilon === 1e-5 ? '' : `, eps=${pyNumber(epsilon)}`})`;
}

function normWeights(part: string): WeightSpec[] {
  return [
    { part, own: 'gamma', key: 'weight', transform: 'copy' },
    { part, own: 'beta', key: 'bias', transform: 'copy' },
  ];
}
