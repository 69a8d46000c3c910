/**
 * Runs the compiled inspection model (which shares every weight with the model being trained) on the
 * probe input and turns its outputs into attention and hidden-state maps the studio can draw. Padding
 * positions are cut off so a short probe gives a small, readable map rather than a mostly-empty one.
 */
import * as tf from '@tensorflow/tfjs';
import { PAD, type AttentionMap, type Batch, type Dataset, type HiddenMap, type InputFeed } from '../../engine';
import { probeInputTensors, type CompiledModel } from '../../engine/runtime';

export interface Snapshot {
  maps: AttentionMap[];
  states: HiddenMap[];
}

/** Positions of real (non-padding) tokens in a probe feed, and their display labels. */
function axis(batch: Batch, feed: InputFeed | undefined, dataset: Dataset, length: number): { keep: number[]; labels: string[] } {
  const ids = feed ? batch[feed]?.data : undefined;
  const vocab = feed === 'decoder_tokens' ? dataset.targetVocab : dataset.vocab;
  const keep: number[] = [];
  const labels: string[] = [];
  for (let i = 0; i < length; i++) {
    const id = ids && i < ids.length ? ids[i] : PAD;
    if (ids && id === PAD) continue;
    keep.push(i);
    labels.push(ids ? vocab.tokenText(id) : String(i));
  }
  if (!keep.length) {
    // An all-padding probe still shows one position rather than an empty map.
    keep.push(0);
    labels.push(vocab.tokenText(PAD));
  }
  return { keep, labels };
}

/**
 * Attention maps (heads × rows × cols) and hidden states (steps × units) for the probe. Each array owns
 * its buffer, so the worker can transfer it without detaching a tensor's storage.
 */
export async function takeSnapshot(compiled: CompiledModel, dataset: Dataset, probe: Batch): Promise<Snapshot> {
  const snapshot: Snapshot = { maps: [], states: [] };
  if (!compiled.inspection || !compiled.inspectionOutputs.length) return snapshot;
  const inputs = probeInputTensors(compiled, probe);
  let outputs: tf.Tensor[] = [];
  try {
    const predicted = compiled.inspection.predict(inputs);
    outputs = Array.isArray(predicted) ? predicted : [predicted];
    for (const out of compiled.inspectionOutputs) {
      const t = outputs[out.outputIndex];
      const values = await t.data<'float32'>();
      if (out.kind === 'attention') {
        const [, heads, tq, tk] = t.shape;
        const rows = axis(probe, out.queryFeed, dataset, tq);
        const cols = axis(probe, out.keyFeed ?? out.queryFeed, dataset, tk);
        const data = new Float32Array(heads * rows.keep.length * cols.keep.length);
        let k = 0;
        for (let h = 0; h < heads; h++) {
          for (const r of rows.keep) {
            const base = (h * tq + r) * tk;
            for (const c of cols.keep) data[k++] = values[base + c];
          }
        }
        snapshot.maps.push({ nodeId: out.nodeId, copy: out.copy, heads, rows: rows.labels, cols: cols.labels, data });
      } else {
        const [, steps, units] = t.shape;
        const time = axis(probe, out.queryFeed ?? compiled.inputFeeds[0], dataset, steps);
        const data = new Float32Array(time.keep.length * units);
        time.keep.forEach((s, i) => data.set(values.subarray(s * units, (s + 1) * units), i * units));
        snapshot.states.push({ nodeId: out.nodeId, copy: out.copy, kind: out.kind, steps: time.labels, units, data });
      }
    }
  } finally {
    tf.dispose(inputs);
    tf.dispose(outputs);
  }
  return snapshot;
}
