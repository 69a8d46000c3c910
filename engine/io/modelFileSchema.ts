import { z } from 'zod';
import { trainingSchema } from '../graph/schema';
import type { ChartPoint } from '../train/protocol';
import type { DatasetIdentity, RunRecord, SavedTokenizers, TokenizerSnapshot } from './modelContents';

/**
 * Runtime schemas of the JSON entries of a `.tlgraph` file. Where `modelContents.ts` already declares a
 * type, the schema's output is checked at compile time to be exactly that type, so the file format and
 * the in-memory shape cannot drift apart. Counts (tensors, tokens, runs) are checked by the reader against
 * `MODEL_FILE_LIMITS`, which callers may lower.
 */

export const MODEL_FILE_FORMAT = 'tensorloom-model';
/** Version of the zip layout and its JSON entries; the graph inside carries its own `formatVersion`. */
export const MODEL_FILE_VERSION = 1;

export const ENTRY = {
  manifest: 'manifest.json',
  graph: 'graph.json',
  weightsIndex: 'weights.json',
  weights: 'weights.bin',
  optimizerIndex: 'optimizer.json',
  optimizer: 'optimizer.bin',
  tokenizer: 'tokenizer.json',
  dataset: 'dataset.json',
  runs: 'runs.json',
} as const;

export type EntryName = (typeof ENTRY)[keyof typeof ENTRY];

/** Every entry a version-1 file may hold, in the order the writer stores them (manifest first). */
export const ENTRY_ORDER: readonly EntryName[] = [
  ENTRY.manifest,
  ENTRY.graph,
  ENTRY.weightsIndex,
  ENTRY.weights,
  ENTRY.optimizerIndex,
  ENTRY.optimizer,
  ENTRY.tokenizer,
  ENTRY.dataset,
  ENTRY.runs,
];

export const BINARY_ENTRIES: ReadonlySet<string> = new Set([ENTRY.weights, ENTRY.optimizer]);

/** Only the fields every version keeps, so a newer file is told apart from a broken one. */
export const manifestHeaderSchema = z.object({ format: z.unknown(), version: z.unknown() });

export const manifestSchema = z.object({
  format: z.literal(MODEL_FILE_FORMAT),
  version: z.literal(MODEL_FILE_VERSION),
  /** Every entry but the manifest, in zip order, with its uncompressed size. */
  entries: z.array(z.object({ name: z.string().max(256), bytes: z.number().int().min(0) })).max(64),
  /** What the file holds, for a reader that lists files without opening them. */
  contains: z.object({
    weights: z.boolean(),
    optimizer: z.boolean(),
    tokenizer: z.boolean(),
    dataset: z.boolean(),
    runs: z.number().int().min(0),
  }),
});

export type Manifest = z.infer<typeof manifestSchema>;

/**
 * One tensor of `weights.bin` / `optimizer.bin`: `byteLength` bytes of little-endian float32 from
 * `offset`. `dtype` and `shape` are checked by the reader, not here, so it can say which tensor is wrong.
 */
export const tensorIndexEntrySchema = z.object({
  name: z.string(),
  dtype: z.string(),
  shape: z.array(z.number()),
  offset: z.number().int().min(0),
  byteLength: z.number().int().min(0),
});

export type TensorIndexEntry = z.infer<typeof tensorIndexEntrySchema>;

export const weightsIndexSchema = z.object({
  /** Total steps trained into these weights. */
  step: z.number().int().min(0),
  tensors: z.array(tensorIndexEntrySchema),
});

export const optimizerIndexSchema = z.object({
  kind: z.enum(['adam', 'sgd']),
  iterations: z.number().int().min(0),
  tensors: z.array(tensorIndexEntrySchema),
});

const tokenizerSnapshotSchema = z.object({
  kind: z.enum(['char', 'word']),
  tokens: z.array(z.string()),
  lowercase: z.boolean().optional(),
});

export const savedTokenizersSchema = z.object({
  input: tokenizerSnapshotSchema,
  target: tokenizerSnapshotSchema.optional(),
  classes: z.array(z.string()).optional(),
});

const datasetId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'dataset ids use letters, digits and _ . : - only');

export const datasetIdentitySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bundled'), id: datasetId }),
  z.object({
    kind: z.literal('user'),
    name: z.string().min(1).max(256),
    bytes: z.number().int().min(0),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 is 64 lowercase hex digits'),
  }),
]);

/**
 * A number a run measured. JSON has no NaN or infinity (`JSON.stringify` writes them as null), and a run
 * that diverged has a NaN loss, so null reads back as NaN.
 */
const measured = z
  .number()
  .nullable()
  .transform((v) => (v === null ? Number.NaN : v));

const chartPointSchema = z.object({
  step: z.number().int().min(0),
  loss: measured,
  accuracy: measured.optional(),
  perplexity: measured,
  learningRate: measured,
  validationLoss: measured.optional(),
  validationAccuracy: measured.optional(),
  validationPerplexity: measured.optional(),
});

const nodeId = z.string().min(1).max(128);

export const runRecordSchema = z.object({
  id: z.string().min(1).max(128),
  label: z.string().max(400),
  startedAt: z.iso.datetime({ offset: true }),
  status: z.enum(['done', 'stopped', 'failed']),
  backend: z.string().max(64),
  training: trainingSchema,
  dataset: datasetIdentitySchema,
  startStep: z.number().int().min(0),
  steps: z.number().int().min(0),
  wallMs: z.number().min(0),
  points: z.array(chartPointSchema),
  final: z.object({
    loss: measured,
    accuracy: measured.optional(),
    validationLoss: measured.optional(),
    validationAccuracy: measured.optional(),
    tokensPerSec: measured,
  }),
  frozen: z.array(nodeId),
  initFrom: z.string().max(256).optional(),
});

export const runsSchema = z.array(runRecordSchema);

type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compile-time proof that each schema reads exactly the type `modelContents.ts` declares. */
export const SCHEMAS_MATCH_CONTENTS: [
  Same<z.output<typeof runRecordSchema>, RunRecord>,
  Same<z.output<typeof chartPointSchema>, ChartPoint>,
  Same<z.output<typeof datasetIdentitySchema>, DatasetIdentity>,
  Same<z.output<typeof savedTokenizersSchema>, SavedTokenizers>,
  Same<z.output<typeof tokenizerSnapshotSchema>, TokenizerSnapshot>,
] = [true, true, true, true, true];
