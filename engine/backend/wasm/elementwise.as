// AssemblyScript source of the SIMD elementwise kernels behind the wasm backend's Add, Sub, Multiply, RealDiv,
// Exp and Transpose, the fused Adam update, layer normalisation and attention's masked softmax. Compiled by
// scripts/build-kernels.ts into engine/backend/wasm/generated/elementwiseWasm.ts.
//
// The module has no memory of its own and no static data: it is instantiated on tfjs-backend-wasm's own
// WebAssembly.Memory and reads and writes tensors where tfjs keeps them, by their byte offsets in that heap.
// Nothing is copied in or out. Every loop works on four lanes at a time with a scalar tail, so sizes need not
// be multiples of four, and loads and stores carry no alignment assumption (tfjs' malloc aligns to 8 bytes).
//
// Only IEEE-exact operations are used (no fused multiply-add), so results are bit for bit those of tfjs'
// own float32 kernels.

const ADD: i32 = 0;
const SUB: i32 = 1;
const MUL: i32 = 2;
const DIV: i32 = 3;

// `op` is a constant wherever these are inlined, so each loop below compiles to one operation.
@inline
function vector(op: i32, a: v128, b: v128): v128 {
  if (op == ADD) return f32x4.add(a, b);
  if (op == SUB) return f32x4.sub(a, b);
  if (op == MUL) return f32x4.mul(a, b);
  return f32x4.div(a, b);
}

@inline
function scalar(op: i32, a: f32, b: f32): f32 {
  if (op == ADD) return a + b;
  if (op == SUB) return a - b;
  if (op == MUL) return a * b;
  return a / b;
}

/** out[i] = a[i] op b[i] for i < n. */
@inline
function sameShape(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const o = <usize>i << 2;
    v128.store(out + o, vector(op, v128.load(a + o), v128.load(b + o)));
    v128.store(out + o + 16, vector(op, v128.load(a + o + 16), v128.load(b + o + 16)));
    v128.store(out + o + 32, vector(op, v128.load(a + o + 32), v128.load(b + o + 32)));
    v128.store(out + o + 48, vector(op, v128.load(a + o + 48), v128.load(b + o + 48)));
  }
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, vector(op, v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, scalar(op, load<f32>(a + o), load<f32>(b + o)));
  }
}

/**
 * A rows x cols operand against one row of cols values repeated down the rows ([..., C] with [C]). With
 * `rowFirst` the row is the left operand (row op full), otherwise the right one (full op row).
 */
@inline
function rowBroadcast(op: i32, rowFirst: bool, full: usize, row: usize, out: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const base = <usize>(r * cols) << 2;
    const f = full + base;
    const o = out + base;
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const q = <usize>c << 2;
      const x = v128.load(f + q);
      const y = v128.load(row + q);
      v128.store(o + q, rowFirst ? vector(op, y, x) : vector(op, x, y));
    }
    for (; c < cols; c++) {
      const q = <usize>c << 2;
      const x = load<f32>(f + q);
      const y = load<f32>(row + q);
      store<f32>(o + q, rowFirst ? scalar(op, y, x) : scalar(op, x, y));
    }
  }
}

/**
 * A rows x cols operand against one value per row repeated along it ([..., 1] with [..., C]; a scalar operand
 * is the case rows = 1). With `columnFirst` the per-row value is the left operand.
 */
@inline
function columnBroadcast(op: i32, columnFirst: bool, full: usize, column: usize, out: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const base = <usize>(r * cols) << 2;
    const f = full + base;
    const o = out + base;
    const s = load<f32>(column + (<usize>r << 2));
    const y = f32x4.splat(s);
    let c = 0;
    for (; c + 8 <= cols; c += 8) {
      const q = <usize>c << 2;
      const x0 = v128.load(f + q);
      const x1 = v128.load(f + q + 16);
      v128.store(o + q, columnFirst ? vector(op, y, x0) : vector(op, x0, y));
      v128.store(o + q + 16, columnFirst ? vector(op, y, x1) : vector(op, x1, y));
    }
    for (; c + 4 <= cols; c += 4) {
      const q = <usize>c << 2;
      const x = v128.load(f + q);
      v128.store(o + q, columnFirst ? vector(op, y, x) : vector(op, x, y));
    }
    for (; c < cols; c++) {
      const q = <usize>c << 2;
      const x = load<f32>(f + q);
      store<f32>(o + q, columnFirst ? scalar(op, s, x) : scalar(op, x, s));
    }
  }
}

/** out = a op b, elementwise over n float32 values. op: 0 add, 1 subtract, 2 multiply, 3 divide. */
export function binarySameShape(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  if (op == ADD) sameShape(ADD, a, b, out, n);
  else if (op == SUB) sameShape(SUB, a, b, out, n);
  else if (op == MUL) sameShape(MUL, a, b, out, n);
  else sameShape(DIV, a, b, out, n);
}

/** out = full op row (or row op full when rowFirst), `row` repeated over `rows` rows of `cols` values. */
export function binaryRowBroadcast(op: i32, rowFirst: bool, full: usize, row: usize, out: usize, rows: i32, cols: i32): void {
  if (rowFirst) {
    if (op == ADD) rowBroadcast(ADD, true, full, row, out, rows, cols);
    else if (op == SUB) rowBroadcast(SUB, true, full, row, out, rows, cols);
    else if (op == MUL) rowBroadcast(MUL, true, full, row, out, rows, cols);
    else rowBroadcast(DIV, true, full, row, out, rows, cols);
  } else {
    if (op == ADD) rowBroadcast(ADD, false, full, row, out, rows, cols);
    else if (op == SUB) rowBroadcast(SUB, false, full, row, out, rows, cols);
    else if (op == MUL) rowBroadcast(MUL, false, full, row, out, rows, cols);
    else rowBroadcast(DIV, false, full, row, out, rows, cols);
  }
}

/** out = full op column (or column op full when columnFirst), column[r] applied along row r. */
export function binaryColumnBroadcast(op: i32, columnFirst: bool, full: usize, column: usize, out: usize, rows: i32, cols: i32): void {
  if (columnFirst) {
    if (op == ADD) columnBroadcast(ADD, true, full, column, out, rows, cols);
    else if (op == SUB) columnBroadcast(SUB, true, full, column, out, rows, cols);
    else if (op == MUL) columnBroadcast(MUL, true, full, column, out, rows, cols);
    else columnBroadcast(DIV, true, full, column, out, rows, cols);
  } else {
    if (op == ADD) columnBroadcast(ADD, false, full, column, out, rows, cols);
    else if (op == SUB) columnBroadcast(SUB, false, full, column, out, rows, cols);
    else if (op == MUL) columnBroadcast(MUL, false, full, column, out, rows, cols);
    else columnBroadcast(DIV, false, full, column, out, rows, cols);
  }
}

/**
 * One Adam step over n values, in tfjs' order of float32 operations (see engine/backend/wasm/adamUpdate.ts):
 *   g = g*gradientScale (the global-norm clip; exact when it is 1)
 *   m' = m*beta1 + g*oneMinusBeta1;  v' = v*beta2 + (g*g)*oneMinusBeta2
 *   x' = ((m'/biasCorrection1) / (sqrt(v'/biasCorrection2) + epsilon)) * negLearningRate + x
 * Results go to fresh buffers; the inputs are only read.
 */
export function adamUpdate(
  x: usize, g: usize, m: usize, v: usize, outX: usize, outM: usize, outV: usize, n: i32, gradientScale: f32,
  beta1: f32, beta2: f32, oneMinusBeta1: f32, oneMinusBeta2: f32,
  biasCorrection1: f32, biasCorrection2: f32, epsilon: f32, negLearningRate: f32,
): void {
  const scale = f32x4.splat(gradientScale);
  const b1 = f32x4.splat(beta1);
  const b2 = f32x4.splat(beta2);
  const c1 = f32x4.splat(oneMinusBeta1);
  const c2 = f32x4.splat(oneMinusBeta2);
  const d1 = f32x4.splat(biasCorrection1);
  const d2 = f32x4.splat(biasCorrection2);
  const e = f32x4.splat(epsilon);
  const lr = f32x4.splat(negLearningRate);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const gi = f32x4.mul(v128.load(g + o), scale);
    const mi = f32x4.add(f32x4.mul(v128.load(m + o), b1), f32x4.mul(gi, c1));
    const vi = f32x4.add(f32x4.mul(v128.load(v + o), b2), f32x4.mul(f32x4.mul(gi, gi), c2));
    const step = f32x4.div(f32x4.div(mi, d1), f32x4.add(f32x4.sqrt(f32x4.div(vi, d2)), e));
    v128.store(outX + o, f32x4.add(f32x4.mul(step, lr), v128.load(x + o)));
    v128.store(outM + o, mi);
    v128.store(outV + o, vi);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gi = load<f32>(g + o) * gradientScale;
    const mi = load<f32>(m + o) * beta1 + gi * oneMinusBeta1;
    const vi = load<f32>(v + o) * beta2 + (gi * gi) * oneMinusBeta2;
    const step = (mi / biasCorrection1) / (Mathf.sqrt(vi / biasCorrection2) + epsilon);
    store<f32>(outX + o, step * negLearningRate + load<f32>(x + o));
    store<f32>(outM + o, mi);
    store<f32>(outV + o, vi);
  }
}

/**
 * The gradient through relu from its output: out = dy * step(y), step(y) 1 where y > 0, 0 where not, NaN where y is
 * NaN (tfjs' Step), so an infinite or NaN dy still spreads as a separate Step and Multiply would spread it.
 */
export function reluGrad(dy: usize, y: usize, out: usize, n: i32): void {
  const one = f32x4.splat(1);
  const nan = f32x4.splat(NaN);
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const yv = v128.load(y + o);
    const positive = v128.and(f32x4.gt(yv, zero), one);
    const step = v128.bitselect(nan, positive, f32x4.ne(yv, yv));
    v128.store(out + o, f32x4.mul(v128.load(dy + o), step));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const yi = load<f32>(y + o);
    const step: f32 = isNaN(yi) ? NaN : yi > 0 ? 1 : 0;
    store<f32>(out + o, load<f32>(dy + o) * step);
  }
}

/**
 * Σ x² over n float32 values, squared and summed in float64: one gradient's share of the global norm. (float64
 * keeps the norm of hundreds of thousands of values exact to float32, whatever the order of summation.)
 */
export function sumOfSquares(x: usize, n: i32): f64 {
  let low = f64x2.splat(0);
  let high = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    const a = f64x2.promote_low_f32x4(v);
    const b = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
    low = f64x2.add(low, f64x2.mul(a, a));
    high = f64x2.add(high, f64x2.mul(b, b));
  }
  const both = f64x2.add(low, high);
  let sum = f64x2.extract_lane(both, 0) + f64x2.extract_lane(both, 1);
  for (; i < n; i++) {
    const v = <f64>load<f32>(x + (<usize>i << 2));
    sum += v * v;
  }
  return sum;
}

// exp(x) = 2^n · e^r with n = round(x / ln 2) and |r| ≤ ln(2)/2, e^r from a degree-7 polynomial (the
// coefficients of Cephes' expf, about 1 ulp). ln 2 is split in two so n·ln 2 is subtracted without rounding
// error. 2^n is applied as two halves so that results in the subnormal range round once, like libm's expf.
const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
const EXP_P0: f32 = 1.9875691500e-4;
const EXP_P1: f32 = 1.3981999507e-3;
const EXP_P2: f32 = 8.3334519073e-3;
const EXP_P3: f32 = 4.1665795894e-2;
const EXP_P4: f32 = 1.6666665459e-1;
const EXP_P5: f32 = 5.0000001201e-1;
// Beyond these, exp is +Inf or 0 in float32; clamping keeps n within the two-halves range.
const EXP_MAX: f32 = 89.0;
const EXP_MIN: f32 = -104.0;

/** 2^n for integer lanes n in [-126, 127], built in the exponent field. */
@inline
function pow2(n: v128): v128 {
  return i32x4.shl(i32x4.add(n, i32x4.splat(127)), 23);
}

@inline
function expVector(x0: v128): v128 {
  // min/max propagate NaN, so NaN lanes stay NaN through to the result.
  const x = f32x4.max(f32x4.min(x0, f32x4.splat(EXP_MAX)), f32x4.splat(EXP_MIN));
  const nf = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(nf, f32x4.splat(LN2_HI))), f32x4.mul(nf, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(EXP_P0);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(EXP_P1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(EXP_P2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(EXP_P3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(EXP_P4));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(EXP_P5));
  const y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  const n = i32x4.trunc_sat_f32x4_s(nf);
  const half = i32x4.shr_s(n, 1);
  return f32x4.mul(f32x4.mul(y, pow2(half)), pow2(i32x4.sub(n, half)));
}

/** out = exp(x) over n float32 values; the tail goes through the vector code on one lane. */
export function exp(x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, expVector(v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, f32x4.extract_lane(expVector(f32x4.splat(load<f32>(x + o))), 0));
  }
}

/**
 * A transpose that keeps a contiguous block of `block` 4-byte elements in place and permutes up to three outer
 * axes: output element block (i0, i1, i2) (row-major over d0 x d1 x d2) is read from src at element offset
 * i0*s0 + i1*s1 + i2*s2. The attention heads' [B, T, h, d] <-> [B, h, T, d] reshuffles are this with block d.
 */
export function transposeBlocks(src: usize, dst: usize, d0: i32, d1: i32, d2: i32, s0: i32, s1: i32, s2: i32, block: i32): void {
  const blockBytes = <usize>block << 2;
  let out = dst;
  for (let i0 = 0; i0 < d0; i0++) {
    for (let i1 = 0; i1 < d1; i1++) {
      const base = src + (<usize>(i0 * s0 + i1 * s1) << 2);
      for (let i2 = 0; i2 < d2; i2++) {
        const from = base + (<usize>(i2 * s2) << 2);
        let c: usize = 0;
        for (; c + 16 <= blockBytes; c += 16) v128.store(out + c, v128.load(from + c));
        for (; c < blockBytes; c += 4) store<u32>(out + c, load<u32>(from + c));
        out += blockBytes;
      }
    }
  }
}

// Layer normalisation over the last axis, forward and backward, one pass over each row while it is in cache.
// Unlike the kernels above these are not bit-for-bit tfjs' composition of mean/sub/mul/rsqrt (they sum in
// another order); engine/layers/layerNorm.ts uses them where registered and tests hold them to 1e-5.

/** Σ of the four lanes. */
@inline
function lanesSum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/**
 * y = γ·(x − μ)·r + β per row of d values, with μ the row mean and r = 1/√(var + ε); μ and r are written per
 * row for the backward pass.
 */
export function layerNormForward(x: usize, gamma: usize, beta: usize, y: usize, mean: usize, rstd: usize, rows: i32, d: i32, epsilon: f32): void {
  const d4 = d & ~3;
  const invD: f32 = 1 / <f32>d;
  for (let r = 0; r < rows; r++) {
    const row = x + (<usize>(r * d) << 2);
    const out = y + (<usize>(r * d) << 2);
    let acc = f32x4.splat(0);
    let j = 0;
    for (; j < d4; j += 4) acc = f32x4.add(acc, v128.load(row + (<usize>j << 2)));
    let sum = lanesSum(acc);
    for (; j < d; j++) sum += load<f32>(row + (<usize>j << 2));
    const mu = sum * invD;
    const muV = f32x4.splat(mu);
    acc = f32x4.splat(0);
    for (j = 0; j < d4; j += 4) {
      const c = f32x4.sub(v128.load(row + (<usize>j << 2)), muV);
      acc = f32x4.add(acc, f32x4.mul(c, c));
    }
    let squares = lanesSum(acc);
    for (; j < d; j++) {
      const c = load<f32>(row + (<usize>j << 2)) - mu;
      squares += c * c;
    }
    const inv: f32 = 1 / sqrt<f32>(squares * invD + epsilon);
    const invV = f32x4.splat(inv);
    for (j = 0; j < d4; j += 4) {
      const o = <usize>j << 2;
      const normal = f32x4.mul(f32x4.sub(v128.load(row + o), muV), invV);
      v128.store(out + o, f32x4.add(f32x4.mul(normal, v128.load(gamma + o)), v128.load(beta + o)));
    }
    for (; j < d; j++) {
      const o = <usize>j << 2;
      store<f32>(out + o, (load<f32>(row + o) - mu) * inv * load<f32>(gamma + o) + load<f32>(beta + o));
    }
    store<f32>(mean + (<usize>r << 2), mu);
    store<f32>(rstd + (<usize>r << 2), inv);
  }
}

/**
 * Gradients of layerNormForward for upstream dy: with x̂ = (x − μ)·r and g = dy·γ,
 *   dx = r·(g − mean(g) − x̂·mean(g·x̂)),   dγ = Σ_rows dy·x̂,   dβ = Σ_rows dy.
 */
export function layerNormBackward(x: usize, dy: usize, gamma: usize, mean: usize, rstd: usize, dx: usize, dgamma: usize, dbeta: usize, rows: i32, d: i32): void {
  const d4 = d & ~3;
  const invD: f32 = 1 / <f32>d;
  let j = 0;
  for (; j < d4; j += 4) {
    v128.store(dgamma + (<usize>j << 2), f32x4.splat(0));
    v128.store(dbeta + (<usize>j << 2), f32x4.splat(0));
  }
  for (; j < d; j++) {
    store<f32>(dgamma + (<usize>j << 2), 0);
    store<f32>(dbeta + (<usize>j << 2), 0);
  }
  for (let r = 0; r < rows; r++) {
    const at = <usize>(r * d) << 2;
    const mu = load<f32>(mean + (<usize>r << 2));
    const inv = load<f32>(rstd + (<usize>r << 2));
    const muV = f32x4.splat(mu);
    const invV = f32x4.splat(inv);
    let gSum = f32x4.splat(0);
    let gxSum = f32x4.splat(0);
    for (j = 0; j < d4; j += 4) {
      const o = <usize>j << 2;
      const dyV = v128.load(dy + at + o);
      const normal = f32x4.mul(f32x4.sub(v128.load(x + at + o), muV), invV);
      const g = f32x4.mul(dyV, v128.load(gamma + o));
      gSum = f32x4.add(gSum, g);
      gxSum = f32x4.add(gxSum, f32x4.mul(g, normal));
      v128.store(dgamma + o, f32x4.add(v128.load(dgamma + o), f32x4.mul(dyV, normal)));
      v128.store(dbeta + o, f32x4.add(v128.load(dbeta + o), dyV));
    }
    let gMean = lanesSum(gSum);
    let gxMean = lanesSum(gxSum);
    for (; j < d; j++) {
      const o = <usize>j << 2;
      const dyj = load<f32>(dy + at + o);
      const normal = (load<f32>(x + at + o) - mu) * inv;
      const g = dyj * load<f32>(gamma + o);
      gMean += g;
      gxMean += g * normal;
      store<f32>(dgamma + o, load<f32>(dgamma + o) + dyj * normal);
      store<f32>(dbeta + o, load<f32>(dbeta + o) + dyj);
    }
    gMean *= invD;
    gxMean *= invD;
    const gMeanV = f32x4.splat(gMean);
    const gxMeanV = f32x4.splat(gxMean);
    for (j = 0; j < d4; j += 4) {
      const o = <usize>j << 2;
      const normal = f32x4.mul(f32x4.sub(v128.load(x + at + o), muV), invV);
      const g = f32x4.mul(v128.load(dy + at + o), v128.load(gamma + o));
      v128.store(dx + at + o, f32x4.mul(invV, f32x4.sub(f32x4.sub(g, gMeanV), f32x4.mul(normal, gxMeanV))));
    }
    for (; j < d; j++) {
      const o = <usize>j << 2;
      const normal = (load<f32>(x + at + o) - mu) * inv;
      const g = load<f32>(dy + at + o) * load<f32>(gamma + o);
      store<f32>(dx + at + o, inv * (g - gMean - normal * gxMean));
    }
  }
}

// Attention's softmax over the last axis, forward with the additive mask and backward, one row at a time while it
// is in cache (engine/backend/wasm/softmaxKernels.ts). Forward follows tfjs' Softmax: subtract the row max,
// exp (expVector's, see softmaxExp), divide by the row sum; tests hold both to 1e-5 of tfjs' kernels.

/** The largest of the four lanes (NaN if any is). */
@inline
function lanesMax(v: v128): f32 {
  return max<f32>(max<f32>(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max<f32>(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
}

// Below this, e^d is under float32's smallest normal (e^-87.34). A masked score (−1e9 against a row max near 0)
// lands far below; computing its e^d as the subnormal it is would cost a slow microcode assist per multiply on
// x86, here and in every op that reads the weights, so such lanes give an exact 0 instead (at most 1.2e-38 off).
const SOFTMAX_EXP_MIN: f32 = -87.0;
// A key whose additive bias is at or below this is masked: half of MASKED_SCORE (engine/layers/attentionMask.ts).
const MASKED_KEY_LIMIT: f32 = -5.0e8;
// 1.5·2^23: t + this, for |t| < 2^22, rounds t to the nearest integer (ties to even, as f32x4.nearest) and
// leaves it in the low mantissa bits.
const ROUND_MAGIC: f32 = 12582912.0;

/**
 * e^d for d = score − row max (≤ 0): expVector's reduction and polynomial, so the same value for d in [−87, 0],
 * but with n = round(d / ln 2) by the magic-number addition and 2^n built from its bits in one step (n ≥ −126
 * there), which V8 runs in far fewer instructions than the clamps, nearest and trunc_sat expVector needs for any x.
 * 0 where d < SOFTMAX_EXP_MIN (also −∞), NaN where d is NaN.
 */
@inline
function softmaxExp(d: v128): v128 {
  const magic = f32x4.splat(ROUND_MAGIC);
  const biased = f32x4.add(f32x4.mul(d, f32x4.splat(LOG2E)), magic);
  const nf = f32x4.sub(biased, magic);
  const scale = i32x4.shl(i32x4.add(biased, i32x4.splat(127)), 23); // 2^n: n + 127 in the exponent field
  const r = f32x4.sub(f32x4.sub(d, f32x4.mul(nf, f32x4.splat(LN2_HI))), f32x4.mul(nf, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(EXP_P0);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(EXP_P1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(EXP_P2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(EXP_P3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(EXP_P4));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(EXP_P5));
  const y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  return v128.andnot(f32x4.mul(y, scale), f32x4.lt(d, f32x4.splat(SOFTMAX_EXP_MIN)));
}

/**
 * y = softmax(x + b) over the first `n` values of a row and 0 for the `zeros` after them (keys a causal row may not
 * see, never read); with `hasBias` false, b is not read. A row whose every bias is masked (≤ MASKED_KEY_LIMIT) is all
 * zeros: it sees no key, and so gets no weight, no context and no gradient.
 */
@inline
function softmaxRow(x: usize, b: usize, hasBias: bool, y: usize, n: i32, zeros: i32): void {
  zeroFill(y + (<usize>n << 2), zeros);
  const n4 = n & ~3;
  // Pass 1: the masked scores, written to y, and their max; the largest bias, to tell a row that sees no key.
  let maxV = f32x4.splat(<f32>-Infinity);
  let maxBiasV = f32x4.splat(<f32>-Infinity);
  let j = 0;
  for (; j < n4; j += 4) {
    const o = <usize>j << 2;
    let v = v128.load(x + o);
    if (hasBias) {
      const bv = v128.load(b + o);
      maxBiasV = f32x4.pmax(maxBiasV, bv);
      v = f32x4.add(v, bv);
    }
    v128.store(y + o, v);
    maxV = f32x4.pmax(maxV, v); // a NaN score still makes the whole row NaN, through its exp
  }
  let m = lanesMax(maxV);
  let maxBias = lanesMax(maxBiasV);
  for (; j < n; j++) {
    const o = <usize>j << 2;
    let v = load<f32>(x + o);
    if (hasBias) {
      const bias = load<f32>(b + o);
      maxBias = max<f32>(maxBias, bias);
      v += bias;
    }
    store<f32>(y + o, v);
    m = max<f32>(m, v);
  }
  if (hasBias && maxBias <= MASKED_KEY_LIMIT) {
    zeroFill(y, n);
    return;
  }
  // Pass 2: exp(v − max) in place, and the sum.
  const mV = f32x4.splat(m);
  let sumV = f32x4.splat(0);
  for (j = 0; j < n4; j += 4) {
    const o = <usize>j << 2;
    const e = softmaxExp(f32x4.sub(v128.load(y + o), mV));
    v128.store(y + o, e);
    sumV = f32x4.add(sumV, e);
  }
  let sum = lanesSum(sumV);
  for (; j < n; j++) {
    const o = <usize>j << 2;
    const e = f32x4.extract_lane(softmaxExp(f32x4.splat(load<f32>(y + o) - m)), 0);
    store<f32>(y + o, e);
    sum += e;
  }
  // Pass 3: normalise.
  const sV = f32x4.splat(sum);
  for (j = 0; j < n4; j += 4) {
    const o = <usize>j << 2;
    v128.store(y + o, f32x4.div(v128.load(y + o), sV));
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    store<f32>(y + o, load<f32>(y + o) / sum);
  }
}

/** Stores `count` float32 zeros from `at`. */
@inline
function zeroFill(at: usize, count: i32): void {
  const zero = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= count; j += 4) v128.store(at + (<usize>j << 2), zero);
  for (; j < count; j++) store<f32>(at + (<usize>j << 2), 0);
}

/** Keys row r (of rows of n) may see: all n, or with `causal` (square per head) the first r mod n + 1. */
@inline
function visibleKeys(r: i32, n: i32, causal: bool): i32 {
  return causal ? (r % n) + 1 : n;
}

@inline
function softmaxRows(x: usize, bias: usize, hasBias: bool, y: usize, d0: i32, d1: i32, d2: i32, s0: i32, s1: i32, s2: i32, n: i32, causal: bool): void {
  const rowBytes = <usize>n << 2;
  let at: usize = 0;
  let r = 0;
  for (let i0 = 0; i0 < d0; i0++) {
    for (let i1 = 0; i1 < d1; i1++) {
      for (let i2 = 0; i2 < d2; i2++, r++) {
        const b = bias + (<usize>(i0 * s0 + i1 * s1 + i2 * s2) * rowBytes);
        const visible = visibleKeys(r, n, causal);
        softmaxRow(x + at, b, hasBias, y + at, visible, n - visible);
        at += rowBytes;
      }
    }
  }
}

/**
 * y = softmax(x + bias) over rows of n values: x holds d0·d1·d2 rows, row-major, and row (i0, i1, i2) adds bias
 * row i0·s0 + i1·s1 + i2·s2 (a stride of 0 broadcasts the bias along that axis). hasBias = 0: plain softmax(x).
 * causal = 1 (n x n scores per head): row r takes only its first r mod n + 1 keys and 0 for the rest, whose scores
 * are never read (a causal product may not have written them). A row whose every key read is masked is all zeros.
 */
export function maskedSoftmaxForward(x: usize, bias: usize, hasBias: i32, y: usize, d0: i32, d1: i32, d2: i32, s0: i32, s1: i32, s2: i32, n: i32, causal: i32): void {
  if (hasBias != 0) softmaxRows(x, bias, true, y, d0, d1, d2, s0, s1, s2, n, causal != 0);
  else softmaxRows(x, bias, false, y, d0, d1, d2, s0, s1, s2, n, causal != 0);
}

/**
 * The softmax gradient per row of n values: dx = y ⊙ (dy − Σ dy ⊙ y), for the forward output y. causal = 1: over
 * each row's visible keys only (as forward), 0 for the rest, whose dy is never read. A fully masked row (y all 0)
 * gets dx all 0.
 */
export function maskedSoftmaxBackward(y: usize, dy: usize, dx: usize, rows: i32, rowLength: i32, causal: i32): void {
  const rowBytes = <usize>rowLength << 2;
  for (let r = 0; r < rows; r++) {
    const n = visibleKeys(r, rowLength, causal != 0);
    const n4 = n & ~3;
    const at = <usize>r * rowBytes;
    zeroFill(dx + at + (<usize>n << 2), rowLength - n);
    let acc = f32x4.splat(0);
    let j = 0;
    for (; j < n4; j += 4) {
      const o = at + (<usize>j << 2);
      acc = f32x4.add(acc, f32x4.mul(v128.load(dy + o), v128.load(y + o)));
    }
    let dot = lanesSum(acc);
    for (; j < n; j++) {
      const o = at + (<usize>j << 2);
      dot += load<f32>(dy + o) * load<f32>(y + o);
    }
    const dotV = f32x4.splat(dot);
    for (j = 0; j < n4; j += 4) {
      const o = at + (<usize>j << 2);
      v128.store(dx + o, f32x4.mul(v128.load(y + o), f32x4.sub(v128.load(dy + o), dotV)));
    }
    for (; j < n; j++) {
      const o = at + (<usize>j << 2);
      store<f32>(dx + o, load<f32>(y + o) * (load<f32>(dy + o) - dot));
    }
  }
}

// Softmax cross-entropy over rows of logits, forward and backward, each in one pass per row while it is in cache
// (the loss heads' logSoftmax, one-hot product and their gradients were a dozen kernels over the logits). The
// target distribution of a row with target id t is q = (1 − ε)·one_hot(t) + ε/n (label smoothing ε); an id outside
// [0, n) has no one-hot part, as tf.oneHot gives it none. Like the layer-norm kernels these sum in another order
// than tfjs' composition; engine/train/softmaxCrossEntropy.ts uses them where registered, tests hold them to 1e-5.

// ln 2 and √2 for logOfSum.
const LN2: f64 = 0.6931471805599453;
const SQRT2: f64 = 1.4142135623730951;

/**
 * ln x for a row's Σ e^(x − max), which is at least 1 (the max's own term), to float64 accuracy: x = 2^k·f with f in
 * [√½, √2), ln f = 2·atanh(u) with u = (f − 1)/(f + 1), |u| < 0.172, whose series to u^15 is off by under 1e-14.
 * (Written out because the standard library's logarithm brings lookup tables, i.e. static data, which this module
 * must not have.) +Inf and NaN pass through.
 */
function logOfSum(x: f64): f64 {
  if (!(x < Infinity)) return x;
  const bits = reinterpret<u64>(x);
  let k = <i32>((bits >> 52) & 0x7ff) - 1023;
  let f = reinterpret<f64>((bits & 0x000fffffffffffff) | 0x3ff0000000000000);
  if (f > SQRT2) {
    f *= 0.5;
    k += 1;
  }
  const u = (f - 1) / (f + 1);
  const u2 = u * u;
  let series = 1.0 / 15.0;
  series = series * u2 + 1.0 / 13.0;
  series = series * u2 + 1.0 / 11.0;
  series = series * u2 + 1.0 / 9.0;
  series = series * u2 + 1.0 / 7.0;
  series = series * u2 + 1.0 / 5.0;
  series = series * u2 + 1.0 / 3.0;
  series = series * u2 + 1.0;
  return <f64>k * LN2 + 2 * u * series;
}

/** The row's max (pmax may pass over a NaN; its e^(x − max) is NaN all the same, and so is the row's sum). */
@inline
function rowMax(x: usize, n: i32): f32 {
  const n4 = n & ~3;
  let maxV = f32x4.splat(<f32>-Infinity);
  let j = 0;
  for (; j < n4; j += 4) maxV = f32x4.pmax(maxV, v128.load(x + (<usize>j << 2)));
  let m = lanesMax(maxV);
  for (; j < n; j++) m = max<f32>(m, load<f32>(x + (<usize>j << 2)));
  return m;
}

/** Σ e^(x − m) over the row; with `out` nonzero each e^(x − m) is also stored there. */
@inline
function rowExpSum(x: usize, m: f32, out: usize, n: i32): f32 {
  const n4 = n & ~3;
  const mV = f32x4.splat(m);
  let sumV = f32x4.splat(0);
  let j = 0;
  for (; j < n4; j += 4) {
    const o = <usize>j << 2;
    const e = softmaxExp(f32x4.sub(v128.load(x + o), mV));
    if (out != 0) v128.store(out + o, e);
    sumV = f32x4.add(sumV, e);
  }
  let sum = lanesSum(sumV);
  for (; j < n; j++) {
    const o = <usize>j << 2;
    const e = f32x4.extract_lane(softmaxExp(f32x4.splat(load<f32>(x + o) - m)), 0);
    if (out != 0) store<f32>(out + o, e);
    sum += e;
  }
  return sum;
}

/** Σ x over the row. */
@inline
function rowSum(x: usize, n: i32): f32 {
  const n4 = n & ~3;
  let sumV = f32x4.splat(0);
  let j = 0;
  for (; j < n4; j += 4) sumV = f32x4.add(sumV, v128.load(x + (<usize>j << 2)));
  let sum = lanesSum(sumV);
  for (; j < n; j++) sum += load<f32>(x + (<usize>j << 2));
  return sum;
}

/**
 * loss[r] = −Σ_v q_v log softmax(x_r)_v for rows of n logits x and int32 target ids: with log p_v = (x_v − m) − log s
 * (m the row max, s = Σ e^(x_v − m)), loss = −((1 − ε)·log p_t + ε·mean_v log p_v), the terms tfjs' composition adds.
 */
export function softmaxCrossEntropyForward(x: usize, ids: usize, loss: usize, rows: i32, n: i32, smoothing: f32): void {
  const rowBytes = <usize>n << 2;
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>r * rowBytes;
    const m = rowMax(row, n);
    const logSum = <f32>logOfSum(<f64>rowExpSum(row, m, 0, n));
    const t = load<i32>(ids + (<usize>r << 2));
    const target: f32 = t >= 0 && t < n ? (load<f32>(row + (<usize>t << 2)) - m) - logSum : 0;
    let value = -target;
    if (smoothing != 0) {
      const meanLogProb = (rowSum(row, n) - <f32>n * m) / <f32>n - logSum;
      value = -(target * (1 - smoothing) + meanLogProb * smoothing);
    }
    store<f32>(loss + (<usize>r << 2), value);
  }
}

/** The gradient of those losses: dx_v = dy[r]·(Σq·softmax(x_r)_v − q_v), Σq = (1 − ε)·[t in range] + ε. */
export function softmaxCrossEntropyBackward(x: usize, ids: usize, dy: usize, dx: usize, rows: i32, n: i32, smoothing: f32): void {
  const n4 = n & ~3;
  const rowBytes = <usize>n << 2;
  const uniform = smoothing / <f32>n;
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>r * rowBytes;
    const out = dx + <usize>r * rowBytes;
    const m = rowMax(row, n);
    const sum = rowExpSum(row, m, out, n);
    const t = load<i32>(ids + (<usize>r << 2));
    const hasTarget = t >= 0 && t < n;
    const mass: f32 = hasTarget ? 1 : smoothing;
    const g = load<f32>(dy + (<usize>r << 2));
    // dy·(mass·e/s − ε/n) for every v, then − dy·(1 − ε) at the target.
    const scaleV = f32x4.splat(g * mass / sum);
    const shiftV = f32x4.splat(g * uniform);
    let j = 0;
    for (; j < n4; j += 4) {
      const o = <usize>j << 2;
      v128.store(out + o, f32x4.sub(f32x4.mul(v128.load(out + o), scaleV), shiftV));
    }
    for (; j < n; j++) {
      const o = <usize>j << 2;
      store<f32>(out + o, load<f32>(out + o) * (g * mass / sum) - g * uniform);
    }
    if (hasTarget) {
      const o = out + (<usize>t << 2);
      store<f32>(o, load<f32>(o) - g * (1 - smoothing));
    }
  }
}
