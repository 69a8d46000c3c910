// AssemblyScript source of the fused recurrent time loops behind engine/layers/recurrentFused.ts: the whole loop
// over time of a simple RNN, LSTM or GRU layer (one or both directions) in one call forward and one backward.
// Compiled by scripts/build-kernels.ts into engine/backend/wasm/generated/recurrentWasm.ts; driven by
// engine/backend/wasm/recurrentKernels.ts, which documents every operand's layout.
//
// Like elementwise.as, the module has no memory of its own and no static data: it runs on tfjs-backend-wasm's heap
// and addresses tensors by their byte offsets there. Per time step it does the recurrent product h_{t-1} U (a
// register-blocked SIMD product, four rows by eight columns at a time, with fused multiply-adds in the relaxed-SIMD
// build), the gate nonlinearities and the state update, and writes the step's states straight into the layer's
// (B, T, ·) output: no per-step tensors at all.

const SIMPLE: i32 = 0;
const LSTM: i32 = 1;
const GRU: i32 = 2;

// exp(x) = 2^n · e^r, n = round(x / ln 2), |r| ≤ ln(2)/2, e^r from Cephes' expf polynomial (about 1 ulp).
const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
const EXP_P0: f32 = 1.9875691500e-4;
const EXP_P1: f32 = 1.3981999507e-3;
const EXP_P2: f32 = 8.3334519073e-3;
const EXP_P3: f32 = 4.1665795894e-2;
const EXP_P4: f32 = 1.6666665459e-1;
const EXP_P5: f32 = 5.0000001201e-1;
// Past these exp is +Inf or 0 in float32: clamped, σ and tanh saturate to exactly 0 or ±1 without overflow.
const EXP_MAX: f32 = 88.0;
const EXP_MIN: f32 = -87.0;

@inline
function expVector(x0: v128): v128 {
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
  // n is within [-126, 127] after the clamp: 2^n built directly in the exponent field.
  const n = i32x4.trunc_sat_f32x4_s(nf);
  return f32x4.mul(y, i32x4.shl(i32x4.add(n, i32x4.splat(127)), 23));
}

/** The logistic sigmoid 1 / (1 + e^−x). */
@inline
function sigmoid(x: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, expVector(f32x4.neg(x))));
}

/** tanh(x) = 2σ(2x) − 1 (absolute error ≲ 1e-7, as the layer's op-by-op path on wasm computes it). */
@inline
function tanh(x: v128): v128 {
  const one = f32x4.splat(1);
  const two = f32x4.splat(2);
  return f32x4.sub(f32x4.div(two, f32x4.add(one, expVector(f32x4.mul(x, f32x4.splat(-2))))), one);
}

// Element j of a row of u values: four lanes where j + 4 ≤ u, else one lane (the rest of the vector unused).
@inline
function get(base: usize, j: i32, full: bool): v128 {
  const at = base + (<usize>j << 2);
  return full ? v128.load(at) : f32x4.splat(load<f32>(at));
}

@inline
function put(base: usize, j: i32, full: bool, v: v128): void {
  const at = base + (<usize>j << 2);
  if (full) v128.store(at, v);
  else store<f32>(at, f32x4.extract_lane(v, 0));
}

/** A row of zeros to read where a state is absent (no initial state given): `null` operands are offset 0. */
@inline
function orZero(base: usize, j: i32, full: bool): v128 {
  return base == 0 ? f32x4.splat(0) : get(base, j, full);
}

/** c + a·b: a fused multiply-add where the engine offers it (relaxed SIMD), otherwise a multiply and an add. */
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f32x4.relaxed_madd(a, b, c);
  } else {
    return f32x4.add(c, f32x4.mul(a, b));
  }
}

const ZERO_INIT: i32 = 0;
const ROW_INIT: i32 = 1;
const ACCUMULATE: i32 = 2;

/**
 * c (m × n, row stride ldc) = init + a (m × k, row stride lda) · b (k × n, row stride ldb), strides in elements.
 * init: zeros, the row `bias` (n values) in every row, or c itself (accumulate).
 */
function product(a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, m: i32, n: i32, k: i32, init: i32, bias: usize): void {
  const sa = <usize>lda << 2;
  const sb = <usize>ldb << 2;
  const sc = <usize>ldc << 2;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = a + <usize>i * sa;
    const c0 = c + <usize>i * sc;
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      const cj = c0 + (<usize>j << 2);
      let s00: v128, s01: v128, s10: v128, s11: v128, s20: v128, s21: v128, s30: v128, s31: v128;
      if (init == ACCUMULATE) {
        s00 = v128.load(cj); s01 = v128.load(cj + 16);
        s10 = v128.load(cj + sc); s11 = v128.load(cj + sc + 16);
        s20 = v128.load(cj + 2 * sc); s21 = v128.load(cj + 2 * sc + 16);
        s30 = v128.load(cj + 3 * sc); s31 = v128.load(cj + 3 * sc + 16);
      } else if (init == ROW_INIT) {
        s00 = s10 = s20 = s30 = v128.load(bias + (<usize>j << 2));
        s01 = s11 = s21 = s31 = v128.load(bias + (<usize>j << 2) + 16);
      } else {
        s00 = s01 = s10 = s11 = s20 = s21 = s30 = s31 = f32x4.splat(0);
      }
      let bp = b + (<usize>j << 2);
      let ap = a0;
      for (let p = 0; p < k; p++) {
        const b0 = v128.load(bp);
        const b1 = v128.load(bp + 16);
        const x0 = f32x4.splat(load<f32>(ap));
        const x1 = f32x4.splat(load<f32>(ap + sa));
        const x2 = f32x4.splat(load<f32>(ap + 2 * sa));
        const x3 = f32x4.splat(load<f32>(ap + 3 * sa));
        s00 = madd(x0, b0, s00); s01 = madd(x0, b1, s01);
        s10 = madd(x1, b0, s10); s11 = madd(x1, b1, s11);
        s20 = madd(x2, b0, s20); s21 = madd(x2, b1, s21);
        s30 = madd(x3, b0, s30); s31 = madd(x3, b1, s31);
        bp += sb;
        ap += 4;
      }
      v128.store(cj, s00); v128.store(cj + 16, s01);
      v128.store(cj + sc, s10); v128.store(cj + sc + 16, s11);
      v128.store(cj + 2 * sc, s20); v128.store(cj + 2 * sc + 16, s21);
      v128.store(cj + 3 * sc, s30); v128.store(cj + 3 * sc + 16, s31);
    }
    // The last columns, one at a time for each of the four rows.
    for (; j < n; j++) {
      const cj = c0 + (<usize>j << 2);
      let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
      if (init == ACCUMULATE) {
        s0 = load<f32>(cj); s1 = load<f32>(cj + sc); s2 = load<f32>(cj + 2 * sc); s3 = load<f32>(cj + 3 * sc);
      } else if (init == ROW_INIT) {
        s0 = s1 = s2 = s3 = load<f32>(bias + (<usize>j << 2));
      }
      let bp = b + (<usize>j << 2);
      let ap = a0;
      for (let p = 0; p < k; p++) {
        const bv = load<f32>(bp);
        s0 += load<f32>(ap) * bv;
        s1 += load<f32>(ap + sa) * bv;
        s2 += load<f32>(ap + 2 * sa) * bv;
        s3 += load<f32>(ap + 3 * sa) * bv;
        bp += sb;
        ap += 4;
      }
      store<f32>(cj, s0); store<f32>(cj + sc, s1); store<f32>(cj + 2 * sc, s2); store<f32>(cj + 3 * sc, s3);
    }
  }
  // The last rows, one at a time.
  for (; i < m; i++) {
    const a0 = a + <usize>i * sa;
    const c0 = c + <usize>i * sc;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const cj = c0 + (<usize>j << 2);
      let s = init == ACCUMULATE ? v128.load(cj) : init == ROW_INIT ? v128.load(bias + (<usize>j << 2)) : f32x4.splat(0);
      let bp = b + (<usize>j << 2);
      for (let p = 0; p < k; p++) {
        s = madd(f32x4.splat(load<f32>(a0 + (<usize>p << 2))), v128.load(bp), s);
        bp += sb;
      }
      v128.store(cj, s);
    }
    for (; j < n; j++) {
      const cj = c0 + (<usize>j << 2);
      let s: f32 = init == ACCUMULATE ? load<f32>(cj) : init == ROW_INIT ? load<f32>(bias + (<usize>j << 2)) : 0;
      for (let p = 0; p < k; p++) s += load<f32>(a0 + (<usize>p << 2)) * load<f32>(b + <usize>p * sb + (<usize>j << 2));
      store<f32>(cj, s);
    }
  }
}

/** Gate blocks per cell: the recurrent kernel is (u, blocks·u). */
@inline
function blocksOf(cell: i32): i32 {
  return cell == LSTM ? 4 : cell == GRU ? 3 : 1;
}

/** Per-step values kept for the backward pass, in units u: LSTM i, f, c̃, o, tanh(c); GRU z, r, h̃, hU_h + b′_h; simple h. */
@inline
function savedOf(cell: i32): i32 {
  return cell == LSTM ? 5 : cell == GRU ? 4 : 1;
}

/**
 * The forward pass. Operands (byte offsets; 0 for an absent optional one):
 * xp (B, T, dirs·G) the input projections, G = blocks·u, direction d's block at column d·G;
 * w (dirs, u, G) the recurrent kernels; rb (dirs, G) the GRU's recurrent bias (else 0);
 * h0, c0 (B, dirs·u) initial states or 0 for zeros; keep (B, T) 1 for a real step, 0 for one that carries the state;
 * states (B, T, SW) written: per row [h (dirs·u) | c (dirs·u), LSTM only], the carried states after each step;
 * saved (dirs, T, B, savedOf·u) written; scratch at least B·G floats.
 */
export function recurrentForward(
  cell: i32, dirs: i32, batch: i32, steps: i32, u: i32,
  xp: usize, w: usize, rb: usize, h0: usize, c0: usize, keep: usize, states: usize, saved: usize, scratch: usize,
): void {
  const g = blocksOf(cell) * u;
  const s = dirs * u;
  const sw = cell == LSTM ? 2 * s : s;
  const width = savedOf(cell) * u;
  const hp = scratch;
  for (let d = 0; d < dirs; d++) {
    const wd = w + <usize>(d * u * g) * 4;
    const rbd = rb == 0 ? 0 : rb + <usize>(d * g) * 4;
    for (let k = 0; k < steps; k++) {
      const t = d == 0 ? k : steps - 1 - k;
      const tp = d == 0 ? t - 1 : t + 1;
      // The previous states: row b of h_prev at hPrev + b·hStride (c the same at cPrev); 0 means zeros.
      let hPrev: usize, cPrev: usize, stride: i32;
      if (k == 0) {
        hPrev = h0 == 0 ? 0 : h0 + <usize>(d * u) * 4;
        cPrev = c0 == 0 ? 0 : c0 + <usize>(d * u) * 4;
        stride = s;
      } else {
        hPrev = states + <usize>(tp * sw + d * u) * 4;
        cPrev = states + <usize>(tp * sw + s + d * u) * 4;
        stride = steps * sw;
      }
      // hp = h_prev U (+ b′ for the GRU)
      if (hPrev == 0) product(0, 0, wd, g, hp, g, batch, g, 0, rbd == 0 ? ZERO_INIT : ROW_INIT, rbd);
      else product(hPrev, stride, wd, g, hp, g, batch, g, u, rbd == 0 ? ZERO_INIT : ROW_INIT, rbd);
      for (let b = 0; b < batch; b++) {
        const x = xp + <usize>((b * steps + t) * dirs * g + d * g) * 4;
        const r = hp + <usize>(b * g) * 4;
        const hRow = hPrev == 0 ? 0 : hPrev + <usize>(b * stride) * 4;
        const cRow = cPrev == 0 ? 0 : cPrev + <usize>(b * stride) * 4;
        const out = states + <usize>((b * steps + t) * sw + d * u) * 4;
        const sv = saved + <usize>(((d * steps + t) * batch + b) * width) * 4;
        const m = f32x4.splat(keep == 0 ? 1 : load<f32>(keep + <usize>(b * steps + t) * 4));
        for (let j = 0; j < u; ) {
          const full = j + 4 <= u;
          const hOld = orZero(hRow, j, full);
          let hNew: v128;
          if (cell == LSTM) {
            const ig = sigmoid(f32x4.add(get(x, j, full), get(r, j, full)));
            const fg = sigmoid(f32x4.add(get(x, j + u, full), get(r, j + u, full)));
            const cg = tanh(f32x4.add(get(x, j + 2 * u, full), get(r, j + 2 * u, full)));
            const og = sigmoid(f32x4.add(get(x, j + 3 * u, full), get(r, j + 3 * u, full)));
            const cOld = orZero(cRow, j, full);
            const cNew = f32x4.add(f32x4.mul(fg, cOld), f32x4.mul(ig, cg));
            const tc = tanh(cNew);
            hNew = f32x4.mul(og, tc);
            put(sv, j, full, ig);
            put(sv, j + u, full, fg);
            put(sv, j + 2 * u, full, cg);
            put(sv, j + 3 * u, full, og);
            put(sv, j + 4 * u, full, tc);
            put(out, j + s, full, f32x4.add(cOld, f32x4.mul(m, f32x4.sub(cNew, cOld))));
          } else if (cell == GRU) {
            const z = sigmoid(f32x4.add(get(x, j, full), get(r, j, full)));
            const rg = sigmoid(f32x4.add(get(x, j + u, full), get(r, j + u, full)));
            const hn = get(r, j + 2 * u, full);
            const cand = tanh(f32x4.add(get(x, j + 2 * u, full), f32x4.mul(rg, hn)));
            hNew = f32x4.add(cand, f32x4.mul(z, f32x4.sub(hOld, cand)));
            put(sv, j, full, z);
            put(sv, j + u, full, rg);
            put(sv, j + 2 * u, full, cand);
            put(sv, j + 3 * u, full, hn);
          } else {
            hNew = tanh(f32x4.add(get(x, j, full), get(r, j, full)));
            put(sv, j, full, hNew);
          }
          put(out, j, full, f32x4.add(hOld, f32x4.mul(m, f32x4.sub(hNew, hOld))));
          j += full ? 4 : 1;
        }
      }
    }
  }
}

/**
 * The backward pass through time. Operands as in recurrentForward, plus: dstates (B, T, SW) the gradient of states;
 * written: dxp (B, T, dirs·G) the gradient of the projections, dhp (dirs, T, B, G) that of each step's recurrent
 * product h_{t-1} U (+ b′), hprev (dirs, T, B, u) each step's h_{t-1} (so that dU = Σ hprevᵀ dhp is one product
 * outside), dh0 and dc0 (B, dirs·u; dc0 LSTM only, else 0). scratch at least G·u + 2·B·u floats.
 */
export function recurrentBackward(
  cell: i32, dirs: i32, batch: i32, steps: i32, u: i32,
  w: usize, h0: usize, c0: usize, keep: usize, states: usize, saved: usize, dstates: usize,
  dxp: usize, dhp: usize, hprev: usize, dh0: usize, dc0: usize, scratch: usize,
): void {
  const g = blocksOf(cell) * u;
  const s = dirs * u;
  const sw = cell == LSTM ? 2 * s : s;
  const width = savedOf(cell) * u;
  const wt = scratch; // Uᵀ (G, u)
  const dh = wt + <usize>(g * u) * 4; // (B, u): the gradient reaching h_{t-1} of the step last processed
  const dc = dh + <usize>(batch * u) * 4;
  const one = f32x4.splat(1);
  for (let d = 0; d < dirs; d++) {
    const wd = w + <usize>(d * u * g) * 4;
    for (let i = 0; i < u; i++) for (let n = 0; n < g; n++) store<f32>(wt + <usize>(n * u + i) * 4, load<f32>(wd + <usize>(i * g + n) * 4));
    memory.fill(dh, 0, <usize>(2 * batch * u) * 4);
    for (let k = steps - 1; k >= 0; k--) {
      const t = d == 0 ? k : steps - 1 - k;
      const tp = d == 0 ? t - 1 : t + 1;
      let hPrev: usize, cPrev: usize, stride: i32;
      if (k == 0) {
        hPrev = h0 == 0 ? 0 : h0 + <usize>(d * u) * 4;
        cPrev = c0 == 0 ? 0 : c0 + <usize>(d * u) * 4;
        stride = s;
      } else {
        hPrev = states + <usize>(tp * sw + d * u) * 4;
        cPrev = states + <usize>(tp * sw + s + d * u) * 4;
        stride = steps * sw;
      }
      const dhpStep = dhp + <usize>((d * steps + t) * batch * g) * 4;
      for (let b = 0; b < batch; b++) {
        const hRow = hPrev == 0 ? 0 : hPrev + <usize>(b * stride) * 4;
        const cRow = cPrev == 0 ? 0 : cPrev + <usize>(b * stride) * 4;
        const sv = saved + <usize>(((d * steps + t) * batch + b) * width) * 4;
        const dOut = dstates + <usize>((b * steps + t) * sw + d * u) * 4;
        const dx = dxp + <usize>((b * steps + t) * dirs * g + d * g) * 4;
        const dr = dhpStep + <usize>(b * g) * 4;
        const hp = hprev + <usize>(((d * steps + t) * batch + b) * u) * 4;
        const dhRow = dh + <usize>(b * u) * 4;
        const dcRow = dc + <usize>(b * u) * 4;
        const m = f32x4.splat(keep == 0 ? 1 : load<f32>(keep + <usize>(b * steps + t) * 4));
        const skip = f32x4.sub(one, m);
        for (let j = 0; j < u; ) {
          const full = j + 4 <= u;
          const hOld = orZero(hRow, j, full);
          put(hp, j, full, hOld);
          const dht = f32x4.add(get(dOut, j, full), get(dhRow, j, full));
          const dhn = f32x4.mul(m, dht);
          let carried = f32x4.mul(skip, dht);
          if (cell == LSTM) {
            const ig = get(sv, j, full);
            const fg = get(sv, j + u, full);
            const cg = get(sv, j + 2 * u, full);
            const og = get(sv, j + 3 * u, full);
            const tc = get(sv, j + 4 * u, full);
            const dct = f32x4.add(get(dOut, j + s, full), get(dcRow, j, full));
            const dcn = f32x4.add(f32x4.mul(m, dct), f32x4.mul(f32x4.mul(dhn, og), f32x4.sub(one, f32x4.mul(tc, tc))));
            const cOld = orZero(cRow, j, full);
            const dzi = f32x4.mul(f32x4.mul(dcn, cg), f32x4.mul(ig, f32x4.sub(one, ig)));
            const dzf = f32x4.mul(f32x4.mul(dcn, cOld), f32x4.mul(fg, f32x4.sub(one, fg)));
            const dzc = f32x4.mul(f32x4.mul(dcn, ig), f32x4.sub(one, f32x4.mul(cg, cg)));
            const dzo = f32x4.mul(f32x4.mul(dhn, tc), f32x4.mul(og, f32x4.sub(one, og)));
            put(dx, j, full, dzi); put(dr, j, full, dzi);
            put(dx, j + u, full, dzf); put(dr, j + u, full, dzf);
            put(dx, j + 2 * u, full, dzc); put(dr, j + 2 * u, full, dzc);
            put(dx, j + 3 * u, full, dzo); put(dr, j + 3 * u, full, dzo);
            put(dcRow, j, full, f32x4.add(f32x4.mul(dcn, fg), f32x4.mul(skip, dct)));
          } else if (cell == GRU) {
            const z = get(sv, j, full);
            const rg = get(sv, j + u, full);
            const cand = get(sv, j + 2 * u, full);
            const hn = get(sv, j + 3 * u, full);
            const dzz = f32x4.mul(f32x4.mul(dhn, f32x4.sub(hOld, cand)), f32x4.mul(z, f32x4.sub(one, z)));
            const da = f32x4.mul(f32x4.mul(dhn, f32x4.sub(one, z)), f32x4.sub(one, f32x4.mul(cand, cand)));
            const drr = f32x4.mul(f32x4.mul(da, hn), f32x4.mul(rg, f32x4.sub(one, rg)));
            put(dx, j, full, dzz); put(dr, j, full, dzz);
            put(dx, j + u, full, drr); put(dr, j + u, full, drr);
            put(dx, j + 2 * u, full, da); put(dr, j + 2 * u, full, f32x4.mul(da, rg));
            carried = f32x4.add(carried, f32x4.mul(dhn, z));
          } else {
            const hn = get(sv, j, full);
            const da = f32x4.mul(dhn, f32x4.sub(one, f32x4.mul(hn, hn)));
            put(dx, j, full, da); put(dr, j, full, da);
          }
          put(dhRow, j, full, carried);
          j += full ? 4 : 1;
        }
      }
      // dh_{t-1} += dhp_t Uᵀ
      product(dhpStep, g, wt, u, dh, u, batch, u, g, ACCUMULATE, 0);
    }
    for (let b = 0; b < batch; b++) {
      memory.copy(dh0 + <usize>(b * s + d * u) * 4, dh + <usize>(b * u) * 4, <usize>u * 4);
      if (dc0 != 0) memory.copy(dc0 + <usize>(b * s + d * u) * 4, dc + <usize>(b * u) * 4, <usize>u * 4);
    }
  }
}
