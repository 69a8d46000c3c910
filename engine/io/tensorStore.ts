import type { Problem } from '../graph/errors';
import type { GraphDoc } from '../graph/schema';
import type { NamedTensor } from './modelContents';
import { MAX_TENSOR_RANK, TENSOR_NAME_PATTERN, type ModelFileLimits } from './modelFileLimits';
import { ENTRY, type TensorIndexEntry } from './modelFileSchema';
import { fail, FIX_RESAVE } from './problems';

/**
 * Tensors in a model file: each `.bin` holds little-endian float32 values, concatenated, and its JSON
 * index says where each tensor's values lie. Packing writes that layout; decoding checks an index against
 * its `.bin` before copying a single value out.
 */

const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The tensors an index describes, copied out of its `.bin` once every entry has been checked: a safe
 * unique name, float32, a shape of non-negative integers whose product matches `byteLength`, a place
 * inside the `.bin` that no other tensor shares, the `.bin` covered exactly, and finite values only.
 */
export function decodeTensors(
  indexName: typeof ENTRY.weightsIndex | typeof ENTRY.optimizerIndex,
  index: TensorIndexEntry[],
  bin: Uint8Array,
  graph: GraphDoc,
  limits: ModelFileLimits,
): { ok: true; tensors: NamedTensor[] } | { ok: false; problems: Problem[] } {
  const binName = indexName === ENTRY.weightsIndex ? ENTRY.weights : ENTRY.optimizer;
  const nodeIds = new Set(graph.nodes.map((n) => n.id));
  if (index.length > limits.tensors) {
    return fail({ code: 'E_MODEL_TOO_LARGE', path: indexName, message: `${indexName} lists ${index.length} tensors; at most ${limits.tensors} are read.`, fix: FIX_RESAVE });
  }
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const maxElements = limits.binaryEntryBytes / 4;
  index.forEach((t, i) => {
    const path = `${indexName}:tensors.${i}`;
    const nodeId = nodeOfTensor(t.name, nodeIds);
    const report = (message: string, field?: string) =>
      problems.push({ code: 'E_MODEL_WEIGHTS', path: field ? `${path}.${field}` : path, ...(nodeId ? { nodeId } : {}), message, fix: FIX_RESAVE });
    const shown = t.name.slice(0, 120);
    const nameProblem = tensorNameProblem(t.name, limits);
    if (nameProblem) return report(`Tensor ${i + 1} of ${indexName} has the name “${shown}”, which ${nameProblem}.`, 'name');
    if (seen.has(t.name)) return report(`${indexName} lists “${shown}” twice.`, 'name');
    seen.add(t.name);
    if (t.dtype !== 'float32') return report(`“${shown}” in ${indexName} is stored as “${String(t.dtype).slice(0, 40)}”; Tensorloom stores float32 only.`, 'dtype');
    const shapeProblem = shapeProblemOf(t.shape, maxElements);
    if (shapeProblem) return report(`“${shown}” in ${indexName} has the shape [${t.shape.slice(0, 10).join(', ')}], which ${shapeProblem}.`, 'shape');
    const elements = t.shape.reduce((a, b) => a * b, 1);
    if (t.byteLength !== elements * 4) {
      return report(`“${shown}” in ${indexName} has the shape [${t.shape.join(', ')}] (${elements} values, ${elements * 4} bytes) but says it takes ${t.byteLength} bytes.`, 'byteLength');
    }
    if (t.offset % 4 !== 0) return report(`“${shown}” in ${indexName} starts at byte ${t.offset}, which is not a multiple of 4.`, 'offset');
    if (t.offset + t.byteLength > bin.length) {
      return report(`“${shown}” in ${indexName} runs to byte ${t.offset + t.byteLength}, past the end of ${binName} (${bin.length} bytes).`, 'offset');
    }
  });
  if (problems.length) return { ok: false, problems };

  const byOffset = [...index].sort((a, b) => a.offset - b.offset || a.byteLength - b.byteLength);
  let covered = 0;
  for (let i = 0; i < byOffset.length; i++) {
    const t = byOffset[i];
    const next = byOffset[i + 1];
    if (next && t.offset + t.byteLength > next.offset) {
      return fail({
        code: 'E_MODEL_WEIGHTS',
        path: indexName,
        message: `“${t.name}” and “${next.name}” in ${indexName} overlap in ${binName} (bytes ${next.offset}–${Math.min(t.offset + t.byteLength, next.offset + next.byteLength)}).`,
        fix: FIX_RESAVE,
      });
    }
    covered += t.byteLength;
  }
  if (covered !== bin.length) {
    return fail({
      code: 'E_MODEL_WEIGHTS',
      path: binName,
      message: `${binName} has ${bin.length} bytes, but ${indexName} accounts for ${covered}.`,
      fix: FIX_RESAVE,
    });
  }

  const tensors: NamedTensor[] = [];
  for (const t of index) {
    const values = readFloat32(bin, t.offset, t.byteLength / 4);
    const bad = firstNonFinite(values);
    if (bad >= 0) {
      const nodeId = nodeOfTensor(t.name, nodeIds);
      return fail({
        code: 'E_MODEL_WEIGHTS',
        path: `${indexName}:tensors.${index.indexOf(t)}`,
        ...(nodeId ? { nodeId } : {}),
        message: `“${t.name}” holds ${String(values[bad])} at position ${bad}; stored ${indexName === ENTRY.weightsIndex ? 'weights' : 'optimizer state'} must be finite numbers.`,
        fix: 'The model diverged before it was saved: train it again from scratch or from an earlier file, with a lower learning rate.',
      });
    }
    tensors.push({ name: t.name, shape: [...t.shape], data: values });
  }
  return { ok: true, tensors };
}

/** Each optimizer tensor is a moment (`/m`, `/v`) of a stored weight, with that weight's shape. */
export function momentProblems(moments: NamedTensor[], weights: NamedTensor[], graph: GraphDoc): Problem[] {
  const byName = new Map(weights.map((w) => [w.name, w]));
  const nodeIds = new Set(graph.nodes.map((n) => n.id));
  const problems: Problem[] = [];
  moments.forEach((m, i) => {
    const slash = m.name.lastIndexOf('/');
    const weight = slash > 0 ? byName.get(m.name.slice(0, slash)) : undefined;
    const nodeId = nodeOfTensor(m.name, nodeIds);
    const path = `${ENTRY.optimizerIndex}:tensors.${i}`;
    if (!weight) {
      problems.push({ code: 'E_MODEL_WEIGHTS', path, ...(nodeId ? { nodeId } : {}), message: `The optimizer state “${m.name}” belongs to no stored weight.`, fix: FIX_RESAVE });
    } else if (!sameShape(weight.shape, m.shape)) {
      problems.push({
        code: 'E_MODEL_WEIGHTS',
        path,
        ...(nodeId ? { nodeId } : {}),
        message: `The optimizer state “${m.name}” has the shape [${m.shape.join(', ')}], but its weight “${weight.name}” is [${weight.shape.join(', ')}].`,
        fix: FIX_RESAVE,
      });
    }
  });
  return problems;
}

/** What the writer checks before packing: the reader refuses the same, later and less helpfully. */
export function tensorDataProblems(tensors: NamedTensor[], what: 'weights' | 'optimizer'): Problem[] {
  const problems: Problem[] = [];
  for (const t of tensors) {
    const elements = t.shape.reduce((a, b) => a * b, 1);
    if (!(t.data instanceof Float32Array) || t.data.length !== elements) {
      problems.push({
        code: 'E_MODEL_WEIGHTS',
        message: `The ${what} tensor “${t.name}” has the shape [${t.shape.join(', ')}] but ${t.data?.length ?? 0} values.`,
        fix: 'This is a bug in Tensorloom; please report it.',
      });
      continue;
    }
    const bad = firstNonFinite(t.data);
    if (bad >= 0) {
      problems.push({
        code: 'E_MODEL_WEIGHTS',
        message: `The ${what === 'weights' ? 'weight' : 'optimizer state'} “${t.name}” holds ${String(t.data[bad])} at position ${bad}, so the model cannot be saved with its weights.`,
        fix: 'The model diverged: save the graph without weights, or train again with a lower learning rate.',
      });
    }
  }
  return problems;
}

export function packTensors(tensors: NamedTensor[]): { index: TensorIndexEntry[]; bin: Uint8Array } {
  const index: TensorIndexEntry[] = [];
  let offset = 0;
  for (const t of tensors) {
    index.push({ name: t.name, dtype: 'float32', shape: [...t.shape], offset, byteLength: t.data.length * 4 });
    offset += t.data.length * 4;
  }
  const bin = new Uint8Array(offset);
  const view = new DataView(bin.buffer);
  tensors.forEach((t, i) => {
    const at = index[i].offset;
    if (IS_LITTLE_ENDIAN) bin.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    else for (let k = 0; k < t.data.length; k++) view.setFloat32(at + 4 * k, t.data[k], true);
  });
  return { index, bin };
}

/** A copy of `count` little-endian float32 values from `offset`, in the platform's own order. */
function readFloat32(bin: Uint8Array, offset: number, count: number): Float32Array {
  if (IS_LITTLE_ENDIAN) return new Float32Array(bin.buffer.slice(bin.byteOffset + offset, bin.byteOffset + offset + count * 4));
  const view = new DataView(bin.buffer, bin.byteOffset + offset, count * 4);
  const out = new Float32Array(count);
  for (let k = 0; k < count; k++) out[k] = view.getFloat32(4 * k, true);
  return out;
}

function firstNonFinite(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

function tensorNameProblem(name: string, limits: ModelFileLimits): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name.length > limits.tokenLength) return `is longer than ${limits.tokenLength} characters`;
  if (!TENSOR_NAME_PATTERN.test(name)) return 'uses characters other than letters, digits, _ . : - and / between parts';
  if (name.split('/').some((part) => /^\.+$/.test(part))) return 'has a part made of dots only, like a path that climbs out of a folder';
  return undefined;
}

function shapeProblemOf(shape: number[], maxElements: number): string | undefined {
  if (shape.length > MAX_TENSOR_RANK) return `has more than ${MAX_TENSOR_RANK} dimensions`;
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) return 'has a dimension that is not a whole number ≥ 0';
  let elements = 1;
  for (const d of shape) {
    elements *= d;
    if (elements > maxElements) return `holds more than the ${maxElements} values a stored tensor may have`;
  }
  return undefined;
}

/** `dec_attn__0__mha/query_kernel` → `dec_attn`, when the graph has such a node. */
function nodeOfTensor(name: string, nodeIds: Set<string>): string | undefined {
  const id = name.split('/')[0].split('__')[0];
  return nodeIds.has(id) ? id : undefined;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
