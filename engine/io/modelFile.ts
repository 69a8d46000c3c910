import { zipSync, type ZipOptions } from 'fflate';
import { coded, EngineError, type MessageKey, type MessageParams, type Problem } from '../graph/errors';
import { jsonSyntaxDetail, schemaIssueDetail, type SchemaIssueLike } from '../graph/libraryDetails';
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
import { fail, shownValue } from './problems';
import { decodeTensors, momentProblems, packTensors, tensorDataProblems } from './tensorStore';
import { tokenizerFitProblems, tokenizerProblems } from './tokenizerChecks';
import { decodeTextFile } from './textFile';
import { looksLikeZip, readZipDirectory, readZipEntry, type ZipDetail, type ZipEntry, type ZipFault } from './zipReader';

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
    return fail(coded('E_INTERNAL', 'model.internal', { detail: (e as Error)?.message ?? String(e) }));
  }
}

/**
 * Reads either a `.tlgraph` model file (a zip) or an older `.tlgraph.json` graph (UTF-8 JSON), which opens
 * as a graph-only model with no runs. Never throws.
 */
export function readGraphOrModelFile(bytes: Uint8Array, options: ReadModelOptions = {}): ReadModelResult {
  if (!isByteArray(bytes)) return fail(notAModel('model.notBytes'));
  if (looksLikeZip(bytes)) return readModelFile(bytes, options);
  if (!startsLikeJsonObject(bytes)) return fail(notAModel('model.notZipOrJson'));
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
  if (!isByteArray(bytes) || bytes.length === 0) return fail(notAModel('model.empty'));
  if (bytes.length > limits.fileBytes) {
    return fail(coded('E_MODEL_TOO_LARGE', 'model.fileTooLarge', { sizeInBytes: bytes.length, maxInBytes: limits.fileBytes }));
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
    return fail(modelProblem('E_MODEL_MANIFEST', 'model.noManifest', {}, ENTRY.manifest));
  }
  if (manifestEntry.index !== 0 || manifestEntry.headerOffset !== 0) {
    return fail(modelProblem('E_MODEL_MANIFEST', 'model.manifestNotFirst', {}, ENTRY.manifest));
  }
  const manifestData = entryData(bytes, manifestEntry, limits);
  if (!manifestData.ok) return manifestData;
  const manifest = readManifest(manifestData.data);
  if (!manifest.ok) return manifest;

  const known = new Set<string>(ENTRY_ORDER);
  for (const entry of entries) {
    if (!known.has(entry.name)) {
      return fail(modelProblem('E_MODEL_ENTRY', 'model.unknownEntry', { entry: entry.name, version: MODEL_FILE_VERSION }, entry.name));
    }
  }
  const listed = manifest.manifest.entries;
  const actual = entries.filter((e) => e.name !== ENTRY.manifest);
  const listedText = listed.map((e) => `${e.name} (${e.bytes} bytes)`).join(', ');
  const actualText = actual.map((e) => `${e.name} (${e.size} bytes)`).join(', ');
  if (listedText !== actualText) {
    return fail(modelProblem('E_MODEL_MANIFEST', 'model.entriesDiffer', { listed: listedText || 'no entries', actual: actualText || 'none' }, `${ENTRY.manifest}:entries`));
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
    return fail(modelProblem('E_MODEL_MANIFEST', 'model.manifestNotObject', {}, ENTRY.manifest));
  }
  const { format, version } = header.data;
  if (format !== MODEL_FILE_FORMAT) {
    return fail({ ...coded('E_MODEL_MANIFEST', 'model.manifestFormat', { format: shownValue(format, 80), expected: MODEL_FILE_FORMAT }), path: `${ENTRY.manifest}:format` });
  }
  if (typeof version === 'number' && Number.isInteger(version) && version > MODEL_FILE_VERSION) {
    return fail({ ...coded('E_VERSION', 'model.versionNewer', { version: String(version), max: MODEL_FILE_VERSION }), path: `${ENTRY.manifest}:version` });
  }
  if (version !== MODEL_FILE_VERSION) {
    return fail(modelProblem('E_VERSION', 'model.versionUnknown', { version: String(JSON.stringify(version)?.slice(0, 40)) }, `${ENTRY.manifest}:version`));
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
    if (!data.has(required)) return fail(modelProblem('E_MODEL_ENTRY', 'model.missingEntry', { entry: required }, required));
  }
  for (const [index, bin] of [
    [ENTRY.weightsIndex, ENTRY.weights],
    [ENTRY.optimizerIndex, ENTRY.optimizer],
  ] as const) {
    if (data.has(index) !== data.has(bin)) {
      const [has, lacks] = data.has(index) ? [index, bin] : [bin, index];
      return fail(modelProblem('E_MODEL_ENTRY', 'model.pairMissing', { has, lacks }, lacks));
    }
  }
  if (data.has(ENTRY.optimizer) && !data.has(ENTRY.weights)) {
    return fail(modelProblem('E_MODEL_ENTRY', 'model.optimizerNoWeights', {}, ENTRY.optimizer));
  }
  const flags: [keyof Manifest['contains'], string][] = [
    ['weights', ENTRY.weights],
    ['optimizer', ENTRY.optimizer],
    ['tokenizer', ENTRY.tokenizer],
    ['dataset', ENTRY.dataset],
  ];
  for (const [flag, entry] of flags) {
    if (contains[flag] !== data.has(entry)) {
      // A flag and its entry disagree one of two ways: the flag is set and the entry missing, or the other way round.
      return fail(modelProblem('E_MODEL_MANIFEST', contains[flag] ? 'model.containsMissing' : 'model.containsExtra', { flag, entry }, `${ENTRY.manifest}:contains.${flag}`));
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
    return fail(modelProblem('E_MODEL_TOO_LARGE', 'model.tooManyRuns', { count: runsJson.value.length, max: limits.runs }, ENTRY.runs));
  }
  const runs = runsSchema.safeParse(runsJson.value);
  if (!runs.success) return { ok: false, problems: schemaProblems(ENTRY.runs, runs.error.issues, 'E_SCHEMA') };
  if (runs.data.length !== contains.runs) {
    return fail(modelProblem('E_MODEL_MANIFEST', 'model.runsCount', { listed: contains.runs, actual: runs.data.length }, `${ENTRY.manifest}:contains.runs`));
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
  return fail({ ...coded('E_MODEL_CORRUPT', 'model.entryDamaged', { entry: entry.name, ...zipDetailParams(read) }, 'model.fixDamaged'), path: entry.name });
}

function parseJsonEntry(name: string, data: Uint8Array): { ok: true; value: unknown } | { ok: false; problems: Problem[] } {
  let text: string;
  try {
    text = utf8Decoder.decode(data);
  } catch {
    return fail(modelProblem('E_PARSE_JSON', 'model.entryNotUtf8', { entry: name }, name));
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return fail(modelProblem('E_PARSE_JSON', 'model.entryNotJson', { entry: name, ...jsonSyntaxDetail(e, text) }, name));
  }
}

function schemaProblems(entry: string, issues: readonly (SchemaIssueLike & { path: PropertyKey[] })[], code: Problem['code']): Problem[] {
  return issues.slice(0, 20).map((issue) => {
    const at = issue.path.map(String).join('.');
    return at
      ? modelProblem(code, 'model.schemaAt', { entry, at, ...schemaIssueDetail(issue) }, `${entry}:${at}`)
      : modelProblem(code, 'model.schemaEntry', { entry, ...schemaIssueDetail(issue) }, entry);
  });
}

function entryCap(name: string, limits: ModelFileLimits): number {
  // Names this version does not know get the larger cap, so a newer file reaches the version check.
  const known = (ENTRY_ORDER as readonly string[]).includes(name);
  return !known || BINARY_ENTRIES.has(name) ? limits.binaryEntryBytes : limits.jsonEntryBytes;
}

function tooLargeEntry(name: string, bytes: number, cap: number): Problem {
  return { ...coded('E_MODEL_TOO_LARGE', 'model.entryTooLarge', { entry: name, sizeInBytes: bytes, maxInBytes: cap }), path: name };
}

function tooLargeTotal(bytes: number, cap: number): Problem {
  return coded('E_MODEL_TOO_LARGE', 'model.totalTooLarge', { sizeInBytes: bytes, maxInBytes: cap });
}

function zipFaultProblem(fault: ZipFault, limits: ModelFileLimits): Problem {
  switch (fault.kind) {
    case 'not-zip':
      return notAModel('model.notZip');
    case 'truncated':
      return coded('E_MODEL_CORRUPT', 'model.truncated', zipDetailParams(fault), 'model.fixDamaged');
    case 'corrupt':
      return fault.entry
        ? { ...coded('E_MODEL_CORRUPT', 'model.corruptAt', { entry: fault.entry, ...zipDetailParams(fault) }, 'model.fixDamaged'), path: fault.entry }
        : coded('E_MODEL_CORRUPT', 'model.corrupt', zipDetailParams(fault), 'model.fixDamaged');
    case 'unsupported':
      return fault.entry
        ? modelProblem('E_MODEL_CORRUPT', 'model.unsupportedAt', { entry: fault.entry, ...zipDetailParams(fault) }, fault.entry)
        : modelProblem('E_MODEL_CORRUPT', 'model.unsupported', zipDetailParams(fault));
    case 'too-many-entries':
      return modelProblem('E_MODEL_ENTRY', 'model.tooManyEntries', { count: fault.count, max: limits.entries });
    case 'bad-name':
      return modelProblem('E_MODEL_ENTRY', 'model.unsafeEntryName', { entry: fault.name, reason: fault.reason, ruleKey: fault.reasonKey }, fault.name);
    case 'duplicate':
      return modelProblem('E_MODEL_ENTRY', 'model.duplicateEntry', { entry: fault.name }, fault.name);
  }
}

/**
 * A Uint8Array from any realm. Bytes that come from a worker, an iframe, jsdom or Node's `vm` are Uint8Arrays made
 * by another global's constructor, so `instanceof Uint8Array` is false for them; the internal type tag is not.
 */
function isByteArray(value: unknown): value is Uint8Array {
  return ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Uint8Array]';
}

function notAModel(key: 'model.notBytes' | 'model.notZipOrJson' | 'model.empty' | 'model.notZip'): Problem {
  return coded('E_MODEL_NOT_ZIP', key);
}

/** A problem with the file whose fix is to open a file Tensorloom saved; `path` names the entry or field. */
function modelProblem(code: Problem['code'], key: MessageKey, params: MessageParams, path?: string): Problem {
  const problem = coded(code, key, params, 'model.fixResave');
  return path === undefined ? problem : { ...problem, path };
}

function jsonBytes(value: unknown): Uint8Array {
  return utf8Encoder.encode(JSON.stringify(value));
}

/** A zip fault's params: its English phrase as `detail`, with the phrase's key and params for the UI. */
function zipDetailParams(d: ZipDetail): MessageParams {
  return { ...d.detailParams, detail: d.detail, detailKey: d.detailKey };
}
