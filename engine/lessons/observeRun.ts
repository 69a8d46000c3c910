import * as tf from '@tensorflow/tfjs';
import type { CompiledModel } from '../compile/compile';
import { createDataset } from '../data';
import { PAD, type Batch, type DataSources, type Dataset } from '../data/types';
import type { GraphDoc } from '../graph/schema';
import { graphFeedLengths } from '../train/datasetFit';
import { probeInputTensors, sampleProbe } from '../train/probeSample';
import type { AttentionMap } from '../train/protocol';
import { runTraining } from '../train/runTraining';
import { LessonError } from './errors';
import { docForRun, type RunObservation } from './measure';
import type { TrainSpec } from './schema';

/**
 * An observe task's run, done by the engine (tests, the command line): the graph trained with the task's
 * settings, its curve and held-out loss recorded, and its attention maps taken on the task's probe with the
 * padding cut off — the same reduction the app's worker applies to its snapshots.
 */
function realPositions(batch: Batch, feed: string | undefined, length: number): number[] {
  const ids = feed ? batch[feed as keyof Batch]?.data : undefined;
  const keep: number[] = [];
  for (let i = 0; i < length; i++) if (!ids || (i < ids.length && ids[i] !== PAD)) keep.push(i);
  return keep.length ? keep : [0];
}

async function attentionOnProbe(compiled: CompiledModel, dataset: Dataset, probe: string): Promise<AttentionMap[]> {
  const outputs = compiled.inspectionOutputs.filter((o) => o.kind === 'attention');
  if (!compiled.inspection || !outputs.length) return [];
  const batch = dataset.encodeProbe(probe);
  const inputs = probeInputTensors(compiled, batch);
  let predicted: tf.Tensor[] = [];
  try {
    const result = compiled.inspection.predict(inputs);
    predicted = Array.isArray(result) ? result : [result];
    const maps: AttentionMap[] = [];
    for (const out of outputs) {
      const t = predicted[out.outputIndex];
      const values = await t.data<'float32'>();
      const [, heads, tq, tk] = t.shape;
      const rows = realPositions(batch, out.queryFeed, tq);
      const cols = realPositions(batch, out.keyFeed ?? out.queryFeed, tk);
      const data = new Float32Array(heads * rows.length * cols.length);
      let k = 0;
      for (let h = 0; h < heads; h++) for (const r of rows) for (const c of cols) data[k++] = values[(h * tq + r) * tk + c];
      maps.push({ nodeId: out.nodeId, copy: out.copy, heads, rows: rows.map(String), cols: cols.map(String), data });
    }
    return maps;
  } finally {
    tf.dispose(inputs);
    tf.dispose(predicted);
  }
}

export async function observeRun(doc: GraphDoc, spec: TrainSpec, sources?: DataSources): Promise<RunObservation> {
  const runDoc = docForRun(doc, spec);
  const dataset = await createDataset(spec.dataset, { lengths: graphFeedLengths(runDoc), seed: spec.seed }, sources);
  const losses: { step: number; loss: number }[] = [];
  let validation: RunObservation['validation'];
  // Held out as the studio measures it: the run's own validation set (engine/data/heldOut.ts) after its last step.
  const result = await runTraining(runDoc, dataset, { validateEvery: 0 }, {
    onProgress: (p) => {
      losses.push({ step: p.step, loss: p.loss });
      if (p.validation) validation = { loss: p.validation.loss, accuracy: p.validation.accuracy };
    },
  });
  try {
    if (result.status !== 'done') {
      throw new LessonError('E_LESSON_MEASURE', `The run stopped at step ${result.step}: ${result.error?.message ?? result.status}.`, result.error?.fix ?? 'Train again.');
    }
    if (spec.probe === undefined) return { losses, validation, attention: [] };
    const attention = await attentionOnProbe(result.compiled, dataset, spec.probe);
    const sample = (await sampleProbe(result.compiled, dataset, spec.probe, spec.sampling, spec.seed)) ?? undefined;
    return { losses, validation, attention, sample };
  } finally {
    result.compiled.dispose();
  }
}
