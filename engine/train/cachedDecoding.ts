import * as tf from '@tensorflow/tfjs';
import type { CompiledModel } from '../compile/compile';
import { MultiHeadAttention } from '../layers/multiHeadAttention';
import { PositionalEncoding } from '../layers/positionalEncoding';
import { Recurrent } from '../layers/recurrent';
import { logSoftmax, type NextLogProbs } from './search';

/**
 * Layers whose output at a position depends on their input at that position only: run on the new positions alone,
 * they give what a call on the whole sequence gives there.
 */
const POSITION_WISE = new Set(['Tensorloom>TokenEmbedding', 'Tensorloom>AddNorm', 'Tensorloom>FeedForward', 'Tensorloom>LayerNorm', 'Dense', 'Dropout']);

/** One layer of the decoding plan: where its inputs come from and how it runs on new positions. */
interface PlannedLayer {
  /** Each input: the plan index of the layer producing it and which of that layer's outputs. */
  inputs: Array<{ from: number; output: number }>;
  /** The layer's outputs for the new positions, from its inputs there, its state before them and their first position. */
  step(inputs: tf.Tensor[], state: tf.Tensor[] | undefined, offset: number): { outputs: tf.Tensor[]; state?: tf.Tensor[] };
}

/** What the layers kept for one prefix, by plan index: attention layers' keys and values, recurrent layers' states. */
interface PrefixState {
  length: number;
  states: Map<number, tf.Tensor[]>;
}

export interface CachedDecoder {
  /**
   * Log-probabilities of the next token after each prefix. A prefix that extends one of the previous call's by one
   * token runs that token alone through the layers, with what its parent kept; any other runs whole.
   */
  next: NextLogProbs;
  /** Frees what the prefixes of the last call kept. */
  dispose(): void;
}

/**
 * Generation for a language model that keeps what each prefix computed (attention keys and values, recurrent
 * states), so a step computes the new token only instead of the whole window again. It applies where every layer
 * between the `tokens` input and the head's logits is position-wise, a positional encoding, causal self-attention
 * (MultiHeadAttention.decodesIncrementally) or a one-direction recurrent layer (Recurrent.decodesIncrementally);
 * null otherwise (encoders, bidirectional layers, seq2seq decoders), and the caller runs the whole model each step. Prefixes longer than the model's window T slide it, which moves
 * every position, so those steps run the whole window through `wholeWindow` as before.
 */
export function cachedDecoder(compiled: CompiledModel, head: number, wholeWindow: NextLogProbs): CachedDecoder | null {
  const plan = planFor(compiled, head);
  const window = compiled.inputLengths.tokens;
  if (!plan || window === undefined) return null;
  let kept = new Map<string, PrefixState>();

  const disposeStates = (states: Iterable<PrefixState>) => {
    for (const s of states) for (const tensors of s.states.values()) tf.dispose(tensors);
  };

  const runPrefix = (prefix: readonly number[], parent: PrefixState | undefined): { logProbs: Float64Array; state: PrefixState } => {
    const offset = parent ? parent.length : 0;
    const fresh = prefix.slice(offset);
    const states = new Map<number, tf.Tensor[]>();
    const logits = tf.tidy(() => {
      const outputs: tf.Tensor[][] = [];
      for (let i = 0; i < plan.layers.length; i++) {
        const layer = plan.layers[i];
        const inputs = layer.inputs.length ? layer.inputs.map((ref) => outputs[ref.from][ref.output]) : [tf.tensor2d(fresh, [1, fresh.length], 'int32')];
        const result = layer.step(inputs, parent?.states.get(i), offset);
        outputs.push(result.outputs);
        if (result.state) {
          // Kept past this scope for the prefixes that extend this one.
          result.state.forEach((t) => tf.keep(t));
          states.set(i, result.state);
        }
      }
      const out = outputs[plan.layers.length - 1][plan.output]; // (1, n, V)
      const [, n, vocab] = out.shape as number[];
      return tf.slice(out, [0, n - 1, 0], [1, 1, vocab]);
    });
    const values = logits.dataSync() as Float32Array;
    logits.dispose();
    return { logProbs: logSoftmax(values), state: { length: prefix.length, states } };
  };

  const next: NextLogProbs = async (prefixes) => {
    if (prefixes.some((p) => p.length > window)) {
      disposeStates(kept.values());
      kept = new Map();
      return wholeWindow(prefixes);
    }
    const made = new Map<string, { logProbs: Float64Array; state: PrefixState }>();
    const rows = prefixes.map((prefix) => {
      const key = prefix.join(',');
      let row = made.get(key);
      if (!row) {
        row = runPrefix(prefix, prefix.length > 1 ? kept.get(prefix.slice(0, -1).join(',')) : undefined);
        made.set(key, row);
      }
      return row.logProbs;
    });
    disposeStates(kept.values());
    kept = new Map([...made].map(([key, row]) => [key, row.state]));
    return rows;
  };

  return {
    next,
    dispose: () => {
      disposeStates(kept.values());
      kept = new Map();
    },
  };
}

/**
 * The layers from the `tokens` input to the head's logits in an order that runs each after its inputs, each with
 * its step on new positions; null where one has none.
 */
function planFor(compiled: CompiledModel, head: number): { layers: PlannedLayer[]; output: number } | null {
  const target = compiled.model.outputs[compiled.heads[head]?.outputIndex ?? -1] as tf.SymbolicTensor | undefined;
  if (!target || compiled.inputFeeds.length !== 1 || compiled.inputFeeds[0] !== 'tokens') return null;
  const layers: PlannedLayer[] = [];
  const indexOf = new Map<tf.layers.Layer, number>();
  const visit = (layer: tf.layers.Layer, inputs: tf.SymbolicTensor[]): number | null => {
    const known = indexOf.get(layer);
    if (known !== undefined) return known;
    const refs: PlannedLayer['inputs'] = [];
    for (const input of inputs) {
      const from = visit(input.sourceLayer as tf.layers.Layer, input.inputs);
      if (from === null) return null;
      refs.push({ from, output: input.outputTensorIndex ?? 0 });
    }
    const step = stepOf(layer);
    if (!step) return null;
    layers.push({ inputs: refs, step });
    indexOf.set(layer, layers.length - 1);
    return layers.length - 1;
  };
  // The logits' layer is planned last (after every layer it needs): its outputs are the plan's.
  if (visit(target.sourceLayer as tf.layers.Layer, target.inputs) === null) return null;
  return { layers, output: target.outputTensorIndex ?? 0 };
}

function stepOf(layer: tf.layers.Layer): PlannedLayer['step'] | null {
  const kind = layer.getClassName();
  if (kind === 'InputLayer') return (inputs) => ({ outputs: inputs });
  if (layer instanceof MultiHeadAttention && layer.decodesIncrementally) {
    return ([x], state) => {
      const { out, cache } = layer.decodeStep(x, state ? { keys: state[0], values: state[1] } : null);
      return { outputs: [out], state: [cache.keys, cache.values] };
    };
  }
  if (layer instanceof Recurrent && layer.decodesIncrementally) {
    // Its other inputs are the token ids for a mask, which the new (real) tokens never need.
    return ([x], state) => layer.decodeStep(x, state ?? null);
  }
  if (layer instanceof PositionalEncoding) return ([x], _state, offset) => ({ outputs: [layer.decodeAt(x, offset)] });
  if (POSITION_WISE.has(kind)) {
    return (inputs) => {
      const out = layer.apply(inputs.length === 1 ? inputs[0] : inputs, { training: false }) as tf.Tensor | tf.Tensor[];
      return { outputs: Array.isArray(out) ? out : [out] };
    };
  }
  return null;
}
