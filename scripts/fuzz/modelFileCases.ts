import { templates, writeModelFile, type ModelFileContents, type ModelFileLimits } from '../../engine';
import { hostileModelFiles, validModelFile } from '../../tests/fixtures/io/hostileModelFiles';
import { craft, fullContents } from '../../tests/fixtures/io/modelFixtures';

import { mutateDocument, ODD_VALUES, PROTOTYPE_KEYS, type Json } from './documentMutations';
import type { FuzzRandom } from './random';

/**
 * `.tlgraph` files for the fuzzer: the reader's own hostile files (tests/fixtures/io), valid files whose entries
 * are edited (graph, manifest, weight index, weight bytes, vocabulary, runs), files with random bytes changed or
 * cut, and well-formed files whose weights do not fit their graph.
 */
export interface ModelFileCase {
  description: string;
  bytes: Uint8Array;
  limits?: Partial<ModelFileLimits>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function parseEntry(entries: Map<string, Uint8Array>, name: string): unknown {
  const data = entries.get(name);
  if (!data) return undefined;
  try {
    return JSON.parse(decoder.decode(data));
  } catch {
    return undefined;
  }
}

function writeEntry(entries: Map<string, Uint8Array>, name: string, value: unknown): void {
  entries.set(name, encoder.encode(JSON.stringify(value)));
}

function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const graphOnlyFiles = new Map<string, Uint8Array>();
const hostileBytes = new Map<string, Uint8Array>();

/** A valid file to start from: the tiny LM with weights and Adam state, or a template saved graph-only. */
function baseFile(random: FuzzRandom): Uint8Array {
  if (random.chance(0.6)) return validModelFile;
  const template = random.pick(templates);
  let bytes = graphOnlyFiles.get(template.id);
  if (!bytes) graphOnlyFiles.set(template.id, (bytes = writeModelFile({ graph: template.build(), runs: [] })));
  return bytes;
}

type EntryEdit = (entries: Map<string, Uint8Array>, random: FuzzRandom) => string;

const editGraph: EntryEdit = (entries, random) => {
  const graph = parseEntry(entries, 'graph.json') as Json | undefined;
  if (!graph) return 'graph (unreadable)';
  const did = mutateDocument(graph, random, random.between(1, 3));
  writeEntry(entries, 'graph.json', graph);
  return `graph: ${did.join('; ')}`;
};

const editManifest: EntryEdit = (entries, random) => {
  const manifest = parseEntry(entries, 'manifest.json') as Json | undefined;
  if (!manifest) return 'manifest (unreadable)';
  const key = random.pick(['format', 'version', 'entries', 'contains', 'runs', 'step', 'createdBy', ...PROTOTYPE_KEYS]);
  const value = key === 'contains' && manifest.contains && typeof manifest.contains === 'object' ? { ...(manifest.contains as Json), [random.pick(['weights', 'optimizer', 'tokenizer', 'dataset'])]: random.pick([true, false, 1, null]) } : random.pick(ODD_VALUES);
  if (random.chance(0.2)) delete manifest[key];
  else setOwn(manifest, key, value);
  writeEntry(entries, 'manifest.json', manifest);
  return `manifest.${key}`;
};

const editTensorIndex: EntryEdit = (entries, random) => {
  const name = random.pick(['weights.json', 'optimizer.json']);
  const index = parseEntry(entries, name) as { tensors?: Json[] } & Json | undefined;
  if (!index || !Array.isArray(index.tensors) || !index.tensors.length) return `${name} (absent)`;
  const tensor = random.pick(index.tensors);
  const field = random.pick(['name', 'dtype', 'shape', 'offset', 'byteLength', 'tensors', 'step', 'iterations', 'kind'] as const);
  if (field === 'shape') tensor.shape = random.pick([[], [0], [-1], [1e9, 1e9], [2 ** 31], [NaN], ['4'], Array(40).fill(1), [...(tensor.shape as number[]).reverse()], [(tensor.shape as number[]).reduce((a, b) => a * b, 1)]]);
  else if (field === 'name') tensor.name = random.pick(['', '../x', 'a'.repeat(10_000), String(random.pick(index.tensors).name), 'ghost__0__dense/kernel', '__proto__']);
  else if (field === 'dtype') tensor.dtype = random.pick(['float16', 'int32', 'float64', '', null]);
  else if (field === 'tensors') index.tensors = random.pick([[], null, {}, [...index.tensors, ...index.tensors]]) as Json[];
  else if (field === 'offset' || field === 'byteLength') tensor[field] = random.pick([0, -4, 3, 1e15, NaN, (tensor[field] as number) + 4, (tensor[field] as number) - 4]);
  else setOwn(index, field, random.pick(ODD_VALUES));
  writeEntry(entries, name, index);
  return `${name}: ${field}`;
};

const editBinary: EntryEdit = (entries, random) => {
  const name = random.pick(['weights.bin', 'optimizer.bin']);
  const data = entries.get(name);
  if (!data) return `${name} (absent)`;
  const how = random.int(4);
  if (how === 0) entries.set(name, data.slice(0, random.int(data.length)));
  else if (how === 1) entries.set(name, new Uint8Array([...data, ...new Uint8Array(random.pick([1, 3, 4, 4096]))]));
  else if (how === 2) entries.set(name, new Uint8Array(0));
  else {
    const copy = data.slice();
    const view = new DataView(copy.buffer);
    if (copy.length >= 4) view.setFloat32(4 * random.int(copy.length >> 2), random.pick([NaN, Infinity, -Infinity, 3.4e38, -0, 1e-45]), true);
    entries.set(name, copy);
  }
  return `${name}: ${['cut', 'extended', 'emptied', 'odd value'][how]}`;
};

const editJsonEntry: EntryEdit = (entries, random) => {
  const name = random.pick(['tokenizer.json', 'runs.json', 'dataset.json']);
  const value = parseEntry(entries, name);
  if (value === undefined) return `${name} (absent)`;
  if (name === 'tokenizer.json' && value && typeof value === 'object') {
    const input = (value as Json).input as { tokens?: unknown[] } | undefined;
    if (input && Array.isArray(input.tokens)) {
      const what = random.int(4);
      if (what === 0) input.tokens.push(...Array.from({ length: random.pick([1, 1000]) }, (_, k) => `t${k}`));
      else if (what === 1) input.tokens.splice(random.int(input.tokens.length), 1);
      else if (what === 2) input.tokens[random.int(input.tokens.length)] = random.pick(['', 'ab', null, 7, '[PAD]', '\ud800']);
      else setOwn(value, random.pick(['kind', 'classes', 'target', 'input']), random.pick(ODD_VALUES));
    }
  } else if (Array.isArray(value) && value.length && random.chance(0.7)) {
    const run = value[random.int(value.length)] as Json;
    if (run && typeof run === 'object') setOwn(run, random.pick(['points', 'steps', 'startStep', 'final', 'training', 'status', 'frozen', 'wallMs']), random.pick(ODD_VALUES));
  } else if (value && typeof value === 'object') {
    setOwn(value, random.pick(['kind', 'id', 'name', 'bytes', 'sha256', ...PROTOTYPE_KEYS]), random.pick(ODD_VALUES));
  } else {
    writeEntry(entries, name, random.pick(ODD_VALUES));
    return `${name} replaced`;
  }
  writeEntry(entries, name, value);
  return `${name} edited`;
};

const editEntryList: EntryEdit = (entries, random) => {
  const names = [...entries.keys()];
  const name = random.pick(names);
  const how = random.int(3);
  if (how === 0) entries.delete(name);
  else if (how === 1) {
    const data = entries.get(name)!;
    entries.delete(name);
    entries.set(random.pick(['graph.json', 'weights.bin', 'extra.json', 'a/../graph.json', name.toUpperCase(), `${name}\u0000`]), data);
  } else entries.set(random.pick(['notes.txt', 'optimizer.json', 'optimizer.bin', 'tokenizer.json', 'dataset.json']), encoder.encode(random.pick(['{}', '[]', 'null', ''])));
  return `entry ${name}: ${['removed', 'renamed', 'added another'][how]}`;
};

const ENTRY_EDITS: readonly (readonly [EntryEdit, number])[] = [
  [editGraph, 5],
  [editManifest, 2],
  [editTensorIndex, 4],
  [editBinary, 3],
  [editJsonEntry, 3],
  [editEntryList, 1],
];

function editedFile(random: FuzzRandom): ModelFileCase {
  const base = baseFile(random);
  const did: string[] = [];
  const bytes = craft(
    base,
    (entries) => {
      for (let k = random.between(1, 2); k > 0; k--) did.push(random.weighted(ENTRY_EDITS)(entries, random));
    },
    { keepManifest: random.chance(0.15) },
  );
  return { description: `edited entries: ${did.join('; ')}`, bytes };
}

function damagedBytes(random: FuzzRandom): ModelFileCase {
  const bytes = baseFile(random).slice();
  if (random.chance(0.3)) {
    const at = random.int(bytes.length);
    return { description: `cut at byte ${at} of ${bytes.length}`, bytes: bytes.slice(0, at) };
  }
  const flips = random.between(1, 6);
  for (let k = 0; k < flips; k++) bytes[random.int(bytes.length)] = random.int(256);
  return { description: `${flips} random bytes changed`, bytes };
}

/** Well-formed files whose weights do not fit the graph they came with. */
function misfitWeights(random: FuzzRandom): ModelFileCase {
  const contents: ModelFileContents = fullContents();
  const weights = contents.trained!.weights;
  const what = random.int(4);
  if (what === 0) weights.splice(random.int(weights.length), 1);
  else if (what === 1) {
    const w = random.pick(weights);
    w.shape = [...w.shape].reverse();
    if (w.shape.length === 1) w.shape = [1, w.shape[0]];
  } else if (what === 2) weights.push({ name: 'ghost__0__dense/kernel', shape: [2, 2], data: new Float32Array(4) });
  else contents.trained!.optimizer = { kind: random.pick(['adam', 'sgd'] as const), iterations: random.pick([0, 3, 1e12]), tensors: [] };
  const optimizer = contents.trained!.optimizer;
  if (optimizer && what < 3) {
    // The writer checks moments against weights; keep them consistent so only the graph disagrees.
    const byName = new Map(weights.map((w) => [w.name, w]));
    optimizer.tensors = optimizer.tensors.filter((t) => byName.has(t.name.replace(/\/[mv]$/, ''))).map((t) => ({ ...t, shape: [...byName.get(t.name.replace(/\/[mv]$/, ''))!.shape] }));
  }
  if (random.chance(0.5)) contents.trained!.step = random.pick([0, 1, 1e9]);
  const description = `weights that do not fit: ${['one missing', 'one transposed', 'one extra', 'optimizer state replaced'][what]}`;
  try {
    return { description, bytes: writeModelFile(contents) };
  } catch {
    // The writer checks its own output; what it refuses to write is edited into a valid file instead.
    return editedFile(random);
  }
}

export function modelFileCase(random: FuzzRandom): ModelFileCase {
  const family = random.weighted([
    ['hostile', 3],
    ['edited', 6],
    ['damaged', 2],
    ['misfit', 2],
  ] as const);
  if (family === 'hostile') {
    const hostile = random.pick(hostileModelFiles);
    let bytes = hostileBytes.get(hostile.name);
    // Each builder is deterministic and some deflate megabytes (the zip bombs): build once per thread.
    if (!bytes) hostileBytes.set(hostile.name, (bytes = hostile.bytes()));
    return { description: `hostile file: ${hostile.name}`, bytes, limits: hostile.limits };
  }
  if (family === 'edited') return editedFile(random);
  if (family === 'damaged') return damagedBytes(random);
  return misfitWeights(random);
}

