import { z } from 'zod';
import { paramValueSchema } from '../graph/schema';

/**
 * Guided lessons are data: one file per lesson under content/, validated by these schemas. A lesson is a
 * sequence of tasks on the learner's own canvas; each task states a goal, is checked by declarative
 * predicates over the graph (checks.ts), can be done for the learner by declarative edits ("Show me",
 * showMe.ts), and an observe task trains the graph as it stands and tests measured claims (measure.ts).
 * Every sentence a learner reads is given in English and Korean side by side.
 */

export const LESSON_LANGUAGES = ['en', 'ko'] as const;
export type LessonLanguage = (typeof LESSON_LANGUAGES)[number];

export const textSchema = z.object({ en: z.string().min(1).max(2000), ko: z.string().min(1).max(2000) }).strict();
export type LessonText = z.infer<typeof textSchema>;

const lessonId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lesson and task ids use lower-case letters, digits and -');
const nodeRef = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'block ids use letters, digits and _ . : - only');

/** Which blocks a check talks about: a kind, optionally narrowed by parameter values. */
export const selectorSchema = z
  .object({
    kind: z.string().min(1).max(64),
    where: z.record(z.string(), paramValueSchema).optional(),
  })
  .strict();
export type BlockSelector = z.infer<typeof selectorSchema>;

/** The vocabulary of graph predicates; each carries the sentence the learner reads (`says`) when it is not met. */
export const checkSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hasBlock'), block: selectorSchema, min: z.number().int().min(1).default(1), says: textSchema }).strict(),
  z.object({ kind: z.literal('lacksBlock'), block: selectorSchema, says: textSchema }).strict(),
  z
    .object({
      kind: z.literal('feeds'),
      from: selectorSchema,
      to: selectorSchema,
      /** The input port of `to` the path ends in; any port when absent. */
      port: z.string().min(1).max(64).optional(),
      /** Edges along the path: 1 is a direct connection. */
      maxHops: z.number().int().min(1).max(64).default(1),
      says: textSchema,
    })
    .strict(),
  z.object({ kind: z.literal('groupRepeat'), contains: selectorSchema, min: z.number().int().min(1).max(64), says: textSchema }).strict(),
  z.object({ kind: z.literal('frozen'), block: selectorSchema, frozen: z.boolean(), says: textSchema }).strict(),
  z.object({ kind: z.literal('training'), field: z.enum(['dataset', 'optimizer', 'schedule']), value: z.string(), says: textSchema }).strict(),
  /** The graph analyses without errors: every input wired, every shape agrees, a loss head is present. */
  z.object({ kind: z.literal('valid'), says: textSchema }).strict(),
]);
export type LessonCheck = z.infer<typeof checkSchema>;

const gridCell = z.tuple([z.number().min(-100).max(100), z.number().min(-100).max(100)]);

/** "Show me": edits that do a task's step. Applied together, as one change of the document (one undo step). */
export const editSchema = z.discriminatedUnion('op', [
  z
    .object({
      op: z.literal('add'),
      id: nodeRef,
      kind: z.string().min(1).max(64),
      at: gridCell,
      params: z.record(z.string(), paramValueSchema).default({}),
      label: textSchema.optional(),
    })
    .strict(),
  z.object({ op: z.literal('connect'), from: nodeRef, fromPort: z.string().default('out'), to: nodeRef, toPort: z.string() }).strict(),
  z.object({ op: z.literal('setParam'), node: nodeRef, param: z.string(), value: paramValueSchema }).strict(),
  /** Swaps a block for another kind in place, keeping its connections whose ports the new kind also has. */
  z.object({ op: z.literal('replaceKind'), node: nodeRef, kind: z.string().min(1).max(64), params: z.record(z.string(), paramValueSchema).default({}), label: textSchema.optional() }).strict(),
  z.object({ op: z.literal('remove'), node: nodeRef }).strict(),
  z.object({ op: z.literal('group'), id: nodeRef, nodes: z.array(nodeRef).min(1), label: textSchema, repeat: z.number().int().min(1).max(64) }).strict(),
  z.object({ op: z.literal('setFrozen'), nodes: z.array(nodeRef).min(1), frozen: z.boolean() }).strict(),
  z
    .object({
      op: z.literal('setTraining'),
      patch: z
        .object({
          dataset: z.string().optional(),
          steps: z.number().int().positive().optional(),
          batchSize: z.number().int().positive().optional(),
          learningRate: z.number().positive().optional(),
          warmupSteps: z.number().int().min(0).optional(),
          schedule: z.enum(['constant', 'warmup-cosine']).optional(),
        })
        .strict(),
    })
    .strict(),
]);
export type LessonEdit = z.infer<typeof editSchema>;

/** A named quantity of a recorded run. */
export const metricSchema = z.enum([
  /** Mean training loss over the run's last tenth of steps (at least one step): a curve's level, not one noisy batch. */
  'finalLoss',
  /** Loss on the held-out batches at the end of the run. */
  'validationLoss',
  'validationAccuracy',
  /** Attention weight on the mirrored position (row i, column n−1−i), averaged over rows and heads: 1 is a perfect anti-diagonal. */
  'antiDiagonalMass',
  /** Attention weight on the same position (row i, column i): 1 is a perfect diagonal. */
  'diagonalMass',
  /** Attention weight above the diagonal (a query looking at later keys): 0 under a causal mask. */
  'futureMass',
  /** Parameters of the graph the run trained. */
  'parameters',
  /** Of those, the ones training updates (frozen blocks' excluded). */
  'trainableParameters',
  /** Distinct characters in the text the model wrote for the probe (a language model's sample after the last step). */
  'sampleDistinct',
  /** Beam search's log-probability minus greedy decoding's, on the probe: ≥ 0 when the beam found an answer at least as likely. */
  'beamGain',
]);
export type LessonMetric = z.infer<typeof metricSchema>;

export const metricRefSchema = z
  .object({
    run: lessonId,
    metric: metricSchema,
    /** For attention metrics: which block's map, and which layer of a repeated group (0 = first). */
    block: selectorSchema.optional(),
    copy: z.number().int().min(0).default(0),
  })
  .strict();
export type MetricRef = z.infer<typeof metricRefSchema>;

export const claimSchema = z
  .object({
    left: metricRefSchema,
    relation: z.enum(['<', '>']),
    /** Another run's value, or a fixed number (a chance level, a threshold). */
    right: z.union([metricRefSchema, z.number()]),
    /** The right side is multiplied by this before comparing: "left < 0.8 × right" is a clear margin, not a coin toss. */
    scale: z.number().positive().default(1),
    says: textSchema,
  })
  .strict();
export type LessonClaim = z.infer<typeof claimSchema>;

/** Train the graph as it stands and record the run under `run`; the training settings below override the graph's for this run only. */
export const trainSpecSchema = z
  .object({
    run: lessonId,
    dataset: z.string().min(1).max(128),
    steps: z.number().int().min(1).max(5000),
    batchSize: z.number().int().min(1).max(256),
    learningRate: z.number().positive(),
    warmupSteps: z.number().int().min(0).default(0),
    seed: z.number().int().min(0),
    /** Text run through the trained model for the attention maps and the sample. */
    probe: z.string().max(200).optional(),
    /** How the sample after the last step is decoded (a language model's temperature and top-k, a translator's beam width). */
    sampling: z
      .object({ temperature: z.number().min(0).max(10), topK: z.number().int().min(0), beamWidth: z.number().int().min(1).max(64), maxTokens: z.number().int().min(1).max(500) })
      .strict()
      .default({ temperature: 0.8, topK: 10, beamWidth: 4, maxTokens: 60 }),
  })
  .strict();
export type TrainSpec = z.infer<typeof trainSpecSchema>;

export const taskSchema = z
  .object({
    id: lessonId,
    title: textSchema,
    goal: textSchema,
    hint: textSchema,
    /** All must hold for the task to be done. Observe tasks may have none (the claims decide). */
    checks: z.array(checkSchema).default([]),
    showMe: z.array(editSchema).default([]),
    observe: z
      .object({
        train: trainSpecSchema,
        claims: z.array(claimSchema).default([]),
        /** What the learner should see, read after the run; {name} fills from the claims' measured values. */
        result: textSchema,
      })
      .strict()
      .optional(),
  })
  .strict();
export type LessonTask = z.infer<typeof taskSchema>;

export const lessonSchema = z
  .object({
    id: lessonId,
    /** Position in the course (1-based). */
    order: z.number().int().min(1),
    title: textSchema,
    summary: textSchema,
    /** The graph the lesson starts from: a blank canvas or a bundled template. */
    start: z.union([z.object({ kind: z.literal('empty') }).strict(), z.object({ kind: z.literal('template'), template: z.string() }).strict()]),
    tasks: z.array(taskSchema).min(1),
  })
  .strict();
export type Lesson = z.infer<typeof lessonSchema>;
/** A lesson as written in a content file (defaults not yet filled in). */
export type LessonInput = z.input<typeof lessonSchema>;
