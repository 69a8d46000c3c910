/**
 * tfjs weights ↔ PyTorch state_dict entries, by the plan's mapping. Every transform is a permutation of the
 * values (a transpose, and for the GRU a reorder of the gate blocks z, r, h → r, z, n), so Adam's moments convert
 * exactly as the weights do, and the way back is exact too.
 */
import { coded, EngineError, type Problem } from '../../graph/errors';
import type { NamedTensor, OptimizerState } from '../../io/modelContents';
import type { WeightTransform } from './blocks';
import type { WeightMapping } from './plan';

/** (rows, cols) row-major → (cols, rows). */
function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

/** Gate blocks [z | r | h] of width u along a row → [r | z | h] (PyTorch's r, z, n). Its own inverse. */
function swapFirstTwoBlocks(row: Float32Array, u: number): Float32Array {
  const out = row.slice();
  out.set(row.subarray(u, 2 * u), 0);
  out.set(row.subarray(0, u), u);
  return out;
}

function toTorch(t: NamedTensor, transform: WeightTransform): { shape: number[]; data: Float32Array } {
  switch (transform) {
    case 'copy':
      return { shape: t.shape, data: t.data };
    case 'transpose': {
      const [rows, cols] = t.shape;
      return { shape: [cols, rows], data: transpose(t.data, rows, cols) };
    }
    case 'gruKernel': {
      // (in, 3u) → (3u, in), then the first two row blocks of u rows swap places.
      const [rows, cols] = t.shape;
      const u = cols / 3;
      const tr = transpose(t.data, rows, cols);
      return { shape: [cols, rows], data: swapFirstTwoBlocks(tr, u * rows) };
    }
    case 'gruInputBias':
    case 'gruRecurrentBias': {
      const width = t.shape[1];
      const row = t.data.subarray(transform === 'gruInputBias' ? 0 : width, transform === 'gruInputBias' ? width : 2 * width);
      return { shape: [width], data: swapFirstTwoBlocks(row, width / 3) };
    }
  }
}

function missing(name: string, what: string): Problem {
  return coded('E_WEIGHTS_MISMATCH', 'export.weightsMissing', { weights: what, name });
}

/** The state_dict, in the plan's order, from tfjs weights by name. Throws E_WEIGHTS_MISMATCH when one is missing or left over. */
export function torchWeights(mapping: WeightMapping[], weights: NamedTensor[], what = 'saved weights'): NamedTensor[] {
  const byName = new Map(weights.map((w) => [w.name, w]));
  const problems: Problem[] = [];
  const out: NamedTensor[] = [];
  const used = new Set<string>();
  for (const m of mapping) {
    if (m.zeros !== undefined) {
      out.push({ name: m.key, shape: [m.zeros], data: new Float32Array(m.zeros) });
      continue;
    }
    const source = byName.get(m.source!);
    if (!source) {
      problems.push(missing(m.source!, what));
      continue;
    }
    used.add(m.source!);
    const { shape, data } = toTorch(source, m.transform);
    out.push({ name: m.key, shape, data });
  }
  for (const w of weights) {
    if (!used.has(w.name)) problems.push(coded('E_WEIGHTS_MISMATCH', 'export.weightsExtra', { weights: what, name: w.name }));
  }
  if (problems.length) throw new EngineError(problems);
  return out;
}

/**
 * Adam's moments as PyTorch-side tensors (`<key>.exp_avg`, `<key>.exp_avg_sq`) for the weights that have them
 * (frozen blocks have none), or an empty list for SGD.
 */
export function torchMoments(mapping: WeightMapping[], optimizer: OptimizerState): NamedTensor[] {
  if (optimizer.kind !== 'adam') return [];
  const byName = new Map(optimizer.tensors.map((t) => [t.name, t]));
  const out: NamedTensor[] = [];
  for (const m of mapping) {
    if (!m.source) continue;
    for (const [suffix, torchSuffix] of [
      ['/m', 'exp_avg'],
      ['/v', 'exp_avg_sq'],
    ]) {
      const moment = byName.get(`${m.source}${suffix}`);
      if (moment) out.push({ name: `${m.key}.${torchSuffix}`, ...toTorch(moment, m.transform) });
    }
  }
  return out;
}

/**
 * The way back: a PyTorch state_dict (say, weights trained by the exported train.py) as the app's weights. A GRU
 * bias is rebuilt from bias_ih and bias_hh; an LSTM's or RNN's bias_hh, zero and untrained in the export, is
 * folded into its one bias so that weights trained elsewhere with it still compute the same.
 */
export function tfjsWeights(mapping: WeightMapping[], tensors: NamedTensor[], reference: NamedTensor[]): NamedTensor[] {
  const byKey = new Map(tensors.map((t) => [t.name, t]));
  const problems: Problem[] = [];
  const need = (key: string) => {
    const t = byKey.get(key);
    if (!t) problems.push(missing(key, 'PyTorch weights'));
    return t;
  };
  const out: NamedTensor[] = [];
  for (const ref of reference) {
    const parts = mapping.filter((m) => m.source === ref.name);
    if (!parts.length) continue;
    if (parts.length === 2) {
      // A GRU bias (2, 3u): row 0 from bias_ih, row 1 from bias_hh.
      const [input, recurrent] = [parts.find((p) => p.transform === 'gruInputBias')!, parts.find((p) => p.transform === 'gruRecurrentBias')!].map((p) => need(p.key));
      if (!input || !recurrent) continue;
      const width = ref.shape[1];
      const data = new Float32Array(2 * width);
      data.set(swapFirstTwoBlocks(input.data, width / 3), 0);
      data.set(swapFirstTwoBlocks(recurrent.data, width / 3), width);
      out.push({ name: ref.name, shape: ref.shape, data });
      continue;
    }
    const m = parts[0];
    const t = need(m.key);
    if (!t) continue;
    let data: Float32Array;
    if (m.transform === 'copy') {
      data = t.data.slice();
      const extra = mapping.find((z) => z.zeros !== undefined && z.key === m.key.replace(/bias_ih$/, 'bias_hh') && z.key !== m.key);
      const hh = extra ? byKey.get(extra.key) : undefined;
      if (hh) for (let i = 0; i < data.length; i++) data[i] += hh.data[i];
    } else if (m.transform === 'transpose') {
      data = transpose(t.data, ref.shape[1], ref.shape[0]);
    } else {
      const [rows, cols] = ref.shape; // gruKernel: torch (3u, in) with blocks r, z, n
      data = transpose(swapFirstTwoBlocks(t.data, (cols / 3) * rows), cols, rows);
    }
    if (data.length !== ref.data.length) {
      problems.push(coded('E_WEIGHTS_MISMATCH', 'export.valueCount', { key: m.key, count: String(t.data.length), name: ref.name, needed: String(ref.data.length) }));
      continue;
    }
    out.push({ name: ref.name, shape: ref.shape, data });
  }
  if (problems.length) throw new EngineError(problems);
  return out;
}
