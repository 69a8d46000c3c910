import { beforeAll, describe, expect, it } from 'vitest';
import { nodeDataSources } from '../../../app/dataSources';
import { initBackend } from '../../../engine/backend/init';
import { compileGraph, type CompiledModel } from '../../../engine/compile/compile';
import { createDataset, type Dataset, type Rng } from '../../../engine/data';
import type { GraphDoc } from '../../../engine/graph/schema';
import type { NamedTensor } from '../../../engine/io/modelContents';
import { templateById } from '../../../engine/templates';
import { REVIEWS_ENCODER_NODE_IDS } from '../../../engine/templates/reviewsEncoder';
import { graphFeedLengths } from '../../../engine/train/datasetFit';
import { evaluateBatches } from '../../../engine/train/evaluate';
import { disposeBatch, toDeviceBatch } from '../../../engine/train/feeds';
import { readWeights } from '../../../engine/train/modelState';
import { runTraining } from '../../../engine/train/runTraining';
import type { TrainingResult } from '../../../engine/train/types';
import { planWeightTransfer, type WeightTransferPlan } from '../../../engine/train/weightTransfer';

/**
 * The course's path, end to end on the bundled data: pre-train `bert-reviews` with masked words, then train
 * `sentiment-finetune` three ways with the same seed and steps — from scratch, fine-tuned whole from the
 * pre-trained encoder, and with that encoder frozen under a fresh classifier — once per seed, each seed with a
 * pre-training of its own. The seeds are fixed, so every number here is the same on every run.
 */

const SEEDS = [1, 2] as const;
const PRETRAIN_STEPS = 200;
const CLASSIFIER_STEPS = 60;
const BATCH = 32;
/** The whole path takes a few minutes alone (two pre-trainings and six classifier runs); the limit leaves room for a machine busy with other work. */
const PATH_TIMEOUT_MS = 2_400_000;

type Way = 'scratch' | 'fineTuned' | 'frozen';

interface Outcome {
  firstLoss: number;
  lastLoss: number;
  /** Held-out accuracy on every validation sentence. */
  accuracy: number;
  weights: Map<string, Float32Array>;
}

interface SeedRun {
  pretrain: TrainingResult;
  pretrained: NamedTensor[];
  plan: WeightTransferPlan;
  outcome: Record<Way, Outcome>;
}

/** Hands out 0, 1, 2, … so one batch of the split's size holds each validation example once, in order. */
function inOrder(): Rng {
  let i = 0;
  return { next: () => 0, int: (n) => i++ % n, state: () => i };
}

async function heldOutAccuracy(compiled: CompiledModel, dataset: Dataset): Promise<number> {
  const batch = toDeviceBatch(compiled, dataset.batch(dataset.sizes.validation, 'validation', inOrder()));
  try {
    return (await evaluateBatches(compiled, [batch])).accuracy!;
  } finally {
    disposeBatch(batch);
  }
}

async function finish(result: TrainingResult, dataset: Dataset): Promise<Outcome> {
  try {
    expect(result.status).toBe('done');
    const weights = new Map((await readWeights(result.compiled)).map((w) => [w.name, w.data]));
    return { firstLoss: result.firstLoss, lastLoss: result.lastLoss, accuracy: await heldOutAccuracy(result.compiled, dataset), weights };
  } finally {
    result.compiled.dispose();
  }
}

const isEncoderWeight = (name: string) => REVIEWS_ENCODER_NODE_IDS.some((id) => name.startsWith(`${id}__`));

describe('pre-training bert-reviews, then sentiment-finetune from scratch, fine-tuned and frozen, over seeds', () => {
  const pretrainDoc = templateById('bert-reviews')!.build();
  const classifierDoc = templateById('sentiment-finetune')!.build();
  const frozenDoc: GraphDoc = { ...classifierDoc, nodes: classifierDoc.nodes.map((n) => ((REVIEWS_ENCODER_NODE_IDS as readonly string[]).includes(n.id) ? { ...n, frozen: true } : n)) };
  const { learningRate: classifierRate, warmupSteps: classifierWarmup } = classifierDoc.training!;
  const { learningRate: pretrainRate } = pretrainDoc.training!;
  let sentiment: Dataset;
  const runs = new Map<number, SeedRun>();

  async function runSeed(seed: number): Promise<SeedRun> {
    const sources = nodeDataSources();
    const reviews = await createDataset('reviews-mlm', { lengths: graphFeedLengths(pretrainDoc), seed }, sources);
    const pretrain = await runTraining(pretrainDoc, reviews, { steps: PRETRAIN_STEPS, seed, batchSize: BATCH, learningRate: pretrainRate, warmupSteps: PRETRAIN_STEPS / 10, validateEvery: 0, validationBatches: 0 });
    let pretrained: NamedTensor[];
    try {
      pretrained = await readWeights(pretrain.compiled);
    } finally {
      pretrain.compiled.dispose();
    }
    const planning = compileGraph(classifierDoc, { seed });
    let plan: WeightTransferPlan;
    try {
      plan = planWeightTransfer({ doc: classifierDoc, compiled: planning }, { doc: pretrainDoc, weights: pretrained });
    } finally {
      planning.dispose();
    }
    // The template's own rate and warm-up, shortened in proportion to the shorter run.
    const config = { steps: CLASSIFIER_STEPS, seed, batchSize: BATCH, learningRate: classifierRate, warmupSteps: Math.round((classifierWarmup! * CLASSIFIER_STEPS) / classifierDoc.training!.steps), validateEvery: 0, validationBatches: 0 };
    const outcome = {} as Record<Way, Outcome>;
    outcome.scratch = await finish(await runTraining(classifierDoc, sentiment, config), sentiment);
    outcome.fineTuned = await finish(await runTraining(classifierDoc, sentiment, { ...config, initialWeights: { weights: pretrained, plan } }), sentiment);
    // The classifier alone learns slowly at the whole model's rate; a linear probe takes a larger one.
    outcome.frozen = await finish(await runTraining(frozenDoc, sentiment, { ...config, learningRate: 1e-2, initialWeights: { weights: pretrained, plan } }), sentiment);
    return { pretrain, pretrained, plan, outcome };
  }

  beforeAll(async () => {
    await initBackend('wasm');
    sentiment = await createDataset('sentiment', { lengths: graphFeedLengths(classifierDoc), seed: SEEDS[0] }, nodeDataSources());
    for (const seed of SEEDS) runs.set(seed, await runSeed(seed));
  }, PATH_TIMEOUT_MS);

  const first = () => runs.get(SEEDS[0])!;

  it('pre-trains: the masked-word loss falls from guessing among every word well towards the words’ own frequencies', () => {
    for (const seed of SEEDS) {
      const { pretrain } = runs.get(seed)!;
      // At the start every one of the 2,143 words is about equally likely: ln 2143 ≈ 7.67 nats.
      expect(pretrain.firstLoss, `seed ${seed}`).toBeGreaterThan(Math.log(2143) - 0.3);
      expect(pretrain.lastLoss, `seed ${seed}`).toBeLessThan(pretrain.firstLoss - 1.2);
    }
  });

  it('loads exactly the shared encoder (embedding, positions, both copies of each block) and neither head', () => {
    const { plan, pretrained } = first();
    expect(plan.loads.map((l) => [l.targetNodeId, l.sourceNodeId, l.matchedBy])).toEqual(REVIEWS_ENCODER_NODE_IDS.map((id) => [id, id, 'id']));
    const loaded = plan.loads.flatMap((l) => l.weights.map((w) => w.target)).sort();
    expect(loaded).toEqual(pretrained.map((w) => w.name).filter(isEncoderWeight).sort());
    expect(loaded.filter((name) => name.startsWith('enc_attn__1__')).length).toBeGreaterThan(0);
    expect(plan.skipped.map((s) => [s.side, s.nodeId, s.code])).toEqual([
      ['target', 'classify', 'NO_MATCH'],
      ['source', 'logits', 'NOT_USED'],
    ]);
  });

  it('starts the fine-tuned and frozen runs from the pre-trained encoder and the scratch run from fresh weights', () => {
    for (const seed of SEEDS) {
      const { outcome } = runs.get(seed)!;
      // Same seed, so the same first batch and the same fresh classifier: only the encoder's start differs.
      expect(outcome.frozen.firstLoss, `seed ${seed}`).toBe(outcome.fineTuned.firstLoss);
      expect(outcome.scratch.firstLoss, `seed ${seed}`).not.toBe(outcome.fineTuned.firstLoss);
    }
  });

  it('fine-tuning changes the whole model; freezing keeps every encoder weight exactly and trains only the classifier', () => {
    const { outcome, pretrained, plan } = first();
    const pretrainedByName = new Map(pretrained.map((w) => [w.name, w.data]));
    const encoderNames = [...outcome.frozen.weights.keys()].filter(isEncoderWeight);
    expect(encoderNames.length).toBe(plan.loads.reduce((n, l) => n + l.weights.length, 0));
    for (const name of encoderNames) {
      expect(outcome.frozen.weights.get(name), name).toEqual(pretrainedByName.get(name));
      expect(outcome.fineTuned.weights.get(name), name).not.toEqual(pretrainedByName.get(name));
    }
    const classifierNames = [...outcome.frozen.weights.keys()].filter((name) => name.startsWith('classify__'));
    expect(classifierNames.length).toBe(2);
    for (const name of classifierNames) expect(outcome.frozen.weights.get(name), name).not.toEqual(outcome.fineTuned.weights.get(name));
    expect(Number.isFinite(outcome.frozen.lastLoss)).toBe(true);
  });

  function majorityRate(): number {
    const counts = [0, 0];
    for (const example of sentiment.preview(sentiment.sizes.validation)) counts[sentiment.classes!.indexOf(example.target)]++;
    return Math.max(...counts) / sentiment.sizes.validation;
  }

  it('learns to classify held-out reviews better than always answering the commoner class, from scratch and fine-tuned', () => {
    const majority = majorityRate();
    expect(majority).toBeGreaterThan(0.5);
    for (const seed of SEEDS) {
      const { outcome } = runs.get(seed)!;
      expect(outcome.scratch.accuracy, `seed ${seed}`).toBeGreaterThan(majority + 0.04);
      expect(outcome.fineTuned.accuracy, `seed ${seed}`).toBeGreaterThan(majority + 0.04);
    }
  });

  // Measured with these settings (held-out accuracy at 60 steps, the words' mean read by the classifier):
  // seed 1 scratch 0.747, fine-tuned 0.758; seed 2 scratch 0.694, fine-tuned 0.724. The frozen encoder under a
  // fresh classifier stays at the commoner class (0.559 and 0.569 against 0.562), and its loss on the last batch is
  // no lower than on the first (seed 1: 0.741 against 0.604): in 60 steps a lone Dense layer finds little in these
  // features, so what pre-training gives is a better starting point for the whole model.
  it('fine-tuned from the pre-trained encoder, the classifier is ahead of the one trained from scratch at the same step, on every seed', () => {
    for (const seed of SEEDS) {
      const { outcome } = runs.get(seed)!;
      expect(outcome.fineTuned.accuracy, `seed ${seed}: fine-tuned against scratch`).toBeGreaterThan(outcome.scratch.accuracy);
    }
    const mean = (way: Way) => SEEDS.reduce((sum, seed) => sum + runs.get(seed)!.outcome[way].accuracy, 0) / SEEDS.length;
    expect(mean('fineTuned') - mean('scratch')).toBeGreaterThan(0.01);
  });
  it.todo('the frozen pre-trained encoder alone carries the sentiment: a classifier on top beats the commoner class');
});
