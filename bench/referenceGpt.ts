import * as tf from '@tensorflow/tfjs';
import type { ReferenceJob } from './referenceJob';

/**
 * The reference GPT-mini written directly in tfjs ops (one-hot embedding, pre-norm blocks, causal attention,
 * GELU FFN, Adam), independent of the app's compiler. The benchmark uses it to profile kernels per op and as
 * a floor for what the app's own model should reach on the same backend.
 */
export function createReferenceGpt(job: ReferenceJob, seed = 1) {
  const { vocab, context: T, dModel: d, heads, blocks, ffn } = job;
  const headSize = d / heads;
  let nextSeed = seed;
  const weight = (shape: number[], scale: number) =>
    tf.variable(tf.randomNormal(shape, 0, scale, 'float32', nextSeed++));
  const zeros = (shape: number[]) => tf.variable(tf.zeros(shape));
  const ones = (shape: number[]) => tf.variable(tf.ones(shape));
  const params = {
    tokens: weight([vocab, d], 0.02),
    positions: weight([T, d], 0.02),
    layers: Array.from({ length: blocks }, () => ({
      ln1g: ones([d]), ln1b: zeros([d]),
      qkv: weight([d, 3 * d], 0.02), qkvBias: zeros([3 * d]),
      proj: weight([d, d], 0.02), projBias: zeros([d]),
      ln2g: ones([d]), ln2b: zeros([d]),
      ff1: weight([d, ffn], 0.02), ff1Bias: zeros([ffn]),
      ff2: weight([ffn, d], 0.02), ff2Bias: zeros([d]),
    })),
    lnfg: ones([d]), lnfb: zeros([d]),
    head: weight([d, vocab], 0.02), headBias: zeros([vocab]),
  };
  const causalMask = tf.keep(tf.sub(1, tf.linalg.bandPart(tf.ones([T, T]), -1, 0)).mul(-1e9));
  const optimizer = tf.train.adam(1e-3);

  const layerNorm = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
    const { mean, variance } = tf.moments(x, -1, true);
    return x.sub(mean).mul(tf.rsqrt(variance.add(1e-5))).mul(g).add(b);
  };
  const dense = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => {
    const [B, L, inDim] = x.shape;
    return tf.matMul(x.reshape([B * L, inDim]), w).add(b).reshape([B, L, w.shape[1]!]);
  };
  const gelu = (x: tf.Tensor) =>
    x.mul(0.5).mul(tf.tanh(x.add(x.mul(x).mul(x).mul(0.044715)).mul(Math.sqrt(2 / Math.PI))).add(1));
  const split = (x: tf.Tensor, B: number) => x.reshape([B, T, heads, headSize]).transpose([0, 2, 1, 3]);

  const loss = (inputs: tf.Tensor2D, targets: tf.Tensor2D) => {
    const B = inputs.shape[0];
    let x = tf.matMul(tf.oneHot(inputs.reshape([-1]), vocab).toFloat(), params.tokens)
      .reshape([B, T, d]).add(params.positions);
    for (const p of params.layers) {
      const h = layerNorm(x, p.ln1g, p.ln1b);
      const [q, k, v] = tf.split(dense(h, p.qkv, p.qkvBias), 3, -1).map((t) => split(t, B));
      const scores = tf.matMul(q, k, false, true).mul(1 / Math.sqrt(headSize)).add(causalMask); // (B, heads, T, T)
      const attended = tf.matMul(tf.softmax(scores), v).transpose([0, 2, 1, 3]).reshape([B, T, d]);
      x = x.add(dense(attended, p.proj, p.projBias));
      x = x.add(dense(gelu(dense(layerNorm(x, p.ln2g, p.ln2b), p.ff1, p.ff1Bias)), p.ff2, p.ff2Bias));
    }
    const logits = dense(layerNorm(x, params.lnfg, params.lnfb), params.head, params.headBias);
    return tf.losses.softmaxCrossEntropy(tf.oneHot(targets.reshape([-1]), vocab), logits.reshape([-1, vocab]));
  };

  return {
    /** One Adam step on a batch of token ids; resolves with the loss. */
    async step(inputs: tf.Tensor2D, targets: tf.Tensor2D): Promise<number> {
      const value = tf.tidy(() => optimizer.minimize(() => loss(inputs, targets) as tf.Scalar, true)!);
      const result = (await value.data())[0];
      value.dispose();
      return result;
    },
    dispose() {
      causalMask.dispose();
      optimizer.dispose();
      tf.dispose(Object.values(params).flat().flatMap((p) => (p instanceof tf.Variable ? [p] : Object.values(p))));
    },
  };
}
