import { analyzeGraph } from '../graph/analyze';
import type { MessageKey, MessageParams } from '../graph/messages';
import type { GraphDoc } from '../graph/schema';
import { parameterCounts } from '../train/parameterCounts';
import type { AttentionMap, SampleBody } from '../train/protocol';
import { matchesSelector } from './checks';
import { lessonError, type LessonError } from './errors';
import type { Lesson, LessonClaim, LessonLanguage, LessonTask, MetricRef, TrainSpec } from './schema';

/**
 * Observations, measured: what a run produced (its loss curve, its held-out numbers, its attention maps on the
 * lesson's probe) is reduced to the numbers the lesson's claims compare. The same functions read a run trained
 * by the engine in a Node test and one trained by the app's worker, so a claim means the same in both.
 */

/** The graph as an observation trains it: the task's training settings in place of the graph's, for that run only. */
export function docForRun(doc: GraphDoc, spec: TrainSpec): GraphDoc {
  return {
    ...doc,
    training: {
      ...doc.training,
      dataset: spec.dataset,
      steps: spec.steps,
      batchSize: spec.batchSize,
      learningRate: spec.learningRate,
      warmupSteps: spec.warmupSteps,
      seed: spec.seed,
    },
  };
}

/** What a training run yields, wherever it ran. */
export interface RunObservation {
  /** Training loss per step, in step order. */
  losses: readonly { step: number; loss: number }[];
  validation?: { loss: number; accuracy?: number };
  /** The attention maps on the probe after the last step (padding cut off, heads × rows × cols). */
  attention: readonly AttentionMap[];
  /** What the model wrote for the probe after the last step, decoded with the task's sampling settings. */
  sample?: SampleBody;
}

/** A run as the lesson keeps it: the numbers its claims need, serialisable, so progress survives a reload. */
export interface RecordedRun {
  run: string;
  steps: number;
  values: Record<string, number>;
}

export function metricKey(ref: MetricRef): string {
  if (!ref.block) return ref.metric;
  const where = Object.entries(ref.block.where ?? {})
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
  return `${ref.metric}@${ref.block.kind}${where ? `[${where}]` : ''}#${ref.copy}`;
}

/** Mean over heads and rows of the weight each row puts on the column `columnOf(row, cols)`. */
function massOn(map: AttentionMap, pick: (row: number, rows: number, cols: number) => number[]): number {
  const rows = map.rows.length;
  const cols = map.cols.length;
  let total = 0;
  for (let h = 0; h < map.heads; h++) {
    for (let r = 0; r < rows; r++) {
      for (const c of pick(r, rows, cols)) total += map.data[(h * rows + r) * cols + c];
    }
  }
  return total / (map.heads * rows);
}

export function antiDiagonalMass(map: AttentionMap): number {
  return massOn(map, (r, _rows, cols) => (cols - 1 - r >= 0 ? [cols - 1 - r] : []));
}

export function diagonalMass(map: AttentionMap): number {
  return massOn(map, (r, _rows, cols) => (r < cols ? [r] : []));
}

export function futureMass(map: AttentionMap): number {
  return massOn(map, (r, _rows, cols) => Array.from({ length: Math.max(0, cols - r - 1) }, (_, k) => r + 1 + k));
}

function measureProblem(key: MessageKey, params: MessageParams = {}): LessonError {
  return lessonError('E_LESSON_MEASURE', key, params);
}

export function metricValue(ref: MetricRef, observation: RunObservation, doc: GraphDoc): number {
  switch (ref.metric) {
    case 'finalLoss': {
      const losses = observation.losses;
      if (!losses.length) throw measureProblem('lesson.noSteps');
      const tail = losses.slice(-Math.max(1, Math.round(losses.length / 10)));
      return tail.reduce((sum, p) => sum + p.loss, 0) / tail.length;
    }
    case 'validationLoss':
    case 'validationAccuracy': {
      const value = ref.metric === 'validationLoss' ? observation.validation?.loss : observation.validation?.accuracy;
      if (value === undefined) throw measureProblem('lesson.noValidation');
      return value;
    }
    case 'parameters':
      return analyzeGraph(doc).totalParameters;
    case 'trainableParameters':
      return parameterCounts(analyzeGraph(doc), doc).trainable;
    case 'sampleDistinct': {
      const sample = observation.sample;
      if (sample?.kind !== 'lm') throw measureProblem('lesson.noProbeText');
      return new Set([...sample.text]).size;
    }
    case 'beamGain': {
      const sample = observation.sample;
      if (sample?.kind !== 'seq2seq' || sample.greedyLogProb === undefined || sample.beamLogProb === undefined) {
        throw measureProblem('lesson.noDecodedAnswer');
      }
      return sample.beamLogProb - sample.greedyLogProb;
    }
    case 'antiDiagonalMass':
    case 'diagonalMass':
    case 'futureMass': {
      const selector = ref.block;
      const blocks = new Set(doc.nodes.filter((n) => !selector || matchesSelector(n, selector)).map((n) => n.id));
      const map = observation.attention.find((m) => blocks.has(m.nodeId) && m.copy === ref.copy);
      if (!map) {
        const layer = ref.copy ? { layer: ref.copy + 1 } : undefined;
        if (selector) throw measureProblem(layer ? 'lesson.noAttentionKindLayer' : 'lesson.noAttentionKind', { kind: selector.kind, ...layer });
        throw measureProblem(layer ? 'lesson.noAttentionAnyLayer' : 'lesson.noAttentionAny', { ...layer });
      }
      if (ref.metric === 'antiDiagonalMass') return antiDiagonalMass(map);
      if (ref.metric === 'diagonalMass') return diagonalMass(map);
      return futureMass(map);
    }
  }
}

/** Every metric the lesson's claims read from the run named `run`. */
export function metricsOfRun(lesson: Lesson, run: string): MetricRef[] {
  const refs = new Map<string, MetricRef>();
  for (const task of lesson.tasks) {
    for (const claim of task.observe?.claims ?? []) {
      for (const side of [claim.left, claim.right]) {
        if (typeof side !== 'number' && side.run === run) refs.set(metricKey(side), side);
      }
    }
  }
  return [...refs.values()];
}

/** Reduces a run to the numbers the lesson's claims need (those it can measure: a missing map throws E_LESSON_MEASURE). */
export function recordRun(lesson: Lesson, spec: TrainSpec, observation: RunObservation, doc: GraphDoc): RecordedRun {
  const values: Record<string, number> = {};
  for (const ref of metricsOfRun(lesson, spec.run)) values[metricKey(ref)] = metricValue(ref, observation, doc);
  return { run: spec.run, steps: observation.losses.length, values };
}

export interface ClaimResult {
  claim: LessonClaim;
  /** Undefined until every run the claim reads has been recorded. */
  holds?: boolean;
  left?: number;
  right?: number;
}

function valueOf(side: MetricRef | number, runs: Readonly<Record<string, RecordedRun>>): number | undefined {
  if (typeof side === 'number') return side;
  return runs[side.run]?.values[metricKey(side)];
}

export function evaluateClaim(claim: LessonClaim, runs: Readonly<Record<string, RecordedRun>>): ClaimResult {
  const left = valueOf(claim.left, runs);
  const right = valueOf(claim.right, runs);
  if (left === undefined || right === undefined || !Number.isFinite(left) || !Number.isFinite(right)) return { claim, left, right };
  const scaled = right * claim.scale;
  return { claim, left, right, holds: claim.relation === '<' ? left < scaled : left > scaled };
}

/** The observed result, with {left0}, {right0}, {left1}… replaced by the claims' measured values (3 significant digits). */
export function resultText(task: LessonTask, runs: Readonly<Record<string, RecordedRun>>, lang: LessonLanguage): string {
  const observe = task.observe;
  if (!observe) return '';
  const claims = observe.claims.map((c) => evaluateClaim(c, runs));
  return observe.result[lang].replace(/\{(left|right)(\d+)\}/g, (whole, side: 'left' | 'right', index: string) => {
    const value = claims[Number(index)]?.[side];
    return value === undefined ? whole : formatMeasured(value);
  });
}

/** Three significant digits; tiny thresholds in e-notation (1e-6, not 0.00000100). */
export function formatMeasured(value: number): string {
  if (Number.isInteger(value)) return String(value);
  if (Math.abs(value) < 1e-3) return value.toExponential(0);
  return value.toPrecision(3);
}
