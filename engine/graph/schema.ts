import { z } from 'zod';

/**
 * The graph document, as a runtime schema. The TypeScript types are derived from it, so the file format,
 * the validator and the code cannot drift apart. Limits here are about hostile or corrupt files (sizes,
 * key names), not about what makes a good model; block params are checked against their specs later.
 */
export const FORMAT_VERSION = 1;

export const MAX_NODES = 5000;
export const MAX_EDGES = 20000;
export const MAX_GROUPS = 1000;
export const MAX_BLOCK_KINDS = 1000;

const id = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'ids use letters, digits and _ . : - only');

/** Param names are identifiers, never `__proto__`/`constructor` tricks. */
const paramName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, 'parameter names are identifiers');

export const paramValueSchema = z.union([z.number().finite(), z.string().max(256), z.boolean()]);

export const nodeSchema = z.object({
  id,
  kind: z.string().min(1).max(64),
  label: z.string().max(200).optional(),
  params: z.record(paramName, paramValueSchema).default({}),
  position: z.object({ x: z.number().finite(), y: z.number().finite() }).default({ x: 0, y: 0 }),
  group: id.optional(),
  /** Frozen blocks keep their weights while training: no gradient, no optimizer state (fine-tuning). */
  frozen: z.boolean().optional(),
});

export const edgeSchema = z.object({
  id,
  source: id,
  sourcePort: z.string().min(1).max(64),
  target: id,
  targetPort: z.string().min(1).max(64),
});

export const groupSchema = z.object({
  id,
  label: z.string().max(200).default('Group'),
  /** N× — the group is expanded into N copies with separate weights, chained output → input. */
  repeat: z.number().int().min(1).max(64).default(1),
  collapsed: z.boolean().default(false),
  /** Which external source the copies chain through; inferred when unambiguous. */
  carry: z.object({ node: id, port: z.string().min(1).max(64) }).optional(),
});

export const trainingSchema = z.object({
  dataset: z.string().min(1).max(128).default('reverse'),
  steps: z.number().int().min(1).max(10_000_000).default(500),
  batchSize: z.number().int().min(1).max(4096).default(32),
  learningRate: z.number().positive().max(100).default(1e-3),
  optimizer: z.enum(['adam', 'sgd']).default('adam'),
  schedule: z.enum(['constant', 'warmup-cosine']).default('warmup-cosine'),
  warmupSteps: z.number().int().min(0).max(1_000_000).default(50),
  clipNorm: z.number().min(0).max(1e6).default(1),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
  validationSplit: z.number().min(0).max(0.5).default(0.1),
  labelSmoothing: z.number().min(0).max(0.5).default(0),
  /**
   * Minutes of training between the checkpoints kept against a crash or a reload; 0 keeps one only when a run
   * ends. Optional, so documents written before it stay as they were; absent means DEFAULT_CHECKPOINT_MS
   * (engine/train/protocol.ts).
   */
  checkpointMinutes: z.number().min(0).max(24 * 60).optional(),
});

export const graphDocSchema = z.object({
  formatVersion: z.literal(FORMAT_VERSION),
  name: z.string().max(200).default('Untitled'),
  description: z.string().max(4000).default(''),
  nodes: z.array(nodeSchema).max(MAX_NODES),
  edges: z.array(edgeSchema).max(MAX_EDGES),
  groups: z.array(groupSchema).max(MAX_GROUPS).default([]),
  training: trainingSchema.default(trainingSchema.parse({})),
  /**
   * The params version (BlockSpec.paramsVersion) each block kind was written with. Absent, or a kind missing
   * from it, means version 0, so files written before block params were versioned stay valid. Files carry it;
   * parsed documents do not, since their params are brought to the current versions while parsing.
   */
  blockVersions: z
    .record(z.string().min(1).max(64), z.number().int().min(0).max(1_000_000))
    .refine((versions) => Object.keys(versions).length <= MAX_BLOCK_KINDS, `at most ${MAX_BLOCK_KINDS} block kinds`)
    .optional(),
});

export type GraphDoc = z.infer<typeof graphDocSchema>;
export type GraphNode = z.infer<typeof nodeSchema>;
export type GraphEdge = z.infer<typeof edgeSchema>;
export type GraphGroup = z.infer<typeof groupSchema>;
export type TrainingConfig = z.infer<typeof trainingSchema>;

/** A connection being drawn, as React Flow reports it (ports named by handle ids). */
export interface Connection {
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

export function defaultTraining(overrides: Partial<TrainingConfig> = {}): TrainingConfig {
  return trainingSchema.parse(overrides);
}
