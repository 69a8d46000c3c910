import * as tf from '@tensorflow/tfjs';
import { ADAM_UPDATE_KERNEL } from '../backend/kernelNames';
import type { AdamUpdateAttrs } from '../backend/wasm/adamUpdate';

/** An optimizer's own variable and the name it is saved under, as tfjs' optimizers keep them. */
interface OptimizerVariable {
  originalName: string;
  variable: tf.Variable;
}

/** A tensor with the name it is saved under (tfjs' getWeights/setWeights format). */
type NamedTensor = Awaited<ReturnType<tf.Optimizer['getWeights']>>[number];

interface MomentPair {
  first: OptimizerVariable;
  second: OptimizerVariable;
}

const FIRST_MOMENT_SUFFIX = '/m';
const SECOND_MOMENT_SUFFIX = '/v';

/**
 * Adam with the maths of tfjs' `tf.train.adam` (bias-corrected moments, epsilon added to √v̂) whose update runs
 * as one kernel per variable where the backend registered `TensorloomAdamUpdate` (wasm), instead of the ~13
 * small kernels per variable tfjs launches; other backends run the same formula as plain tf ops. Either way
 * the new variable and moments are fresh tensors handed to `assign`, so buffers shared with other tensors are
 * never written.
 *
 * beta1^t and beta2^t are kept as float32 numbers updated by one float32 multiply per step, as tfjs keeps them
 * in float32 variables, so both paths reproduce tf.train.adam's results. A restored state recomputes them by
 * the same t multiplies (tfjs uses pow there, which can differ in the last bit; 1 − β₂^t magnifies that), so a
 * continued run is bit for bit the run that never stopped.
 *
 * Moments are kept by variable name, so any subset of variables may be updated (frozen blocks have none) and
 * a restored state finds its variables whatever order the gradients come in. State is saved and restored in
 * tfjs' format: iterations, then every first moment (`<variable>/m`), then every second moment (`<variable>/v`).
 */
export class FusedAdamOptimizer extends tf.Optimizer {
  static get className(): string {
    // Same name as tfjs' Adam: a saved optimizer config stays interchangeable.
    return 'Adam';
  }

  /** beta1^t and beta2^t for the next step t (float32). */
  private accBeta1: number;
  private accBeta2: number;
  private readonly epsilon: number;
  private moments = new Map<string, MomentPair>();

  constructor(
    /** Read on every step, so a schedule may change it between steps. */
    public learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    epsilon: number | null = null,
  ) {
    super();
    this.accBeta1 = Math.fround(beta1);
    this.accBeta2 = Math.fround(beta2);
    this.epsilon = epsilon ?? tf.backend().epsilon();
  }

  /**
   * One Adam step. `gradientScale` multiplies every gradient first, in the same kernel (clipping by global norm:
   * see clipScale in clip.ts), with the result of a separate float32 Multiply.
   */
  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[], gradientScale = 1): void {
    const entries: Array<[string, tf.Tensor | undefined]> = Array.isArray(variableGradients)
      ? variableGradients.map((g) => [g.name, g.tensor])
      : Object.entries(variableGradients);
    const f = Math.fround;
    const attrs: AdamUpdateAttrs = {
      gradientScale: f(gradientScale),
      beta1: f(this.beta1),
      beta2: f(this.beta2),
      oneMinusBeta1: f(1 - this.beta1),
      oneMinusBeta2: f(1 - this.beta2),
      biasCorrection1: f(1 - this.accBeta1),
      biasCorrection2: f(1 - this.accBeta2),
      epsilon: f(this.epsilon),
      negLearningRate: f(-this.learningRate),
    };
    const fused = tf.getKernel(ADAM_UPDATE_KERNEL, tf.getBackend()) !== undefined;
    for (const [name, gradient] of entries) {
      const value = tf.engine().registeredVariables[name];
      if (!value) throw new Error(`FusedAdamOptimizer: no variable named ${name}.`);
      let moments = this.moments.get(name);
      if (!moments) {
        moments = {
          first: { originalName: `${name}${FIRST_MOMENT_SUFFIX}`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) },
          second: { originalName: `${name}${SECOND_MOMENT_SUFFIX}`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) },
        };
        this.moments.set(name, moments);
      }
      if (gradient == null) continue;
      const m = moments.first.variable;
      const v = moments.second.variable;
      const [newValue, newM, newV] =
        fused && value.dtype === 'float32' && gradient.dtype === 'float32'
          ? (tf.engine().runKernel(
              ADAM_UPDATE_KERNEL,
              { variable: value, gradient, firstMoment: m, secondMoment: v },
              attrs as unknown as tf.NamedAttrMap,
            ) as tf.Tensor[])
          : adamUpdateWithOps(value, gradient, m, v, attrs);
      m.assign(newM);
      v.assign(newV);
      value.assign(newValue);
      tf.dispose([newValue, newM, newV]);
    }
    this.accBeta1 = f(this.accBeta1 * attrs.beta1);
    this.accBeta2 = f(this.accBeta2 * attrs.beta2);
    this.incrementIterations();
  }

  override dispose(): void {
    super.dispose();
    this.disposeMoments();
  }

  private disposeMoments(): void {
    for (const pair of this.moments.values()) tf.dispose([pair.first.variable, pair.second.variable]);
    this.moments.clear();
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const pairs = [...this.moments.values()];
    const variables = [...pairs.map((p) => p.first), ...pairs.map((p) => p.second)];
    return [await this.saveIterations(), ...variables.map((v) => ({ name: v.originalName, tensor: v.variable }))];
  }

  /**
   * Restores iterations and moments saved by getWeights (the caller still owns and disposes the tensors it
   * passed); a variable whose moments are absent starts from zeros.
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const values = await this.extractIterations(weightValues);
    this.accBeta1 = betaPower(this.beta1, this.iterations + 1);
    this.accBeta2 = betaPower(this.beta2, this.iterations + 1);
    const byName = new Map(values.map((v) => [v.name, v.tensor]));
    const variableNames = values.filter((v) => v.name.endsWith(FIRST_MOMENT_SUFFIX)).map((v) => v.name.slice(0, -FIRST_MOMENT_SUFFIX.length));
    for (const name of variableNames) {
      if (!byName.has(`${name}${SECOND_MOMENT_SUFFIX}`)) throw new Error(`FusedAdamOptimizer: the saved state has a first moment for ${name} but no second moment.`);
    }
    if (variableNames.length * 2 !== values.length) throw new Error('FusedAdamOptimizer: the saved state has moments that are neither “/m” nor “/v” of a variable.');
    this.disposeMoments();
    for (const name of variableNames) {
      const moment = (suffix: string): OptimizerVariable => ({
        originalName: `${name}${suffix}`,
        // Shares the tensor's buffer (reference-counted): the caller may dispose its tensor afterwards.
        variable: byName.get(`${name}${suffix}`)!.variable(false),
      });
      this.moments.set(name, { first: moment(FIRST_MOMENT_SUFFIX), second: moment(SECOND_MOMENT_SUFFIX) });
    }
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

/** β^t as the updates compute it: t − 1 float32 multiplies of float32 β (a few milliseconds for a million steps). */
function betaPower(beta: number, t: number): number {
  const b = Math.fround(beta);
  let power = b;
  for (let i = 1; i < t; i++) power = Math.fround(power * b);
  return power;
}

/** The same update as tf ops, in tfjs' order of operations, for backends without the fused kernel. */
function adamUpdateWithOps(value: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, a: AdamUpdateAttrs): tf.Tensor[] {
  return tf.tidy(() => {
    if (a.gradientScale !== 1) g = tf.mul(g, tf.scalar(a.gradientScale));
    const newM = tf.add(tf.mul(m, a.beta1), tf.mul(g, a.oneMinusBeta1));
    const newV = tf.add(tf.mul(v, a.beta2), tf.mul(tf.square(g), a.oneMinusBeta2));
    const mHat = tf.div(newM, a.biasCorrection1);
    const vHat = tf.div(newV, a.biasCorrection2);
    const newValue = tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), a.epsilon)), a.negLearningRate), value);
    return [newValue, newM, newV];
  });
}
