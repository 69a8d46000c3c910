import type { InputFeed, TargetFeed } from '../blocks/buildTypes';
import { specOf } from '../blocks/specs';
import type { CompiledModel } from '../compile/compile';
import type { Feed } from '../blocks/buildTypes';
import type { Dataset, DatasetTask, FeedLengths } from '../data/types';
import { nodeLabel, type GraphAnalysis } from '../graph/analyze';
import type { Problem } from '../graph/errors';
import { lastDim } from '../graph/shapes';
import type { GraphDoc, GraphNode } from '../graph/schema';

/**
 * Checks, before a single step runs, that the dataset can feed the compiled model: every model input and
 * every head's targets are provided, each head's logits are exactly as wide as the vocabulary (or class
 * list) it is scored against, and each embedding has a row for every token id it will see. A mismatch
 * here would otherwise surface as a cryptic tfjs shape error deep inside the first step, or — worse, for
 * an embedding that is too small — as silently wrong training.
 */
export function checkDatasetFit(doc: GraphDoc, compiled: CompiledModel, dataset: Dataset): Problem[] {
  const problems: Problem[] = [];
  const provided = new Set<string>(dataset.feeds);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const label = (n: GraphNode) => nodeLabel(n, specOf(n.kind));
  const sourceOf = (nodeId: string, port: string) => {
    const e = doc.edges.find((x) => x.target === nodeId && x.targetPort === port);
    return e ? byId.get(e.source) : undefined;
  };

  for (const feed of compiled.inputFeeds) {
    if (provided.has(feed)) continue;
    const input = doc.nodes.find((n) => n.kind === 'tokenInput' && n.params.feed === feed);
    problems.push({
      code: 'E_FEED_MISSING',
      nodeId: input?.id,
      message: `${input ? label(input) : 'A Token Input'} reads “${feed}”, but the dataset “${dataset.info.id}” (${dataset.info.task}) provides only ${list(dataset.feeds)}.`,
      fix: `Set the Token Input's feed to one of ${list(dataset.feeds)}, or pick a dataset that provides “${feed}”.`,
    });
  }

  for (const head of compiled.heads) {
    const headNode = byId.get(head.nodeId);
    const feed: TargetFeed = head.target.feed;
    if (!provided.has(feed)) {
      const targetNode = headNode ? sourceOf(headNode.id, 'targets') : undefined;
      problems.push({
        code: 'E_FEED_MISSING',
        nodeId: targetNode?.id ?? head.nodeId,
        message: `${targetNode ? `${label(targetNode)} asks` : 'The head’s targets ask'} for “${feed}”, but the dataset “${dataset.info.id}” (${dataset.info.task}) provides only ${list(dataset.feeds)}.`,
        fix:
          feed === 'labels'
            ? 'Use a classification dataset, or switch the Target block to “targets” and use a per-token head.'
            : 'Use a dataset with per-token targets, or switch the Target block to “labels” and use a classifier head.',
      });
      continue;
    }
    const expected = feed === 'labels' ? (dataset.classes?.length ?? 0) : dataset.targetVocab.size;
    const shape = compiled.model.outputs[head.outputIndex].shape;
    const width = shape[shape.length - 1];
    if (width === expected) continue;
    const producer = headNode ? sourceOf(headNode.id, 'logits') : undefined;
    const what = feed === 'labels' ? 'classes' : 'tokens';
    const name = producer ? label(producer) : 'The layer before the head';
    const isDense = producer?.kind === 'dense';
    problems.push({
      code: 'E_VOCAB_MISMATCH',
      nodeId: producer?.id ?? head.nodeId,
      message: `${isDense ? `Dense ‘${name}’` : name} has ${width} units but the dataset has ${expected} ${what}.`,
      fix: isDense ? `Set units to ${expected}.` : `Put a Dense layer with ${expected} units before the head.`,
    });
  }

  for (const n of doc.nodes) {
    if (n.kind !== 'embedding') continue;
    const source = sourceOf(n.id, 'in');
    const feed = source?.kind === 'tokenInput' ? (source.params.feed as InputFeed) : undefined;
    if (!feed || feed === 'segments') continue;
    const needed = feed === 'decoder_tokens' ? dataset.targetVocab.size : dataset.vocab.size;
    const rows = Number(n.params.vocabSize);
    if (rows >= needed) continue;
    problems.push({
      code: 'E_VOCAB_MISMATCH',
      nodeId: n.id,
      message: `Embedding ‘${label(n)}’ has ${rows} rows but the dataset has ${needed} tokens in “${feed}”.`,
      fix: `Set the vocabulary size to ${needed}.`,
    });
  }
  return problems;
}

function list(xs: readonly string[]): string {
  return xs.map((x) => `“${x}”`).join(', ');
}

/** The sequence lengths the graph's Token Inputs ask the dataset for (e.g. { tokens: 64 }). */
export function graphFeedLengths(doc: GraphDoc): FeedLengths {
  const lengths: FeedLengths = {};
  for (const n of doc.nodes) {
    if (n.kind !== 'tokenInput') continue;
    const feed = n.params.feed as InputFeed;
    const length = Number(n.params.length);
    if (Number.isInteger(length)) lengths[feed] = Math.max(lengths[feed] ?? 0, length);
  }
  return lengths;
}

/**
 * What the graph must agree with about a dataset, without its examples: small enough to send from the
 * worker that built the dataset to the UI, so the fit is checked on every edit instead of at Start.
 */
export interface DatasetFacts {
  id: string;
  name: string;
  task: DatasetTask;
  feeds: readonly Feed[];
  /** Rows an embedding of `tokens` (and `segments`-free inputs) needs. */
  vocabSize: number;
  /** Rows an embedding of `decoder_tokens` needs, and the width of per-token logits. */
  targetVocabSize: number;
  /** Number of classes; 0 when the dataset has no labels. */
  classes: number;
  suggestedLengths?: FeedLengths;
  sizes: { train: number; validation: number };
}

export function datasetFactsOf(dataset: Dataset): DatasetFacts {
  return {
    id: dataset.info.id,
    name: dataset.info.name,
    task: dataset.info.task,
    feeds: [...dataset.feeds],
    vocabSize: dataset.vocab.size,
    targetVocabSize: dataset.targetVocab.size,
    classes: dataset.classes?.length ?? 0,
    ...(dataset.info.suggestedLengths ? { suggestedLengths: { ...dataset.info.suggestedLengths } } : {}),
    sizes: { ...dataset.sizes },
  };
}

/**
 * `checkDatasetFit` on the analysed graph instead of a compiled model: the same questions (every feed
 * provided; answers per token or per sequence as the heads want them; logits exactly as wide as the
 * vocabulary or class list; an embedding row for every token id) plus Token Inputs shorter than the
 * dataset's sequences. Each problem carries the one-click fix where the fix is certain.
 */
export function checkDatasetFacts(doc: GraphDoc, analysis: GraphAnalysis, facts: DatasetFacts): Problem[] {
  const problems: Problem[] = [];
  const provided = new Set<string>(facts.feeds);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const label = (n: GraphNode) => nodeLabel(n, specOf(n.kind));
  const sourceOf = (nodeId: string, port: string) => {
    const e = doc.edges.find((x) => x.target === nodeId && x.targetPort === port);
    return e ? byId.get(e.source) : undefined;
  };
  const dataName = `“${facts.name}”`;
  const count = (n: number) => n.toLocaleString('en-US');
  const inputFeeds: InputFeed[] = ['tokens', 'decoder_tokens', 'segments'];

  for (const n of doc.nodes) {
    if (n.kind !== 'tokenInput') continue;
    const feed = n.params.feed as InputFeed;
    if (!provided.has(feed)) {
      const other = inputFeeds.find((f) => provided.has(f));
      problems.push({
        code: 'E_FEED_MISSING',
        nodeId: n.id,
        message: `${label(n)} reads “${feed}”, but the dataset ${dataName} provides only ${list(facts.feeds)}.`,
        fix: other ? `Set its feed to “${other}”, or pick a dataset that provides “${feed}”.` : `Pick a dataset that provides “${feed}”.`,
        ...(other && !doc.nodes.some((x) => x.kind === 'tokenInput' && x.params.feed === other) ? { quickFix: { kind: 'setParam' as const, nodeId: n.id, param: 'feed', value: other } } : {}),
      });
      continue;
    }
    const suggested = facts.suggestedLengths?.[feed];
    const length = Number(n.params.length);
    if (suggested && Number.isFinite(length) && length < suggested) {
      problems.push({
        code: 'E_SEQUENCE_LENGTH',
        severity: 'warning',
        nodeId: n.id,
        message: `${label(n)} keeps ${length} tokens, but the sequences of ${dataName} run to ${suggested}: longer ones are cut.`,
        fix: `Set its length to ${suggested}.`,
        quickFix: { kind: 'setParam', nodeId: n.id, param: 'length', value: suggested },
      });
    }
  }

  for (const head of doc.nodes) {
    const spec = specOf(head.kind);
    if (spec?.category !== 'heads') continue;
    const perSequence = spec.inputs.find((p) => p.name === 'targets')?.kind === 'labels';
    if (perSequence && !provided.has('labels')) {
      problems.push({
        code: 'E_LABEL_KIND',
        nodeId: head.id,
        message: `${label(head)} predicts one class per sequence, but ${dataName} (${facts.task}) has no class labels.`,
        fix: 'Pick a classification dataset, or use a per-token head (LM, masked-LM or seq2seq) with a Target whose Answers are “targets”.',
      });
      continue;
    }
    if (!perSequence && !provided.has('targets')) {
      problems.push({
        code: 'E_LABEL_KIND',
        nodeId: head.id,
        message: `${label(head)} predicts a token at every position, but ${dataName} (${facts.task}) gives one label per sequence.`,
        fix: 'Replace it with a Classifier Head fed by a Pooling block, with a Target whose Answers are “labels”.',
      });
      continue;
    }
    const target = sourceOf(head.id, 'targets');
    if (target?.kind === 'target') {
      const feed = target.params.feed as TargetFeed;
      const wanted: TargetFeed = perSequence ? 'labels' : 'targets';
      if (feed !== wanted) {
        problems.push({
          code: 'E_LABEL_KIND',
          nodeId: target.id,
          message: `${label(head)} needs ${perSequence ? 'one label per sequence' : 'one token per position'}, but ${label(target)} answers with “${feed}”.`,
          fix: `Set the Answers of ${label(target)} to “${wanted}”.`,
          quickFix: { kind: 'setParam', nodeId: target.id, param: 'feed', value: wanted },
        });
      }
    }
    const logits = analysis.nodes[head.id]?.inputs.logits;
    const width = logits ? lastDim(logits) : undefined;
    const expected = perSequence ? facts.classes : facts.targetVocabSize;
    if (typeof width !== 'number' || width === expected || !expected) continue;
    const producer = sourceOf(head.id, 'logits');
    const what = perSequence ? 'classes' : 'tokens';
    const isDense = producer?.kind === 'dense';
    problems.push({
      code: 'E_VOCAB_MISMATCH',
      nodeId: producer?.id ?? head.id,
      message: `${producer ? label(producer) : `The input of ${label(head)}`} gives ${count(width)} scores per ${perSequence ? 'sequence' : 'position'}, but ${dataName} has ${count(expected)} ${what}.`,
      fix: isDense ? `Set its units to ${count(expected)}.` : `Put a Dense layer with ${count(expected)} units before ${label(head)}.`,
      ...(isDense ? { quickFix: { kind: 'setParam' as const, nodeId: producer.id, param: 'units', value: expected } } : {}),
    });
  }

  for (const n of doc.nodes) {
    if (n.kind !== 'embedding') continue;
    const source = sourceOf(n.id, 'in');
    const feed = source?.kind === 'tokenInput' ? (source.params.feed as InputFeed) : undefined;
    if (!feed || feed === 'segments' || !provided.has(feed)) continue;
    const needed = feed === 'decoder_tokens' ? facts.targetVocabSize : facts.vocabSize;
    const rows = Number(n.params.vocabSize);
    if (rows >= needed) continue;
    problems.push({
      code: 'E_VOCAB_MISMATCH',
      nodeId: n.id,
      message: `${label(n)} has ${count(rows)} rows, but ${dataName} has ${count(needed)} tokens in “${feed}”: ids past row ${count(rows)} would have no vector.`,
      fix: `Set the vocabulary size to ${count(needed)}.`,
      quickFix: { kind: 'setParam', nodeId: n.id, param: 'vocabSize', value: needed },
    });
  }
  return problems;
}
