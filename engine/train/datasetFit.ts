import type { InputFeed, TargetFeed } from '../blocks/buildTypes';
import { specOf } from '../blocks/specs';
import type { CompiledModel } from '../compile/compile';
import type { Dataset, FeedLengths } from '../data/types';
import { nodeLabel } from '../graph/analyze';
import type { Problem } from '../graph/errors';
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
        message: `${targetNode ? label(targetNode) : 'The head’s targets'} ask for “${feed}”, but the dataset “${dataset.info.id}” (${dataset.info.task}) provides only ${list(dataset.feeds)}.`,
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
