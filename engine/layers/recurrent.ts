import * as tf from '@tensorflow/tfjs';
import { isTraining, layerCheck, linear, type Kwargs } from './ops';
import { RECURRENT_CELLS, type CellType, type RecurrentCellKind, type RecurrentInternal } from './recurrentCells';
import { fusedRecurrentAvailable, fusedRecurrentStates } from './recurrentFused';
import { orthogonalBlocks } from './recurrentInit';

/**
 * Recurrent layers: a simple (Elman) RNN, an LSTM and a GRU, forward or bidirectional.
 *
 * Weight layout is Keras' (so weights copy one-to-one into tf.keras and, transposed and re-ordered, into
 * PyTorch): per direction a `kernel` (d, k·u), a `recurrent_kernel` (u, k·u) and a `bias`, where k is the
 * number of gate blocks (simple 1, LSTM 4, GRU 3) and u = units. The bidirectional layer's second direction
 * has the same three weights prefixed `backward_`.
 *
 * Each cell is a small class in recurrentCells.ts (its gate blocks, bias layout and initialisation, one step):
 * - LSTM gate blocks in order i (input), f (forget), c (candidate), o (output); bias (4u), the forget
 *   block initialised to 1 (Keras' unit_forget_bias) so that early in training the cell remembers.
 *       c_t = σ(f)·c_{t−1} + σ(i)·tanh(c̃),   h_t = σ(o)·tanh(c_t)
 * - GRU gate blocks in order z (update), r (reset), h (candidate), with **reset_after = true**: the reset
 *   gate multiplies the recurrent projection *after* the matMul, and the bias is (2, 3u): row 0 for the
 *   input projection, row 1 for the recurrent one.
 *       z = σ(x W_z + b_z + h U_z + b'_z),  r = σ(x W_r + b_r + h U_r + b'_r)
 *       h̃ = tanh(x W_h + b_h + r ⊙ (h U_h + b'_h)),   h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃
 *   This is what PyTorch's nn.GRU computes, what tf.keras uses by default since TF 2 (and what cuDNN
 *   implements). tfjs' own `tf.layers.gru` implements only reset_after = false (it throws when asked for
 *   true), which applies r to h before the matMul; the two are different functions, so weights do not
 *   transfer between them. We follow PyTorch and tf.keras 2 so that exported models match those.
 * - Gate activations are the logistic sigmoid (Keras 2 and PyTorch; tfjs defaults to a hard sigmoid).
 *
 * Speed: the input projection x·W + b of every time step (and of both directions) is ONE matMul on a
 * (B·T, d) view before the time loop; the loop then does only the small h·U matMul per step. That removes
 * T−1 kernel launches and lets the backend run the large product as one GEMM. Where the backend has the fused
 * recurrent kernels (wasm with SIMD, recurrentFused.ts), the whole loop over time is then one kernel each way
 * instead of a dozen small ones per step; elsewhere, and for the inspection model, the loop composes tfjs ops.
 *
 * Inputs: x (B, T, d), then the optional initial hidden state (B, s) and, for the LSTM, the optional
 * initial cell state (B, s), then the optional token ids (B, T), in that order and present as declared by
 * `hasInitialState`/`hasInitialCell`/`hasTokenMask`. With token ids, a step whose id is [PAD] (0) leaves
 * the state unchanged and outputs the carried state (Keras' masking): right-padded sequences then end in
 * the state after their last real token, and the backward pass starts at it with the initial state.
 * s is the state width, u (or 2u when bidirectional: the forward half then the backward half).
 * Outputs: [out, h_final, c_final (LSTM only)] where out is (B, T, s) or, with returnSequences false,
 * (B, s), equal to h_final. A bidirectional layer's final state is [h_T of the forward pass, h_1 of the
 * backward pass], as in Keras' Bidirectional.
 */
export type RecurrentCell = RecurrentCellKind;
export type { RecurrentInternal };

export interface RecurrentArgs {
  cell: RecurrentCell;
  /** Width u of the hidden state of one direction. */
  units: number;
  /** true: the hidden state at every step (B, T, s); false: only the final one (B, s). Default true. */
  returnSequences?: boolean;
  /** Also run a second pass from the last step to the first and concatenate: s = 2u. Default false. */
  bidirectional?: boolean;
  /**
   * Fraction of input features dropped while training, with one mask per sequence shared by every time
   * step (Keras' `dropout`, Gal & Ghahramani's variational dropout): a fresh mask per step would inject
   * noise the recurrence amplifies.
   */
  dropout?: number;
  /** The layer receives an initial hidden state as its second input. */
  hasInitialState?: boolean;
  /** The layer (LSTM only) receives an initial cell state after the (optional) initial hidden state. */
  hasInitialCell?: boolean;
  /** The layer receives the token ids (B, T) of its sequence last; [PAD] steps are skipped. */
  hasTokenMask?: boolean;
  /** Seed of the initialisers (and of the dropout masks, advanced on every call): every run repeats exactly. */
  seed: number;
  name?: string;
  trainable?: boolean;
}

/** What the inspection model can show of a recurrent layer of this cell, in the order its inspector outputs them. */
export function recurrentInternals(cell: RecurrentCell): readonly RecurrentInternal[] {
  return RECURRENT_CELLS[cell].internals;
}

interface DirectionWeights {
  kernel: tf.LayerVariable;
  recurrentKernel: tf.LayerVariable;
  bias: tf.LayerVariable;
}

/** Everything one pass over time produced; time-indexed arrays are in time order for either direction. */
interface PassResult {
  hs: tf.Tensor[]; // T × (B, u)
  cs: tf.Tensor[];
  /** Per gate (LSTM: i, f, o; GRU: z, r), per time step. Filled only when asked for. */
  gates: tf.Tensor[][];
  h: tf.Tensor; // (B, u)
  c: tf.Tensor | null;
}

export class Recurrent extends tf.layers.Layer {
  static className = 'Tensorloom>Recurrent';
  readonly cell: RecurrentCell;
  readonly units: number;
  readonly returnSequences: boolean;
  readonly bidirectional: boolean;
  readonly dropout: number;
  readonly hasInitialState: boolean;
  readonly hasInitialCell: boolean;
  readonly hasTokenMask: boolean;
  readonly seed: number;
  private readonly cellType: CellType;
  private directions: DirectionWeights[] = [];
  private dropoutCalls = 0;

  constructor(args: RecurrentArgs) {
    super({ ...args, name: args.name ?? defaultName('recurrent') });
    const name = 'Recurrent';
    layerCheck(Object.prototype.hasOwnProperty.call(RECURRENT_CELLS, args.cell), name, `cell must be simple, lstm or gru, got ${args.cell}`);
    layerCheck(Number.isInteger(args.units) && args.units >= 1, name, `units must be a positive integer, got ${args.units}`);
    const dropout = args.dropout ?? 0;
    layerCheck(dropout >= 0 && dropout < 1, name, `dropout must be in [0, 1), got ${dropout}`);
    layerCheck(Number.isInteger(args.seed), name, `seed must be an integer (the initialisers and dropout are seeded so runs repeat), got ${args.seed}`);
    layerCheck(!args.hasInitialCell || RECURRENT_CELLS[args.cell].hasCellState, name, 'only an LSTM has a cell state');
    this.cell = args.cell;
    this.cellType = RECURRENT_CELLS[args.cell];
    this.units = args.units;
    this.returnSequences = args.returnSequences ?? true;
    this.bidirectional = args.bidirectional ?? false;
    this.dropout = dropout;
    this.hasInitialState = args.hasInitialState ?? false;
    this.hasInitialCell = args.hasInitialCell ?? false;
    this.hasTokenMask = args.hasTokenMask ?? false;
    this.seed = args.seed;
  }

  /** Width of the output and of each state: u, or 2u when bidirectional. */
  get stateWidth(): number {
    return this.units * (this.bidirectional ? 2 : 1);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const xShape = firstShape(inputShape);
    const d = xShape[xShape.length - 1];
    layerCheck(xShape.length === 3 && typeof d === 'number', 'Recurrent', `expects a sequence (B, T, d) with a known d, got (${xShape.join(', ')})`);
    const u = this.units;
    const cell = this.cellType;
    const width = cell.gateBlocks * u;
    this.directions = [];
    const count = this.bidirectional ? 2 : 1;
    for (let dir = 0; dir < count; dir++) {
      const prefix = dir === 0 ? '' : 'backward_';
      // Seeds differ per weight and per direction.
      const seedOf = (k: number) => this.seed + 7919 * dir + k;
      const kernel = this.addWeight(`${prefix}kernel`, [d as number, width], 'float32', tf.initializers.glorotUniform({ seed: seedOf(1) }));
      const recurrentKernel = this.addWeight(`${prefix}recurrent_kernel`, [u, width], 'float32', tf.initializers.zeros());
      overwrite(recurrentKernel, tf.tensor2d(orthogonalBlocks(u, cell.gateBlocks, seedOf(2)), [u, width]));
      const bias = this.addWeight(`${prefix}bias`, cell.biasShape(u), 'float32', tf.initializers.zeros());
      const initialBias = cell.initialBias(u);
      if (initialBias) overwrite(bias, tf.tensor(initialBias, cell.biasShape(u)));
      this.directions.push({ kernel, recurrentKernel, bias });
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape[] {
    const [b, t] = firstShape(inputShape);
    const s = this.stateWidth;
    const out: tf.Shape = this.returnSequences ? [b, t, s] : [b, s];
    return this.cellType.hasCellState ? [out, [b, s], [b, s]] : [out, [b, s]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor[] {
    return tf.tidy(() => {
      const { x, h0, c0, ids } = this.unpack(inputs);
      return this.outputsFrom(this.maybeDropout(x, kwargs), h0, c0, ids);
    });
  }

  /** [out, h] or [out, h, c] for x (B, T, d) from initial states h0, c0 (zeros where null): the fused loop where the backend has it. */
  private outputsFrom(x: tf.Tensor3D, h0: tf.Tensor2D | null, c0: tf.Tensor2D | null, ids: tf.Tensor | null): tf.Tensor[] {
    if (x.shape[1] > 0 && fusedRecurrentAvailable()) return this.callFused(x, h0, c0, ids);
    const passes = this.run(x, h0, c0, ids, false);
    const h = concatLast(passes.map((p) => p.h));
    // With output `last`, out and state hold the same values, but they must be distinct tensors: at
    // inference tfjs' graph executor disposes each output once its own consumers are done, so one tensor
    // behind both would be freed while the other output's consumers still need it.
    const out = this.returnSequences ? concatLast(passes.map((p) => tf.stack(p.hs, 1))) : tf.clone(h);
    if (!this.cellType.hasCellState) return [out, h];
    return [out, h, concatLast(passes.map((p) => p.c!))];
  }

  /** Whether `decodeStep` gives this layer's outputs: one direction, starting from its own (zero) state. */
  get decodesIncrementally(): boolean {
    return !this.bidirectional && !this.hasInitialState && !this.hasInitialCell;
  }

  /**
   * Generation one step at a time: the outputs for n new positions x (B, n, d) of a sequence whose state after its
   * earlier positions is `state` ([h] or [h, c]; null at the start), and the state after the new ones. The new
   * positions are real tokens, so a token mask would keep every step. Inference only (no dropout).
   */
  decodeStep(x: tf.Tensor, state: tf.Tensor[] | null): { outputs: tf.Tensor[]; state: tf.Tensor[] } {
    layerCheck(this.decodesIncrementally, 'Recurrent', 'only a one-direction layer without initial-state inputs decodes one step at a time');
    return tf.tidy(() => {
      const outputs = this.outputsFrom(x as tf.Tensor3D, (state?.[0] ?? null) as tf.Tensor2D | null, (state?.[1] ?? null) as tf.Tensor2D | null, null);
      return { outputs, state: outputs.slice(1) };
    });
  }

  /**
   * The time series the inspection model shows, in `recurrentInternals(cell)` order, each (B, T, s).
   * Used by RecurrentInspector; never on the training path.
   */
  internals(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
    return tf.tidy(() => {
      const { x, h0, c0, ids } = this.unpack(inputs);
      const passes = this.run(x, h0, c0, ids, true);
      const series = (pick: (p: PassResult) => tf.Tensor[]) => concatLast(passes.map((p) => tf.stack(pick(p), 1)));
      const out = [series((p) => p.hs)];
      if (this.cellType.hasCellState) out.push(series((p) => p.cs));
      for (let g = 0; g < passes[0].gates.length; g++) out.push(series((p) => p.gates[g]));
      return out;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      cell: this.cell,
      units: this.units,
      returnSequences: this.returnSequences,
      bidirectional: this.bidirectional,
      dropout: this.dropout,
      hasInitialState: this.hasInitialState,
      hasInitialCell: this.hasInitialCell,
      hasTokenMask: this.hasTokenMask,
      seed: this.seed,
    };
    return { ...super.getConfig(), ...config };
  }

  private unpack(inputs: tf.Tensor | tf.Tensor[]): { x: tf.Tensor3D; h0: tf.Tensor2D | null; c0: tf.Tensor2D | null; ids: tf.Tensor | null } {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const states = (this.hasInitialState ? 1 : 0) + (this.hasInitialCell ? 1 : 0);
    const expected = 1 + states + (this.hasTokenMask ? 1 : 0);
    layerCheck(list.length === expected, 'Recurrent', `expects ${expected} input tensor(s), got ${list.length}`);
    const h0 = this.hasInitialState ? (list[1] as tf.Tensor2D) : null;
    const c0 = this.hasInitialCell ? (list[states] as tf.Tensor2D) : null;
    const ids = this.hasTokenMask ? list[expected - 1] : null;
    if (ids) {
      const [b, t] = (list[0] as tf.Tensor).shape;
      layerCheck(ids.rank === 2 && ids.shape[0] === b && ids.shape[1] === t, 'Recurrent', `token ids must be (B, T) = (${b}, ${t}), got (${ids.shape.join(', ')})`);
    }
    for (const s of [h0, c0]) {
      if (s) layerCheck(s.rank === 2 && s.shape[1] === this.stateWidth, 'Recurrent', `an initial state must be (B, ${this.stateWidth}), got (${s.shape.join(', ')})`);
    }
    return { x: list[0] as tf.Tensor3D, h0, c0, ids };
  }

  private maybeDropout(x: tf.Tensor3D, kwargs: Kwargs): tf.Tensor3D {
    if (!(this.dropout > 0 && isTraining(kwargs))) return x;
    const [b, , d] = x.shape;
    const seed = this.seed + 104729 * ++this.dropoutCalls;
    return tf.dropout(x, this.dropout, [b, 1, d], seed) as tf.Tensor3D; // one mask per sequence, every step
  }

  /**
   * The layer's outputs from the fused loop: one projection matMul, one kernel over every step and direction, then
   * the final states read out of the states of every step (a direction's final state is the one carried out of its
   * last step: t = T−1 forward, t = 0 backward).
   */
  private callFused(x: tf.Tensor3D, h0: tf.Tensor2D | null, c0: tf.Tensor2D | null, ids: tf.Tensor | null): tf.Tensor[] {
    const [b, t] = x.shape;
    const u = this.units;
    const s = this.stateWidth;
    const dirs = this.directions;
    const cell = this.cellType;
    const kernel = dirs.length === 1 ? dirs[0].kernel.read() : tf.concat(dirs.map((w) => w.kernel.read()), 1);
    const inputBiases = dirs.map((w) => cell.inputBias(w.bias.read()));
    const bias = dirs.length === 1 ? inputBiases[0] : tf.concat(inputBiases, 0);
    const stackDirections = (parts: tf.Tensor[]) => (parts.length === 1 ? tf.expandDims(parts[0], 0) : tf.stack(parts));
    const recurrentBiases = dirs.map((w) => cell.recurrentBias(w.bias.read()));
    const states = fusedRecurrentStates({
      cell: this.cell,
      units: u,
      projection: linear(x, kernel, bias), // (B, T, dirs·k·u)
      recurrentKernel: stackDirections(dirs.map((w) => w.recurrentKernel.read())),
      recurrentBias: recurrentBiases[0] === null ? null : stackDirections(recurrentBiases as tf.Tensor[]),
      h0,
      c0,
      keep: ids ? tf.cast(tf.notEqual(ids, 0), 'float32') : null,
    });
    const finalOf = (offset: number) =>
      concatLast(dirs.map((_, dir) => tf.reshape(tf.slice(states, [0, dir === 0 ? t - 1 : 0, offset + dir * u], [b, 1, u]), [b, u])));
    const h = finalOf(0);
    const out = !this.returnSequences ? tf.clone(h) : cell.hasCellState ? tf.slice(states, [0, 0, 0], [b, t, s]) : states;
    return cell.hasCellState ? [out, h, finalOf(s)] : [out, h];
  }

  /** One pass per direction; the input projection of all steps and both directions is a single matMul. */
  private run(x: tf.Tensor3D, h0: tf.Tensor2D | null, c0: tf.Tensor2D | null, ids: tf.Tensor | null, collectGates: boolean): PassResult[] {
    const [b] = x.shape;
    const u = this.units;
    const dirs = this.directions;
    const kernels = dirs.map((w) => w.kernel.read());
    const biases = dirs.map((w) => w.bias.read());
    const inputBiases = biases.map((bias) => this.cellType.inputBias(bias));
    const kernel = dirs.length === 1 ? kernels[0] : tf.concat(kernels, 1); // (d, dirs·k·u)
    const bias = dirs.length === 1 ? inputBiases[0] : tf.concat(inputBiases, 0); // (dirs·k·u)
    // Time-major before the projection, so each step's slice below is one contiguous block: unstacking the
    // time axis of a batch-major tensor (strided slices) measured ~12 ms a step on wasm, most of the forward pass.
    const timeMajor = tf.transpose(x, [1, 0, 2]); // (T, B, d)
    const projected = linear(timeMajor, kernel, bias); // (T, B, dirs·k·u)
    const perDirection = dirs.length === 1 ? [projected] : tf.split(projected, dirs.length, 2); // each (T, B, k·u)
    const zeros = () => tf.zeros([b, u]);
    const halves = (s: tf.Tensor | null): tf.Tensor[] => (s === null ? dirs.map(zeros) : dirs.length === 1 ? [s] : tf.split(s, dirs.length, 1));
    const hStart = halves(h0);
    const cStart = this.cellType.hasCellState ? halves(c0) : [];
    // (B, 1) per step: 1 for a real token, 0 for [PAD]; a constant, so no gradient flows into it.
    const keep = ids ? timeSteps(tf.cast(tf.notEqual(tf.transpose(ids), 0), 'float32').expandDims(2)) : null;
    return dirs.map((w, dir) => {
      const steps = timeSteps(perDirection[dir]); // T × (B, k·u)
      const recurrentBias = this.cellType.recurrentBias(biases[dir]);
      return this.pass(steps, w.recurrentKernel.read() as tf.Tensor2D, recurrentBias, hStart[dir], cStart[dir] ?? null, keep, dir === 1, collectGates);
    });
  }

  private pass(
    steps: tf.Tensor[],
    recurrentKernel: tf.Tensor2D,
    recurrentBias: tf.Tensor | null,
    h0: tf.Tensor,
    c0: tf.Tensor | null,
    keep: tf.Tensor[] | null,
    reverse: boolean,
    collectGates: boolean,
  ): PassResult {
    const T = steps.length;
    const hs: tf.Tensor[] = new Array(T);
    const cs: tf.Tensor[] = new Array(T);
    const gates: tf.Tensor[][] = [];
    const tanh = tanhFor(tf.getBackend());
    let h = h0;
    let c = c0;
    for (let k = 0; k < T; k++) {
      const t = reverse ? T - 1 - k : k;
      const hPrev = h;
      const cPrev = c;
      // xp: x_t W + b, precomputed (B, k·u); hp: h U (B, k·u).
      const next = this.cellType.step({ xp: steps[t], hp: tf.matMul(h as tf.Tensor2D, recurrentKernel), h, c, recurrentBias, tanh });
      h = next.h;
      c = next.c;
      if (c) {
        if (keep) c = carry(keep[t], c, cPrev!);
        cs[t] = c;
      }
      if (collectGates) next.gates.forEach((g, j) => ((gates[j] ??= [])[t] = g));
      if (keep) h = carry(keep[t], h, hPrev);
      hs[t] = h;
    }
    return { hs, cs, gates, h, c };
  }
}
tf.serialization.registerClass(Recurrent);

/**
 * A weightless twin of a Recurrent layer for the inspection model: same inputs, it reads the source
 * layer's weights and outputs the hidden states (and LSTM cell states and gate activations) over time.
 * Kept out of the training model so training never pays for stacking them. Not serialisable on purpose:
 * the compiler rebuilds it with every model.
 */
export class RecurrentInspector extends tf.layers.Layer {
  static className = 'Tensorloom>RecurrentInspector';
  constructor(
    readonly source: Recurrent,
    args: { name?: string } = {},
  ) {
    super({ name: args.name ?? defaultName('recurrent_inspector'), trainable: false });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const [b, t] = firstShape(inputShape);
    const shapes = recurrentInternals(this.source.cell).map((): tf.Shape => [b, t, this.source.stateWidth]);
    return shapes.length === 1 ? shapes[0] : shapes;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    const out = this.source.internals(inputs);
    return out.length === 1 ? out[0] : out;
  }
}

/**
 * tanh, or on wasm the identity tanh(x) = 2σ(2x) − 1: tfjs-wasm's Tanh kernel is scalar (measured ~0.6 ms
 * for a 32×128 tensor, 20× its vectorised Sigmoid), and tanh runs two or three times per step. Chosen at
 * call time, so a model built on one backend runs the best form on another. float32 error ≲ 1e-7.
 */
function tanhFor(backend: string): (x: tf.Tensor) => tf.Tensor {
  if (backend !== 'wasm') return (x) => tf.tanh(x);
  return (x) => tf.sub(tf.mul(tf.sigmoid(tf.mul(x, 2)), 2), 1);
}

/** keep ? next : previous, per example: previous + keep·(next − previous). */
function carry(keep: tf.Tensor, next: tf.Tensor, previous: tf.Tensor): tf.Tensor {
  return tf.add(previous, tf.mul(keep, tf.sub(next, previous)));
}

let unnamedLayers = 0;
/** tfjs derives a default name from the class name, and the `>` of ours is not valid in a weight name. */
function defaultName(prefix: string): string {
  return `${prefix}_${++unnamedLayers}`;
}

function firstShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
  return Array.isArray(inputShape[0]) ? (inputShape[0] as tf.Shape) : (inputShape as tf.Shape);
}

function concatLast<T extends tf.Tensor>(parts: T[]): T {
  return parts.length === 1 ? parts[0] : (tf.concat(parts, -1) as T);
}

/** Replaces a fresh variable's value (the variable keeps its own reference; ours is released). */
function overwrite(v: tf.LayerVariable, value: tf.Tensor): void {
  v.write(value);
  value.dispose();
}

/**
 * A time-major tensor's steps, (T, …) → T × (…). One step is a reshape: tfjs' unstack of a length-1 axis has no
 * working gradient (its gradient stacks what it expects to be a list of tensors and gets one).
 */
function timeSteps(timeMajor: tf.Tensor): tf.Tensor[] {
  return timeMajor.shape[0] === 1 ? [tf.reshape(timeMajor, timeMajor.shape.slice(1))] : tf.unstack(timeMajor, 0);
}
