/**
 * Float64 reference recurrences in plain arrays, written straight from the equations in
 * engine/layers/recurrent.ts (Keras weight layout; GRU with reset_after). Used as ground truth where
 * tfjs has no equal layer and as the function whose numerical differences check the gradients.
 */
export type Cell = 'simple' | 'lstm' | 'gru';
export type Matrix = number[][];

export interface DirectionWeights {
  kernel: Matrix; // (d, k·u)
  recurrentKernel: Matrix; // (u, k·u)
  bias: number[] | Matrix; // (k·u), or (2, 3u) for the GRU
}

export interface ReferenceResult {
  /** (B, T, s) hidden states, forward then backward half. */
  hs: number[][][];
  cs: number[][][];
  /** Per gate (LSTM i, f, o; GRU z, r): (B, T, s). */
  gates: number[][][][];
  h: Matrix; // (B, s)
  c: Matrix;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

function affine(v: number[], m: Matrix): number[] {
  const out = new Array(m[0].length).fill(0);
  for (let i = 0; i < v.length; i++) for (let j = 0; j < out.length; j++) out[j] += v[i] * m[i][j];
  return out;
}

function onePass(cell: Cell, xs: Matrix, w: DirectionWeights, h0: number[], c0: number[], reverse: boolean, keep?: boolean[]) {
  const u = h0.length;
  const T = xs.length;
  const hs: Matrix = new Array(T);
  const cs: Matrix = new Array(T);
  const gates: Matrix[] = cell === 'lstm' ? [[], [], []] : cell === 'gru' ? [[], []] : [];
  let h = h0;
  let c = c0;
  for (let k = 0; k < T; k++) {
    const t = reverse ? T - 1 - k : k;
    const [hPrev, cPrev] = [h, c];
    const xp = affine(xs[t], w.kernel);
    const hp = affine(h, w.recurrentKernel);
    if (cell === 'gru') {
      const [bIn, bRec] = w.bias as Matrix;
      const a = xp.map((v, j) => v + bIn[j]);
      const r2 = hp.map((v, j) => v + bRec[j]);
      const z = a.slice(0, u).map((v, j) => sigmoid(v + r2[j]));
      const r = a.slice(u, 2 * u).map((v, j) => sigmoid(v + r2[u + j]));
      const cand = a.slice(2 * u).map((v, j) => Math.tanh(v + r[j] * r2[2 * u + j]));
      h = h.map((hv, j) => z[j] * hv + (1 - z[j]) * cand[j]);
      gates[0][t] = z;
      gates[1][t] = r;
    } else {
      const b = w.bias as number[];
      const pre = xp.map((v, j) => v + hp[j] + b[j]);
      if (cell === 'simple') {
        h = pre.map(Math.tanh);
      } else {
        const i = pre.slice(0, u).map(sigmoid);
        const f = pre.slice(u, 2 * u).map(sigmoid);
        const g = pre.slice(2 * u, 3 * u).map(Math.tanh);
        const o = pre.slice(3 * u).map(sigmoid);
        c = c.map((cv, j) => f[j] * cv + i[j] * g[j]);
        h = c.map((cv, j) => o[j] * Math.tanh(cv));
        gates[0][t] = i;
        gates[1][t] = f;
        gates[2][t] = o;
      }
    }
    if (keep && !keep[t]) [h, c] = [hPrev, cPrev];
    hs[t] = h;
    cs[t] = c;
  }
  return { hs, cs, gates, h, c };
}

/**
 * x: (B, T, d). weights: one entry per direction. h0/c0: (B, s) or undefined for zeros. ids: (B, T) token
 * ids; a step whose id is 0 ([PAD]) keeps the previous state.
 */
export function referenceRecurrent(
  cell: Cell,
  x: number[][][],
  weights: DirectionWeights[],
  h0?: Matrix,
  c0?: Matrix,
  ids?: Matrix,
): ReferenceResult {
  const u = weights[0].recurrentKernel.length;
  const result: ReferenceResult = { hs: [], cs: [], gates: [], h: [], c: [] };
  const gateCount = cell === 'lstm' ? 3 : cell === 'gru' ? 2 : 0;
  for (let g = 0; g < gateCount; g++) result.gates.push([]);
  x.forEach((xs, bi) => {
    const passes = weights.map((w, dir) => {
      const slice = (s?: Matrix) => (s ? s[bi].slice(dir * u, (dir + 1) * u) : new Array(u).fill(0));
      return onePass(cell, xs, w, slice(h0), slice(c0), dir === 1, ids?.[bi].map((id) => id !== 0));
    });
    const join = (pick: (p: (typeof passes)[number]) => Matrix) => xs.map((_, t) => passes.flatMap((p) => pick(p)[t]));
    result.hs.push(join((p) => p.hs));
    result.cs.push(join((p) => p.cs));
    for (let g = 0; g < gateCount; g++) result.gates[g].push(join((p) => p.gates[g]));
    result.h.push(passes.flatMap((p) => p.h));
    result.c.push(passes.flatMap((p) => p.c));
  });
  return result;
}

export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expectSameLength(actual, expected);
  let num = 0;
  let den = 0;
  for (let i = 0; i < expected.length; i++) {
    num += (actual[i] - expected[i]) ** 2;
    den += expected[i] ** 2;
  }
  return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-12);
}

function expectSameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
}

export function flat(v: unknown): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v as number];
}
