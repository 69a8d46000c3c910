import * as tf from '@tensorflow/tfjs';
import { LAYER_NORM_GRAD_KERNEL, LAYER_NORM_KERNEL } from '../backend/kernelNames';
import { layerCheck, scaleShift, type Kwargs, withDefaultName } from './ops';

export interface LayerNormArgs {
  /** Added to the variance before the square root, so constant vectors do not divide by zero. */
  epsilon?: number;
  name?: string;
  trainable?: boolean;
}

/**
 * γ · (x − mean) / √(var + ε) + β over the last axis, with mean and variance from plain ops (mean, sub,
 * mul, rsqrt) that every backend differentiates quickly — no `tf.pow`, no `tf.moments` — and γ, β
 * gradients summed by matMul (see `scaleShift`).
 */
export function normalizeLastAxis(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  if (tf.getKernel(LAYER_NORM_KERNEL, tf.getBackend()) && tf.getKernel(LAYER_NORM_GRAD_KERNEL, tf.getBackend())) {
    const d = x.shape[x.rank - 1];
    return fusedLayerNorm(epsilon)(x.reshape([x.size / d, d]), gamma, beta).reshape(x.shape);
  }
  const axis = x.rank - 1;
  const centred = tf.sub(x, tf.mean(x, axis, true)); // (…, d)
  const variance = tf.mean(tf.mul(centred, centred), axis, true); // (…, 1)
  const normalised = tf.mul(centred, tf.rsqrt(tf.add(variance, epsilon))); // (…, d)
  return scaleShift(normalised, gamma, beta);
}

type SaveFn = (tensors: tf.Tensor[]) => void;
type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

const fusedByEpsilon = new Map<number, (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => tf.Tensor>();

/**
 * The same normalisation as one backend kernel forward and one backward (rows × d in, per-row mean and
 * 1/σ kept for the gradient), where the backend registered them: ~25 small kernels become 2.
 */
function fusedLayerNorm(epsilon: number): (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => tf.Tensor {
  let fn = fusedByEpsilon.get(epsilon);
  if (!fn) {
    fn = tf.customGrad(((x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, save: SaveFn) => {
      const [y, mean, rstd] = tf.engine().runKernel(LAYER_NORM_KERNEL, { x, gamma, beta }, { epsilon } as unknown as tf.NamedAttrMap) as tf.Tensor[];
      save([x, gamma, mean, rstd]);
      return {
        value: y,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [sx, sGamma, sMean, sRstd] = saved;
          return tf.engine().runKernel(LAYER_NORM_GRAD_KERNEL, { x: sx, dy, gamma: sGamma, mean: sMean, rstd: sRstd }, {}) as tf.Tensor[];
        },
      };
    }) as unknown as CustomGradientFunc) as unknown as (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => tf.Tensor;
    fusedByEpsilon.set(epsilon, fn);
  }
  return fn;
}

/**
 * Layer normalisation (Ba et al. 2016): each vector rescaled to zero mean and unit variance, then by a
 * learned γ and β. Keeps activations in range however deep the stack, which is what lets Transformers train.
 */
export class LayerNorm extends tf.layers.Layer {
  static className = 'Tensorloom>LayerNorm';
  readonly epsilon: number;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: LayerNormArgs = {}) {
    super(withDefaultName(args, 'layer_norm'));
    this.epsilon = args.epsilon ?? 1e-5;
    layerCheck(this.epsilon > 0, 'LayerNorm', `epsilon must be positive, got ${this.epsilon}`);
  }

  override build(inputShape: tf.Shape): void {
    const width = inputShape[inputShape.length - 1];
    layerCheck(width !== null, 'LayerNorm', 'the vector width must be known');
    this.gamma = this.addWeight('gamma', [width!], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [width!], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape): tf.Shape {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      return normalizeLastAxis(x, this.gamma!.read(), this.beta!.read(), this.epsilon);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}
tf.serialization.registerClass(LayerNorm);
