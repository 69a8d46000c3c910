import type { InputFeed, TargetFeed } from '../blocks/buildTypes';
import { specOf } from '../blocks/specs';
import type { CompiledModel } from '../compile/compile';
import type { Feed } from '../blocks/buildTypes';
import type { Dataset, DatasetTask, FeedLengths } from '../data/types';
import { createUserDataset, type ParsedUserData } from '../data/userData';
import { nodeLabel, type GraphAnalysis } from '../graph/analyze';
import { coded, type MessageKey, type Problem } from '../graph/errors';
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
    const params = { feed, dataset: dataset.info.id, task: dataset.info.task, feeds: list(dataset.feeds) };
    problems.push({
      ...(input ? coded('E_FEED_MISSING', 'fit.inputFeedMissing', { block: label(input), ...params }) : coded('E_FEED_MISSING', 'fit.anyInputFeedMissing', params)),
      nodeId: input?.id,
    });
  }

  for (const head of compiled.heads) {
    const headNode = byId.get(head.nodeId);
    const feed: TargetFeed = head.target.feed;
    if (!provided.has(feed)) {
      const targetNode = headNode ? sourceOf(headNode.id, 'targets') : undefined;
      const params = { feed, dataset: dataset.info.id, task: dataset.info.task, feeds: list(dataset.feeds) };
      const sentence = targetNode
        ? coded('E_FEED_MISSING', feed === 'labels' ? 'fit.labelsMissing' : 'fit.targetsMissing', { block: label(targetNode), ...params })
        : coded('E_FEED_MISSING', feed === 'labels' ? 'fit.headLabelsMissing' : 'fit.headTargetsMissing', params);
      problems.push({ ...sentence, nodeId: targetNode?.id ?? head.nodeId });
      continue;
    }
    const expected = feed === 'labels' ? (dataset.classes?.length ?? 0) : dataset.targetVocab.size;
    const shape = compiled.model.outputs[head.outputIndex].shape;
    const width = shape[shape.length - 1];
    if (width === expected) continue;
    const producer = headNode ? sourceOf(headNode.id, 'logits') : undefined;
    const classes = feed === 'labels';
    const isDense = producer?.kind === 'dense';
    const key: MessageKey = !producer
      ? classes ? 'fit.headInputClasses' : 'fit.headInputTokens'
      : isDense ? (classes ? 'fit.denseClasses' : 'fit.denseTokens')
        : classes ? 'fit.layerClasses' : 'fit.layerTokens';
    const params = { width: String(width), expected: String(expected), ...(producer ? { block: label(producer) } : {}) };
    problems.push({ ...coded('E_VOCAB_MISMATCH', key, params), nodeId: producer?.id ?? head.nodeId });
  }

  for (const n of doc.nodes) {
    if (n.kind !== 'embedding') continue;
    const source = sourceOf(n.id, 'in');
    const feed = source?.kind === 'tokenInput' ? (source.params.feed as InputFeed) : undefined;
    if (!feed || feed === 'segments') continue;
    const needed = feed === 'decoder_tokens' ? dataset.targetVocab.size : dataset.vocab.size;
    const rows = Number(n.params.vocabSize);
    if (rows >= needed) continue;
    problems.push({ ...coded('E_VOCAB_MISMATCH', 'fit.embeddingRowsRun', { block: label(n), rows: String(rows), needed: String(needed), feed }), nodeId: n.id });
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
 * The facts of a learner's own file, as a run on it will see them: its vocabularies, classes, feeds and the
 * lengths its rows need (engine/data/userData.ts). Computed once when the file is chosen, so the graph is checked
 * against it on every edit as against a bundled dataset. The lengths passed to the dataset are placeholders: facts
 * need no batch.
 */
export function userDataFacts(parsed: ParsedUserData): DatasetFacts {
  return datasetFactsOf(createUserDataset(parsed, { lengths: { tokens: 1, decoder_tokens: 1 }, seed: 1 }));
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
  const inputFeeds: InputFeed[] = ['tokens', 'decoder_tokens', 'segments'];

  for (const n of doc.nodes) {
    if (n.kind !== 'tokenInput') continue;
    const feed = n.params.feed as InputFeed;
    if (!provided.has(feed)) {
      const other = inputFeeds.find((f) => provided.has(f));
      const params = { block: label(n), feed, dataset: facts.name, feeds: list(facts.feeds) };
      problems.push({
        ...(other ? coded('E_FEED_MISSING', 'fit.feedMissing', { ...params, other }) : coded('E_FEED_MISSING', 'fit.feedMissingNoOther', params)),
        nodeId: n.id,
        ...(other && !doc.nodes.some((x) => x.kind === 'tokenInput' && x.params.feed === other) ? { quickFix: { kind: 'setParam' as const, nodeId: n.id, param: 'feed', value: other } } : {}),
      });
      continue;
    }
    const suggested = facts.suggestedLengths?.[feed];
    const length = Number(n.params.length);
    if (suggested && Number.isFinite(length) && length < suggested) {
      problems.push({
        ...coded('E_SEQUENCE_LENGTH', 'fit.sequenceCut', { block: label(n), length, dataset: facts.name, suggested }),
        severity: 'warning',
        nodeId: n.id,
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
        ...coded('E_LABEL_KIND', 'fit.noClassLabels', { block: label(head), dataset: facts.name, task: facts.task }),
        nodeId: head.id,
      });
      continue;
    }
    if (!perSequence && !provided.has('targets')) {
      problems.push({
        ...coded('E_LABEL_KIND', 'fit.noTokenTargets', { block: label(head), dataset: facts.name, task: facts.task }),
        nodeId: head.id,
      });
      continue;
    }
    const target = sourceOf(head.id, 'targets');
    if (target?.kind === 'target') {
      const feed = target.params.feed as TargetFeed;
      const wanted: TargetFeed = perSequence ? 'labels' : 'targets';
      if (feed !== wanted) {
        problems.push({
          ...coded('E_LABEL_KIND', perSequence ? 'fit.answersPerSequence' : 'fit.answersPerPosition', { block: label(head), target: label(target), feed, wanted }),
          nodeId: target.id,
          quickFix: { kind: 'setParam', nodeId: target.id, param: 'feed', value: wanted },
        });
      }
    }
    const logits = analysis.nodes[head.id]?.inputs.logits;
    const width = logits ? lastDim(logits) : undefined;
    const expected = perSequence ? facts.classes : facts.targetVocabSize;
    if (typeof width !== 'number' || width === expected || !expected) continue;
    const producer = sourceOf(head.id, 'logits');
    const isDense = producer?.kind === 'dense';
    const key: MessageKey = !producer
      ? perSequence ? 'fit.classesHeadInput' : 'fit.tokensHeadInput'
      : isDense ? (perSequence ? 'fit.classesDense' : 'fit.tokensDense')
        : perSequence ? 'fit.classesLayer' : 'fit.tokensLayer';
    const params = { width, expected, dataset: facts.name, head: label(head), ...(producer ? { block: label(producer) } : {}) };
    problems.push({
      ...coded('E_VOCAB_MISMATCH', key, params),
      nodeId: producer?.id ?? head.id,
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
      ...coded('E_VOCAB_MISMATCH', 'fit.embeddingRows', { block: label(n), rows, dataset: facts.name, needed, feed }),
      nodeId: n.id,
      quickFix: { kind: 'setParam', nodeId: n.id, param: 'vocabSize', value: needed },
    });
  }
  return problems;
}
