import * as tf from '@tensorflow/tfjs';
import { linear, linearRelu, type Kwargs } from './ops';

type DenseArgs = Parameters<typeof tf.layers.dense>[0];
type DenseConstructor = new (args: DenseArgs) => tf.layers.Layer;

/** tfjs' own Dense class, as registered for deserialisation (tfjs-layers does not export the class itself). */
const TfjsDense = tf.serialization.SerializationMap.getMap().classNameMap.Dense[0] as unknown as DenseConstructor;

/** Activations applied after `linear` as tfjs' own activation functions compute them. */
const AFTER_LINEAR: Record<string, (y: tf.Tensor) => tf.Tensor> = {
  tanh: (y) => tf.tanh(y),
  sigmoid: (y) => tf.sigmoid(y),
};

/**
 * tfjs' Dense layer computed through the project's `linear` / `linearRelu` (ops.ts) when its activation is linear,
 * relu, tanh or sigmoid; any other activation runs tfjs' own call. It is tfjs' Dense in every other way — the class
 * name 'Dense', its config and weights — so saved models and exports load it as plain Dense, with the same results.
 * What changes is the gradient: tfjs reduces the bias gradient with Sum over the leading axes, which tfjs-wasm runs as
 * a transpose and a row sum (one call took ≈ 100 ms on a busy machine for BERT-mini's 1,536 × 3,457 logits), where
 * `linear` takes one small matMul; and with relu, the product, bias and activation stay one kernel while training.
 */
export class RowsDense extends TfjsDense {
  private readonly activationName: string | null;

  constructor(args: DenseArgs) {
    super(args);
    this.activationName = typeof args.activation === 'string' ? args.activation : args.activation === undefined ? 'linear' : null;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const [kernel, bias] = this.weights;
    const name = this.activationName;
    const after = name === null ? undefined : AFTER_LINEAR[name];
    const fast = name === 'linear' || (name === 'relu' && bias !== undefined) || after !== undefined;
    if (!fast) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      this.invokeCallHook(inputs, kwargs);
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (name === 'relu') return linearRelu(x, kernel.read(), bias.read());
      const y = linear(x, kernel.read(), bias?.read() ?? null);
      return after ? after(y) : y;
    });
  }
}
