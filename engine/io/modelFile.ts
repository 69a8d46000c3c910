import { zipSync, type ZipOptions } from 'fflate';
import { EngineError, type Problem } from '../graph/errors';
import { documentForSaving, MAX_DOCUMENT_BYTES, parseDocument, parseDocumentObject } from '../graph/parse';
import type { GraphDoc } from '../graph/schema';
import type { ModelFileContents, OptimizerState, TrainedState } from './modelContents';
import { MODEL_FILE_LIMITS, type ModelFileLimits } from './modelFileLimits';
import {
  BINARY_ENTRIES,
  ENTRY,
  ENTRY_ORDER,
  MODEL_FILE_FORMAT,
  MODEL_FILE_VERSION,
  datasetIdentitySchema,
  manifestHeaderSchema,
  manifestSchema,
  optimizerIndexSchema,
  runsSchema,
  savedTokenizersSchema,
  weightsIndexSchema,
  type EntryName,
  type Manifest,
} from './modelFileSchema';
import { fail, FIX_DAMAGED, FIX_RESAVE, shownValue } from './problems';
import { decodeTensors, momentProblems, packTensors, tensorDataProblems } from './tensorStore';
import { tokenizerFitProblems, tokenizerProblems } from './tokenizerChecks';
import { decodeTextFile } from './textFile';
import { looksLikeZip, readZipDirectory, readZipEntry, type ZipEntry, type ZipFault } from './zipReader';

/**
 * The `.tlgraph` model file: one zip, read and written as bytes. Its entries, manifest first:
 *
 * | entry            | holds                                                                          |
 * | ---------------- | ------------------------------------------------------------------------------ |
 * | `manifest.json`  | `{format: 'tensorloom-model', version, entries: [{name, bytes}], contains}`    |
 * | `graph.json`     | the GraphDoc, as the graph editor saves it                                     |
 * | `weights.json`   | `{step, tensors: [{name, dtype: 'float32', shape, offset, byteLength}]}`       |
 * | `weights.bin`    | the weights, little-endian float32, concatenated in index order               |
 * | `optimizer.json` | `{kind, iterations, tensors: [...]}`, moments named `<weight>/m`, `<weight>/v` |
 * | `optimizer.bin`  | the optimizer's moments, laid out like `weights.bin`                            |
 * | `tokenizer.json` | the vocabularies (`SavedTokenizers`)                                            |
 * | `dataset.json`   | which data the model was trained on (`DatasetIdentity`)                        |
 * | `runs.json`      | the run history (`RunRecord[]`, oldest first)                                   |
 *
 * Any tool reads the weights without tfjs: each index entry says where its float32 values lie in the
 * `.bin`. Every entry is deflated, so the file stays a plain zip that any unzip tool opens: JSON at level
 * 6; the `.bin` entries at level 1, which on GPT-mini's weights and Adam moments takes the same 7–9 % off
 * as level 6 (float32 mantissas are noise; only the exponents compress) in half the time.
 *
 * Reading trusts nothing: the zip's directory, sizes, names and checksums are checked before anything is
 * inflated, inflating stops at the declared size, and each entry is checked against its schema, the
 * weights for overlap, coverage and finiteness, and the vocabulary against the graph's embeddings and
 * heads, before any value is handed out.
 */

export type ReadModelResult = { ok: true; contents: ModelFileContents; warnings: Problem[] } | { ok: false; problems: Problem[] };

export interface ReadModelOptions {
  /** Lower (or raise) the reader's limits; the defaults are `MODEL_FILE_LIMITS`. */
  limits?: Partial<ModelFileLimits>;
  /** The file's name, for the messages about a graph file that is not UTF-8 text or too large. */
  name?: string;
}

/** Entries are stamped with one fixed time (local 1980-01-01, the earliest a zip can hold), so equal contents give equal bytes. */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const JSON_DEFLATE_LEVEL = 6;
const BINARY_DEFLATE_LEVEL = 1;

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The bytes of a `.tlgraph` file holding `contents`. The same contents always give the same bytes. Throws
 * EngineError (with the problems the reader would report) when the contents could not be read back —
 * weights that are not finite, a tensor whose data do not fill its shape, a vocabulary that does not fit
 * the graph — so a saved file always opens again.
 */
export function writeModelFile(contents: ModelFileContents): Uint8Array {
  const files = new Map<EntryName, Uint8Array>();
  files.set(ENTRY.graph, utf8Encoder.encode(JSON.stringify(documentForSaving(contents.graph), null, 2)));
  const writeProblems: Problem[] = [];
  if (contents.trained) {
    const { trained } = contents;
    writeProblems.push(...tensorDataProblems(trained.weights, 'weights'));
    if (trained.optimizer) writeProblems.push(...tensorDataProblems(trained.optimizer.tensors, 'optimizer'));
    if (!writeProblems.length) {
      const weights = packTensors(trained.weights);
      files.set(ENTRY.weightsIndex, jsonBytes({ step: trained.step, tensors: weights.index }));
      files.set(ENTRY.weights, weights.bin);
      if (trained.optimizer) {
        const optimizer = packTensors(trained.optimizer.tensors);
        files.set(ENTRY.optimizerIndex, jsonBytes({ kind: trained.optimizer.kind, iterations: trained.optimizer.iterations, tensors: optimizer.index }));
        files.set(ENTRY.optimizer, optimizer.bin);
      }
    }
  }
  if (writeProblems.length) throw new EngineError(writeProblems);
  if (contents.tokenizer) files.set(ENTRY.tokenizer, jsonBytes(contents.tokenizer));
  if (contents.dataset) files.set(ENTRY.dataset, jsonBytes(contents.dataset));
  files.set(ENTRY.runs, jsonBytes(contents.runs));

  const ordered = ENTRY_ORDER.filter((name) => files.has(name)).map((name) => [name, files.get(name)!] as const);
  const manifest: Manifest = {
    format: MODEL_FILE_FORMAT,
    version: MODEL_FILE_VERSION,
    entries: ordered.map(([name, data]) => ({ name, bytes: data.length })),
    contains: {
      weights: files.has(ENTRY.weights),
      optimizer: files.has(ENTRY.optimizer),
      tokenizer: files.has(ENTRY.tokenizer),
      dataset: files.has(ENTRY.dataset),
      runs: contents.runs.length,
    },
  };
  const manifestBytes = utf8Encoder.encode(JSON.stringify(manifest, null, 2));

  const limits = MODEL_FILE_LIMITS;
  const sizeProblems = [[ENTRY.manifest, manifestBytes] as const, ...ordered].flatMap(([name, data]) => {
    const cap = entryCap(name, limits);
    return data.length > cap ? [tooLargeEntry(name, data.length, cap)] : [];
  });
  const total = manifestBytes.length + ordered.reduce((sum, [, data]) => sum + data.length, 0);
  if (total > limits.totalBytes) sizeProblems.push(tooLargeTotal(total, limits.totalBytes));
  if (sizeProblems.length) throw new EngineError(sizeProblems);

  const all = new Map<string, Uint8Array>([[ENTRY.manifest, manifestBytes], ...ordered]);
  const decoded = decodeEntries(all, limits);
  if (!decoded.ok) throw new EngineError(decoded.problems);

  const zippable: Record<string, [Uint8Array, ZipOptions]> = {};
  for (const [name, data] of all) zippable[name] = [data, { level: BINARY_ENTRIES.has(name) ? BINARY_DEFLATE_LEVEL : JSON_DEFLATE_LEVEL, mtime: FIXED_MTIME }];
  return zipSync(zippable, { mtime: FIXED_MTIME });
}

/**
 * Reads a `.tlgraph` file. Never throws: every way the bytes can be wrong — not a zip, cut short, a bad
 * checksum, a zip bomb, unsafe or repeated entry names, a newer version, malformed JSON, an invalid graph,
 * weights that overlap or are not finite, a vocabulary that does not fit the graph — is a coded problem.
 */
export function readModelFile(bytes: Uint8Array, options: ReadModelOptions = {}): ReadModelResult {
  try {
    return readModelFileUnguarded(bytes, { ...MODEL_FILE_LIMITS, ...options.limits });
  } catch (e) {
    return fail({
      code: 'E_INTERNAL',
      message: `The model file could not be read (${(e as Error)?.message ?? String(e)}).`,
      fix: 'Please report this file to the Tensorloom developers.',
    });
  }
}

/**
 * Reads either a `.tlgraph` model file (a zip) or an older `.tlgraph.json` graph (UTF-8 JSON), which opens
 * as a graph-only model with no runs. Never throws.
 */
export function readGraphOrModelFile(bytes: Uint8Array, options: ReadModelOptions = {}): ReadModelResult {
  if (!isByteArray(bytes)) return fail(notAModel('The file is empty or not bytes.'));
  if (looksLikeZip(bytes)) return readModelFile(bytes, options);
  if (!startsLikeJsonObject(bytes)) return fail(notAModel('The file is neither a zip nor a JSON graph.'));
  // The one decoder for graph files (the command line's too): UTF-8 only, byte-order mark dropped, size first.
  const decoded = decodeTextFile(options.name ?? '', bytes, { kind: 'graph', maxBytes: MAX_DOCUMENT_BYTES });
  if (!decoded.ok) return decoded;
  const text = decoded.text;
  const parsed = parseDocument(text);
  if (!parsed.ok) return parsed;
  return { ok: true, contents: { graph: parsed.doc, runs: [] }, warnings: parsed.warnings };
}

/** A `{` first, after an optional UTF-8 byte-order mark and whitespace: what every graph file looks like. */
function startsLikeJsonObject(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x7b;
}

function readModelFileUnguarded(bytes: Uint8Array, limits: ModelFileLimits): ReadModelResult {
  if (!isByteArray(bytes) || bytes.length === 0) return fail(notAModel('The file is empty.'));
  if (bytes.length > limits.fileBytes) {
    return fail({
      code: 'E_MODEL_TOO_LARGE',
      message: `The file is ${megabytes(bytes.length)}; model files are at most ${megabytes(limits.fileBytes)}.`,
      fix: 'Check that this is a Tensorloom model file.',
    });
  }
  const directory = readZipDirectory(bytes, limits.entries);
  if (!directory.ok) return fail(zipFaultProblem(directory.fault, limits));
  const entries = directory.entries;

  let total = 0;
  for (const entry of entries) {
    const cap = entryCap(entry.name, limits);
    if (entry.size > cap) return fail(tooLargeEntry(entry.name, entry.size, cap));
    total += entry.size;
  }
  if (total > limits.totalBytes) return fail(tooLargeTotal(total, limits.totalBytes));

  const manifestEntry = entries.find((e) => e.name === ENTRY.manifest);
  if (!manifestEntry) {
    return fail({ code: 'E_MODEL_MANIFEST', path: ENTRY.manifest, message: 'The file has no manifest.json, so it is not a Tensorloom model file.', fix: FIX_RESAVE });
  }
  if (manifestEntry.index !== 0 || manifestEntry.headerOffset !== 0) {
    return fail({ code: 'E_MODEL_MANIFEST', path: ENTRY.manifest, message: 'manifest.json is not the first entry of the file.', fix: FIX_RESAVE });
  }
  const manifestData = entryData(bytes, manifestEntry, limits);
  if (!manifestData.ok) return manifestData;
  const manifest = readManifest(manifestData.data);
  if (!manifest.ok) return manifest;

  const known = new Set<string>(ENTRY_ORDER);
  for (const entry of entries) {
    if (!known.has(entry.name)) {
      return fail({
        code: 'E_MODEL_ENTRY',
        path: entry.name,
        message: `The file holds an entry “${entry.name}” that a version ${MODEL_FILE_VERSION} model file does not have.`,
        fix: FIX_RESAVE,
      });
    }
  }
  const listed = manifest.manifest.entries;
  const actual = entries.filter((e) => e.name !== ENTRY.manifest);
  const listedText = listed.map((e) => `${e.name} (${e.bytes} bytes)`).join(', ');
  const actualText = actual.map((e) => `${e.name} (${e.size} bytes)`).join(', ');
  if (listedText !== actualText) {
    return fail({
      code: 'E_MODEL_MANIFEST',
      path: `${ENTRY.manifest}:entries`,
      message: `manifest.json lists ${listedText || 'no entries'}, but the file holds ${actualText || 'none'}.`,
      fix: FIX_RESAVE,
    });
  }

  const data = new Map<string, Uint8Array>([[ENTRY.manifest, manifestData.data]]);
  for (const entry of actual) {
    const read = entryData(bytes, entry, limits);
    if (!read.ok) return read;
    data.set(entry.name, read.data);
  }
  return decodeEntries(data, limits);
}

function readManifest(data: Uint8Array): { ok: true; manifest: Manifest } | { ok: false; problems: Problem[] } {
  const json = parseJsonEntry(ENTRY.manifest, data);
  if (!json.ok) return json;
  const header = manifestHeaderSchema.safeParse(json.value);
  if (!header.success) {
    return fail({ code: 'E_MODEL_MANIFEST', path: ENTRY.manifest, message: 'manifest.json is not an object.', fix: FIX_RESAVE });
  }
  const { format, version } = header.data;
  if (format !== MODEL_FILE_FORMAT) {
    return fail({
      code: 'E_MODEL_MANIFEST',
      path: `${ENTRY.manifest}:format`,
      message: `manifest.json says the file is a “${shownValue(format, 80)}”, not a “${MODEL_FILE_FORMAT}”.`,
      fix: 'Open a Tensorloom model file (.tlgraph).',
    });
  }
  if (typeof version === 'number' && Number.isInteger(version) && version > MODEL_FILE_VERSION) {
    return fail({
      code: 'E_VERSION',
      path: `${ENTRY.manifest}:version`,
      message: `The model file is version ${version}, written by a newer Tensorloom; this version reads model files up to version ${MODEL_FILE_VERSION}.`,
      fix: 'Update Tensorloom to open this file.',
    });
  }
  if (version !== MODEL_FILE_VERSION) {
    return fail({
      code: 'E_VERSION',
      path: `${ENTRY.manifest}:version`,
      message: `The model file has version ${JSON.stringify(version)?.slice(0, 40)}, which no Tensorloom writes.`,
      fix: FIX_RESAVE,
    });
  }
  const parsed = manifestSchema.safeParse(json.value);
  if (!parsed.success) return { ok: false, problems: schemaProblems(ENTRY.manifest, parsed.error.issues, 'E_MODEL_MANIFEST') };
  return { ok: true, manifest: parsed.data };
}

/** Turns the uncompressed entries of a file into its contents, checking each against the others. */
function decodeEntries(data: Map<string, Uint8Array>, limits: ModelFileLimits): ReadModelResult {
  const manifest = readManifest(data.get(ENTRY.manifest)!);
  if (!manifest.ok) return manifest;
  const { contains } = manifest.manifest;

  for (const required of [ENTRY.graph, ENTRY.runs]) {
    if (!data.has(required)) return fail({ code: 'E_MODEL_ENTRY', path: required, message: `The file has no ${required}.`, fix: FIX_RESAVE });
  }
  for (const [index, bin] of [
    [ENTRY.weightsIndex, ENTRY.weights],
    [ENTRY.optimizerIndex, ENTRY.optimizer],
  ] as const) {
    if (data.has(index) !== data.has(bin)) {
      const [has, lacks] = data.has(index) ? [index, bin] : [bin, index];
      return fail({ code: 'E_MODEL_ENTRY', path: lacks, message: `The file has ${has} but no ${lacks}; the two belong together.`, fix: FIX_RESAVE });
    }
  }
  if (data.has(ENTRY.optimizer) && !data.has(ENTRY.weights)) {
    return fail({ code: 'E_MODEL_ENTRY', path: ENTRY.optimizer, message: 'The file has optimizer state but no weights.', fix: FIX_RESAVE });
  }
  const flags: [keyof Manifest['contains'], string][] = [
    ['weights', ENTRY.weights],
    ['optimizer', ENTRY.optimizer],
    ['tokenizer', ENTRY.tokenizer],
    ['dataset', ENTRY.dataset],
  ];
  for (const [flag, entry] of flags) {
    if (contains[flag] !== data.has(entry)) {
      return fail({
        code: 'E_MODEL_MANIFEST',
        path: `${ENTRY.manifest}:contains.${flag}`,
        message: `manifest.json says the file ${contains[flag] ? 'has' : 'has no'} ${flag}, but ${entry} is ${data.has(entry) ? 'there' : 'missing'}.`,
        fix: FIX_RESAVE,
      });
    }
  }

  const graphJson = parseJsonEntry(ENTRY.graph, data.get(ENTRY.graph)!);
  if (!graphJson.ok) return graphJson;
  const graph = parseDocumentObject(graphJson.value);
  if (!graph.ok) return graph;
  const warnings = [...graph.warnings];
  const contents: ModelFileContents = { graph: graph.doc, runs: [] };

  const runsJson = parseJsonEntry(ENTRY.runs, data.get(ENTRY.runs)!);
  if (!runsJson.ok) return runsJson;
  if (Array.isArray(runsJson.value) && runsJson.value.length > limits.runs) {
    return fail({ code: 'E_MODEL_TOO_LARGE', path: ENTRY.runs, message: `runs.json holds ${runsJson.value.length} runs; a file keeps at most ${limits.runs}.`, fix: FIX_RESAVE });
  }
  const runs = runsSchema.safeParse(runsJson.value);
  if (!runs.success) return { ok: false, problems: schemaProblems(ENTRY.runs, runs.error.issues, 'E_SCHEMA') };
  if (runs.data.length !== contains.runs) {
    return fail({
      code: 'E_MODEL_MANIFEST',
      path: `${ENTRY.manifest}:contains.runs`,
      message: `manifest.json says the file has ${contains.runs} runs, but runs.json holds ${runs.data.length}.`,
      fix: FIX_RESAVE,
    });
  }
  contents.runs = runs.data;

  if (data.has(ENTRY.dataset)) {
    const datasetJson = parseJsonEntry(ENTRY.dataset, data.get(ENTRY.dataset)!);
    if (!datasetJson.ok) return datasetJson;
    const dataset = datasetIdentitySchema.safeParse(datasetJson.value);
    if (!dataset.success) return { ok: false, problems: schemaProblems(ENTRY.dataset, dataset.error.issues, 'E_SCHEMA') };
    contents.dataset = dataset.data;
  }

  if (data.has(ENTRY.tokenizer)) {
    const tokenizerJson = parseJsonEntry(ENTRY.tokenizer, data.get(ENTRY.tokenizer)!);
    if (!tokenizerJson.ok) return tokenizerJson;
    const tokenizer = savedTokenizersSchema.safeParse(tokenizerJson.value);
    if (!tokenizer.success) return { ok: false, problems: schemaProblems(ENTRY.tokenizer, tokenizer.error.issues, 'E_MODEL_TOKENIZER') };
    const problems = [...tokenizerProblems(tokenizer.data, limits), ...tokenizerFitProblems(tokenizer.data, graph.doc)];
    if (problems.length) return { ok: false, problems };
    contents.tokenizer = tokenizer.data;
  }

  if (data.has(ENTRY.weights)) {
    const trained = decodeTrained(data, graph.doc, limits);
    if (!trained.ok) return trained;
    contents.trained = trained.trained;
  }
  return { ok: true, contents, warnings };
}

function decodeTrained(data: Map<string, Uint8Array>, graph: GraphDoc, limits: ModelFileLimits): { ok: true; trained: TrainedState } | { ok: false; problems: Problem[] } {
  const indexJson = parseJsonEntry(ENTRY.weightsIndex, data.get(ENTRY.weightsIndex)!);
  if (!indexJson.ok) return indexJson;
  const index = weightsIndexSchema.safeParse(indexJson.value);
  if (!index.success) return { ok: false, problems: schemaProblems(ENTRY.weightsIndex, index.error.issues, 'E_MODEL_WEIGHTS') };
  const weights = decodeTensors(ENTRY.weightsIndex, index.data.tensors, data.get(ENTRY.weights)!, graph, limits);
  if (!weights.ok) return weights;
  const trained: TrainedState = { step: index.data.step, weights: weights.tensors };
  if (!data.has(ENTRY.optimizer)) return { ok: true, trained };

  const optimizerJson = parseJsonEntry(ENTRY.optimizerIndex, data.get(ENTRY.optimizerIndex)!);
  if (!optimizerJson.ok) return optimizerJson;
  const optimizerIndex = optimizerIndexSchema.safeParse(optimizerJson.value);
  if (!optimizerIndex.success) return { ok: false, problems: schemaProblems(ENTRY.optimizerIndex, optimizerIndex.error.issues, 'E_MODEL_WEIGHTS') };
  const moments = decodeTensors(ENTRY.optimizerIndex, optimizerIndex.data.tensors, data.get(ENTRY.optimizer)!, graph, limits);
  if (!moments.ok) return moments;
  const problems = momentProblems(moments.tensors, weights.tensors, graph);
  if (problems.length) return { ok: false, problems };
  const optimizer: OptimizerState = { kind: optimizerIndex.data.kind, iterations: optimizerIndex.data.iterations, tensors: moments.tensors };
  return { ok: true, trained: { ...trained, optimizer } };
}

function entryData(bytes: Uint8Array, entry: ZipEntry, limits: ModelFileLimits): { ok: true; data: Uint8Array } | { ok: false; problems: Problem[] } {
  const read = readZipEntry(bytes, entry, entryCap(entry.name, limits));
  if (read.ok) return read;
  if (read.fault === 'too-large') return fail(tooLargeEntry(entry.name, entry.size, entryCap(entry.name, limits)));
  return fail({ code: 'E_MODEL_CORRUPT', path: entry.name, message: `The entry ${entry.name} is damaged: ${read.detail}.`, fix: FIX_DAMAGED });
}

function parseJsonEntry(name: string, data: Uint8Array): { ok: true; value: unknown } | { ok: false; problems: Problem[] } {
  let text: string;
  try {
    text = utf8Decoder.decode(data);
  } catch {
    return fail({ code: 'E_PARSE_JSON', path: name, message: `${name} is not UTF-8 text.`, fix: FIX_RESAVE });
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return fail({ code: 'E_PARSE_JSON', path: name, message: `${name} is not valid JSON (${(e as Error).message}).`, fix: FIX_RESAVE });
  }
}

function schemaProblems(entry: string, issues: { path: PropertyKey[]; message: string }[], code: Problem['code']): Problem[] {
  return issues.slice(0, 20).map((issue) => {
    const at = issue.path.map(String).join('.');
    return {
      code,
      path: at ? `${entry}:${at}` : entry,
      message: `${entry}${at ? ` at ${at}` : ''}: ${issue.message}.`,
      fix: FIX_RESAVE,
    };
  });
}

function entryCap(name: string, limits: ModelFileLimits): number {
  // Names this version does not know get the larger cap, so a newer file reaches the version check.
  const known = (ENTRY_ORDER as readonly string[]).includes(name);
  return !known || BINARY_ENTRIES.has(name) ? limits.binaryEntryBytes : limits.jsonEntryBytes;
}

function tooLargeEntry(name: string, bytes: number, cap: number): Problem {
  return {
    code: 'E_MODEL_TOO_LARGE',
    path: name,
    message: `The entry ${name} unpacks to ${megabytes(bytes)}; Tensorloom reads at most ${megabytes(cap)} for it.`,
    fix: 'Check that this is a Tensorloom model file; a model this large cannot be opened.',
  };
}

function tooLargeTotal(bytes: number, cap: number): Problem {
  return {
    code: 'E_MODEL_TOO_LARGE',
    message: `The file unpacks to ${megabytes(bytes)} in all; Tensorloom reads at most ${megabytes(cap)}.`,
    fix: 'Check that this is a Tensorloom model file; a model this large cannot be opened.',
  };
}

function zipFaultProblem(fault: ZipFault, limits: ModelFileLimits): Problem {
  switch (fault.kind) {
    case 'not-zip':
      return notAModel('The file is not a zip archive.');
    case 'truncated':
      return { code: 'E_MODEL_CORRUPT', message: `The file is cut short or damaged: ${fault.detail}.`, fix: FIX_DAMAGED };
    case 'corrupt':
      return { code: 'E_MODEL_CORRUPT', ...(fault.entry ? { path: fault.entry } : {}), message: `The file is damaged${fault.entry ? ` at ${fault.entry}` : ''}: ${fault.detail}.`, fix: FIX_DAMAGED };
    case 'unsupported':
      return {
        code: 'E_MODEL_CORRUPT',
        ...(fault.entry ? { path: fault.entry } : {}),
        message: `The file${fault.entry ? `’s entry ${fault.entry}` : ''} cannot be read: ${fault.detail}, which Tensorloom model files never do.`,
        fix: FIX_RESAVE,
      };
    case 'too-many-entries':
      return { code: 'E_MODEL_ENTRY', message: `The file has ${fault.count} entries; a model file has at most ${limits.entries}.`, fix: FIX_RESAVE };
    case 'bad-name':
      return { code: 'E_MODEL_ENTRY', path: fault.name, message: `The file holds an entry named “${fault.name}”, which is unsafe: ${fault.reason}.`, fix: FIX_RESAVE };
    case 'duplicate':
      return { code: 'E_MODEL_ENTRY', path: fault.name, message: `The file holds two entries named “${fault.name}”.`, fix: FIX_RESAVE };
  }
}

/**
 * A Uint8Array from any realm. Bytes that come from a worker, an iframe, jsdom or Node's `vm` are Uint8Arrays made
 * by another global's constructor, so `instanceof Uint8Array` is false for them; the internal type tag is not.
 */
function isByteArray(value: unknown): value is Uint8Array {
  return ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Uint8Array]';
}

function notAModel(message: string): Problem {
  return { code: 'E_MODEL_NOT_ZIP', message: `${message} It is neither a Tensorloom model file (.tlgraph) nor a graph file (.tlgraph.json).`, fix: 'Open a file saved by Tensorloom.' };
}

function jsonBytes(value: unknown): Uint8Array {
  return utf8Encoder.encode(JSON.stringify(value));
}

function megabytes(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${bytes} bytes`;
}
