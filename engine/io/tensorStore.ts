import { coded, type MessageKey, type MessageParams, type Problem } from '../graph/errors';
import { englishMessage } from '../graph/messages';
import type { GraphDoc } from '../graph/schema';
import type { NamedTensor } from './modelContents';
import { MAX_TENSOR_RANK, TENSOR_NAME_PATTERN, type ModelFileLimits } from './modelFileLimits';
import { ENTRY, type TensorIndexEntry } from './modelFileSchema';
import { fail } from './problems';

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
    return fail({ ...coded('E_MODEL_TOO_LARGE', 'tensor.tooMany', { index: indexName, count: String(index.length), max: String(limits.tensors) }, 'model.fixResave'), path: indexName });
  }
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const maxElements = limits.binaryEntryBytes / 4;
  index.forEach((t, i) => {
    const path = `${indexName}:tensors.${i}`;
    const nodeId = nodeOfTensor(t.name, nodeIds);
    const report = (key: MessageKey, params: MessageParams, field: string) =>
      problems.push({ ...coded('E_MODEL_WEIGHTS', key, { index: indexName, name: shown, ...params }, 'model.fixResave'), path: `${path}.${field}`, ...(nodeId ? { nodeId } : {}) });
    const shown = t.name.slice(0, 120);
    const nameProblem = tensorNameProblem(t.name, limits);
    if (nameProblem) return report('tensor.badName', { number: String(i + 1), ...ruleParams(nameProblem) }, 'name');
    if (seen.has(t.name)) return report('tensor.listedTwice', {}, 'name');
    seen.add(t.name);
    if (t.dtype !== 'float32') return report('tensor.dtype', { dtype: String(t.dtype).slice(0, 40) }, 'dtype');
    const shapeProblem = shapeProblemOf(t.shape, maxElements);
    if (shapeProblem) return report('tensor.badShape', { shape: t.shape.slice(0, 10).join(', '), ...ruleParams(shapeProblem) }, 'shape');
    const elements = t.shape.reduce((a, b) => a * b, 1);
    if (t.byteLength !== elements * 4) {
      return report('tensor.byteLength', { shape: t.shape.join(', '), values: String(elements), bytes: String(elements * 4), declared: String(t.byteLength) }, 'byteLength');
    }
    if (t.offset % 4 !== 0) return report('tensor.offsetAlign', { offset: String(t.offset) }, 'offset');
    if (t.offset + t.byteLength > bin.length) {
      return report('tensor.pastEnd', { end: String(t.offset + t.byteLength), bin: binName, size: String(bin.length) }, 'offset');
    }
  });
  if (problems.length) return { ok: false, problems };

  const byOffset = [...index].sort((a, b) => a.offset - b.offset || a.byteLength - b.byteLength);
  let covered = 0;
  for (let i = 0; i < byOffset.length; i++) {
    const t = byOffset[i];
    const next = byOffset[i + 1];
    if (next && t.offset + t.byteLength > next.offset) {
      const overlap = { first: t.name, second: next.name, index: indexName, bin: binName, from: String(next.offset), to: String(Math.min(t.offset + t.byteLength, next.offset + next.byteLength)) };
      return fail({ ...coded('E_MODEL_WEIGHTS', 'tensor.overlap', overlap, 'model.fixResave'), path: indexName });
    }
    covered += t.byteLength;
  }
  if (covered !== bin.length) {
    return fail({ ...coded('E_MODEL_WEIGHTS', 'tensor.uncovered', { bin: binName, size: String(bin.length), index: indexName, covered: String(covered) }, 'model.fixResave'), path: binName });
  }

  const tensors: NamedTensor[] = [];
  for (const t of index) {
    const values = readFloat32(bin, t.offset, t.byteLength / 4);
    const bad = firstNonFinite(values);
    if (bad >= 0) {
      const nodeId = nodeOfTensor(t.name, nodeIds);
      const key = indexName === ENTRY.weightsIndex ? 'tensor.nonFiniteWeight' : 'tensor.nonFiniteOptimizer';
      return fail({
        ...coded('E_MODEL_WEIGHTS', key, { name: t.name, value: String(values[bad]), position: String(bad) }),
        path: `${indexName}:tensors.${index.indexOf(t)}`,
        ...(nodeId ? { nodeId } : {}),
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
      problems.push({ ...coded('E_MODEL_WEIGHTS', 'tensor.momentOrphan', { name: m.name }, 'model.fixResave'), path, ...(nodeId ? { nodeId } : {}) });
    } else if (!sameShape(weight.shape, m.shape)) {
      const shapes = { name: m.name, shape: m.shape.join(', '), weight: weight.name, weightShape: weight.shape.join(', ') };
      problems.push({ ...coded('E_MODEL_WEIGHTS', 'tensor.momentShape', shapes, 'model.fixResave'), path, ...(nodeId ? { nodeId } : {}) });
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
      const key = what === 'weights' ? 'tensor.dataLengthWeights' : 'tensor.dataLengthOptimizer';
      problems.push(coded('E_MODEL_WEIGHTS', key, { name: t.name, shape: t.shape.join(', '), count: String(t.data?.length ?? 0) }));
      continue;
    }
    const bad = firstNonFinite(t.data);
    if (bad >= 0) {
      const key = what === 'weights' ? 'tensor.saveNonFiniteWeight' : 'tensor.saveNonFiniteOptimizer';
      problems.push(coded('E_MODEL_WEIGHTS', key, { name: t.name, value: String(t.data[bad]), position: String(bad) }));
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

/** A rule a stored tensor breaks: its phrase's key and params. */
interface TensorRule {
  key: MessageKey;
  params?: MessageParams;
}

/** The params of a message that quotes a rule as `{reason}`: the English phrase, and `ruleKey` so the UI says it in its own language. */
function ruleParams(rule: TensorRule): MessageParams {
  const params = rule.params ?? {};
  return { reason: englishMessage(rule.key, params).message, ruleKey: rule.key, ...params };
}

function tensorNameProblem(name: string, limits: ModelFileLimits): TensorRule | undefined {
  if (name.length === 0) return { key: 'tensor.rule.nameEmpty' };
  if (name.length > limits.tokenLength) return { key: 'tensor.rule.nameTooLong', params: { maxChars: String(limits.tokenLength) } };
  if (!TENSOR_NAME_PATTERN.test(name)) return { key: 'tensor.rule.nameCharacters' };
  if (name.split('/').some((part) => /^\.+$/.test(part))) return { key: 'tensor.rule.nameDots' };
  return undefined;
}

function shapeProblemOf(shape: number[], maxElements: number): TensorRule | undefined {
  if (shape.length > MAX_TENSOR_RANK) return { key: 'tensor.rule.rank', params: { maxRank: MAX_TENSOR_RANK } };
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) return { key: 'tensor.rule.dimension' };
  let elements = 1;
  for (const d of shape) {
    elements *= d;
    if (elements > maxElements) return { key: 'tensor.rule.elements', params: { maxValues: String(maxElements) } };
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
