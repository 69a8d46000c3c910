/**
 * The three cells of engine/layers/recurrent.ts, each as a small class: its gate blocks, how its bias is laid out
 * and initialised, one time step, and what the inspection model can show of it. Weight layout is Keras' (see
 * recurrent.ts); the recurrent layer owns the weights, the projection of every input and the loop over time.
 */
import * as tf from '@tensorflow/tfjs';

export type RecurrentCellKind = 'simple' | 'lstm' | 'gru';

/** What the inspection model can show of a recurrent layer, in the order its inspector outputs them. */
export interface RecurrentInternal {
  /** Also the layer-name part: `hidden`, `cell`, `input_gate`, … */
  name: string;
  kind: 'hidden' | 'gates';
}

/** One step's result: the new hidden state, the new cell state (LSTM) and the gate activations it shows. */
export interface StepResult {
  h: tf.Tensor;
  c: tf.Tensor | null;
  gates: tf.Tensor[];
}

/** The operands of one step, all (B, ·): x_t W + b (precomputed for every step), h_{t−1} U, the states before. */
export interface StepInputs {
  xp: tf.Tensor;
  hp: tf.Tensor;
  h: tf.Tensor;
  c: tf.Tensor | null;
  /** The GRU's recurrent bias b′ (3u), added to h U before the reset gate applies; null for the others. */
  recurrentBias: tf.Tensor | null;
  tanh: (x: tf.Tensor) => tf.Tensor;
}

export abstract class CellType {
  abstract readonly kind: RecurrentCellKind;
  /** Gate blocks k: the kernel is (d, k·u), the recurrent kernel (u, k·u). */
  abstract readonly gateBlocks: number;
  /** Whether the cell carries a cell state besides the hidden state (the LSTM). */
  readonly hasCellState: boolean = false;
  abstract readonly internals: readonly RecurrentInternal[];

  /** The bias variable's shape for u units. */
  biasShape(units: number): number[] {
    return [this.gateBlocks * units];
  }

  /** The bias' initial values, or null for zeros. */
  initialBias(_units: number): Float32Array | null {
    return null;
  }

  /** The part of the bias added to the input projection x W (all of it, but for the GRU). */
  inputBias(bias: tf.Tensor): tf.Tensor {
    return bias;
  }

  /** The part of the bias added to the recurrent projection h U, or null (only the GRU has one). */
  recurrentBias(_bias: tf.Tensor): tf.Tensor | null {
    return null;
  }

  abstract step(inputs: StepInputs): StepResult;
}

/** Elman: h_t = tanh(x_t W + h_{t−1} U + b). */
class SimpleCell extends CellType {
  readonly kind = 'simple';
  readonly gateBlocks = 1;
  readonly internals = [{ name: 'hidden', kind: 'hidden' }] as const;

  step({ xp, hp, tanh }: StepInputs): StepResult {
    return { h: tanh(tf.add(xp, hp)), c: null, gates: [] };
  }
}

/**
 * LSTM, gate blocks i, f, c̃, o: c_t = σ(f)·c_{t−1} + σ(i)·tanh(c̃), h_t = σ(o)·tanh(c_t). The forget block's bias
 * starts at 1 (Keras' unit_forget_bias), so that early in training the cell remembers.
 */
class LstmCell extends CellType {
  readonly kind = 'lstm';
  readonly gateBlocks = 4;
  override readonly hasCellState = true;
  readonly internals = [
    { name: 'hidden', kind: 'hidden' },
    { name: 'cell', kind: 'hidden' },
    { name: 'input_gate', kind: 'gates' },
    { name: 'forget_gate', kind: 'gates' },
    { name: 'output_gate', kind: 'gates' },
  ] as const;

  override initialBias(units: number): Float32Array {
    const init = new Float32Array(this.gateBlocks * units);
    init.fill(1, units, 2 * units); // forget block
    return init;
  }

  step({ xp, hp, c, tanh }: StepInputs): StepResult {
    const [zi, zf, zc, zo] = tf.split(tf.add(xp, hp), 4, 1);
    const i = tf.sigmoid(zi);
    const f = tf.sigmoid(zf);
    const o = tf.sigmoid(zo);
    const cNext = tf.add(tf.mul(f, c!), tf.mul(i, tanh(zc)));
    return { h: tf.mul(o, tanh(cNext)), c: cNext, gates: [i, f, o] };
  }
}

/**
 * GRU, gate blocks z, r, h̃, reset after (PyTorch, tf.keras 2): the reset gate multiplies the recurrent projection
 * after the product, so the bias is (2, 3u), row 0 for the input projection and row 1 for the recurrent one.
 *   h̃ = tanh(x W_h + b_h + r ⊙ (h U_h + b′_h)),   h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃
 */
class GruCell extends CellType {
  readonly kind = 'gru';
  readonly gateBlocks = 3;
  readonly internals = [
    { name: 'hidden', kind: 'hidden' },
    { name: 'update_gate', kind: 'gates' },
    { name: 'reset_gate', kind: 'gates' },
  ] as const;

  override biasShape(units: number): number[] {
    return [2, this.gateBlocks * units];
  }

  /**
   * Row 0, sliced from a flat view: tfjs-wasm's own _FusedMatMul checks the rank of the bias' storage, and a row
   * unstacked from a matrix keeps the matrix's.
   */
  override inputBias(bias: tf.Tensor): tf.Tensor {
    return tf.slice(tf.reshape(bias, [-1]), 0, bias.shape[1] as number);
  }

  override recurrentBias(bias: tf.Tensor): tf.Tensor {
    return tf.unstack(bias)[1];
  }

  step({ xp, hp, h, recurrentBias, tanh }: StepInputs): StepResult {
    const [xz, xr, xh] = tf.split(xp, 3, 1);
    const [hz, hr, hh] = tf.split(recurrentBias ? tf.add(hp, recurrentBias) : hp, 3, 1);
    const z = tf.sigmoid(tf.add(xz, hz));
    const r = tf.sigmoid(tf.add(xr, hr));
    const candidate = tanh(tf.add(xh, tf.mul(r, hh)));
    return { h: tf.add(candidate, tf.mul(z, tf.sub(h, candidate))), c: null, gates: [z, r] }; // z·h + (1 − z)·h̃
  }
}

export const RECURRENT_CELLS: Readonly<Record<RecurrentCellKind, CellType>> = {
  simple: new SimpleCell(),
  lstm: new LstmCell(),
  gru: new GruCell(),
};
