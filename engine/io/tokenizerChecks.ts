import { specOf } from '../blocks/specs';
import { SPECIAL_TOKENS } from '../data/types';
import { analyzeGraph, nodeLabel } from '../graph/analyze';
import { coded, type MessageKey, type MessageParams, type Problem } from '../graph/errors';
import type { GraphDoc, GraphNode } from '../graph/schema';
import type { SavedTokenizers, TokenizerSnapshot } from './modelContents';
import type { ModelFileLimits } from './modelFileLimits';
import { ENTRY } from './modelFileSchema';

/** Checks of a model file's saved vocabularies: well formed, and fitting the graph they were saved with. */

/** ids 0..6 are the special tokens in their fixed order; no token repeats; a char vocabulary has one character per token. */
export function tokenizerProblems(saved: SavedTokenizers, limits: ModelFileLimits): Problem[] {
  const problems: Problem[] = [];
  const check = (snapshot: TokenizerSnapshot, which: 'input' | 'target') => {
    const path = `${ENTRY.tokenizer}:${which}.tokens`;
    const vocabulary = which === 'input' ? 'The input vocabulary' : 'The target vocabulary';
    const report = (key: MessageKey, params: MessageParams) =>
      problems.push({ ...coded('E_MODEL_TOKENIZER', key, { vocabulary, ...params }, 'model.fixResave'), path });
    const { tokens } = snapshot;
    if (tokens.length < SPECIAL_TOKENS.length) return report('vocab.tooFewTokens', { count: tokens.length, min: SPECIAL_TOKENS.length });
    if (tokens.length > limits.vocabularyTokens) return report('vocab.tooManyTokens', { count: String(tokens.length), max: String(limits.vocabularyTokens) });
    for (let id = 0; id < SPECIAL_TOKENS.length; id++) {
      if (tokens[id] !== SPECIAL_TOKENS[id]) return report('vocab.specialOutOfPlace', { token: tokens[id].slice(0, 40), id, special: SPECIAL_TOKENS[id] });
    }
    const firstId = new Map<string, number>();
    for (let id = 0; id < tokens.length; id++) {
      const token = tokens[id];
      if (token.length === 0) return report('vocab.emptyToken', { id: String(id) });
      if (token.length > limits.tokenLength) return report('vocab.longToken', { length: String(token.length), id: String(id), max: String(limits.tokenLength) });
      if (snapshot.kind === 'char' && id >= SPECIAL_TOKENS.length && [...token].length !== 1) {
        return report('vocab.multiCharToken', { token: token.slice(0, 40), id: String(id) });
      }
      const earlier = firstId.get(token);
      if (earlier !== undefined) return report('vocab.tokenTwice', { token: token.slice(0, 40), first: String(earlier), second: String(id) });
      firstId.set(token, id);
    }
  };
  check(saved.input, 'input');
  if (saved.target) check(saved.target, 'target');
  if (saved.classes) {
    const path = `${ENTRY.tokenizer}:classes`;
    const report = (key: MessageKey, params: MessageParams = {}) => problems.push({ ...coded('E_MODEL_TOKENIZER', key, params, 'model.fixResave'), path });
    const { classes } = saved;
    if (classes.length === 0) report('vocab.classesEmpty');
    else if (classes.length > limits.classes) report('vocab.tooManyClasses', { count: String(classes.length), max: String(limits.classes) });
    else {
      const seen = new Set<string>();
      for (const c of classes) {
        if (c.length === 0 || c.length > limits.tokenLength) {
          report('vocab.classNameLength', { length: String(c.length), max: String(limits.tokenLength) });
          break;
        }
        if (seen.has(c)) {
          report('vocab.classTwice', { name: c.slice(0, 40) });
          break;
        }
        seen.add(c);
      }
    }
  }
  return problems;
}

/**
 * The vocabulary fits the graph: every embedding has a row for each token id of the feed it reads, and
 * every head's logits are exactly as wide as the vocabulary (or class list) it predicts.
 */
export function tokenizerFitProblems(saved: SavedTokenizers, graph: GraphDoc): Problem[] {
  const problems: Problem[] = [];
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const sourceOf = (nodeId: string, port: string) => {
    const e = graph.edges.find((x) => x.target === nodeId && x.targetPort === port);
    return e ? byId.get(e.source) : undefined;
  };
  const label = (n: GraphNode) => nodeLabel(n, specOf(n.kind));
  const inputSize = saved.input.tokens.length;
  const targetSize = (saved.target ?? saved.input).tokens.length;

  for (const n of graph.nodes) {
    if (n.kind !== 'embedding') continue;
    const source = sourceOf(n.id, 'in');
    const feed = source?.kind === 'tokenInput' ? source.params.feed : undefined;
    if (feed !== 'tokens' && feed !== 'decoder_tokens') continue;
    const needed = feed === 'decoder_tokens' ? targetSize : inputSize;
    const rows = Number(n.params.vocabSize);
    if (rows >= needed) continue;
    problems.push({
      ...coded('E_VOCAB_MISMATCH', 'vocab.embeddingRows', { block: label(n), rows, feed, needed }),
      nodeId: n.id,
      path: `${ENTRY.tokenizer}:${feed === 'decoder_tokens' && saved.target ? 'target' : 'input'}.tokens`,
    });
  }

  const heads = graph.nodes.filter((n) => specOf(n.kind)?.category === 'heads');
  if (!heads.length) return problems;
  const analysis = analyzeGraph(graph);
  for (const head of heads) {
    const logits = analysis.nodes[head.id]?.inputs.logits;
    const width = logits?.shape[logits.shape.length - 1];
    if (typeof width !== 'number') continue;
    const targetNode = sourceOf(head.id, 'targets');
    const perSequence = targetNode?.kind === 'target' ? targetNode.params.feed === 'labels' : head.kind === 'classifierHead';
    const producer = sourceOf(head.id, 'logits');

    if (perSequence) {
      if (!saved.classes) {
        problems.push({ ...coded('E_VOCAB_MISMATCH', 'vocab.noClassNames', { block: label(head), width }, 'model.fixResave'), nodeId: head.id, path: `${ENTRY.tokenizer}:classes` });
      } else if (saved.classes.length !== width) {
        const sizes = { width, count: saved.classes.length };
        const sentence = producer ? coded('E_VOCAB_MISMATCH', 'vocab.classUnits', { block: label(producer), ...sizes }) : coded('E_VOCAB_MISMATCH', 'vocab.classUnitsHeadInput', sizes);
        problems.push({ ...sentence, nodeId: producer?.id ?? head.id, path: `${ENTRY.tokenizer}:classes` });
      }
    } else if (width !== targetSize) {
      const sizes = { width, count: targetSize };
      const sentence = producer ? coded('E_VOCAB_MISMATCH', 'vocab.units', { block: label(producer), ...sizes }) : coded('E_VOCAB_MISMATCH', 'vocab.unitsHeadInput', sizes);
      problems.push({ ...sentence, nodeId: producer?.id ?? head.id, path: `${ENTRY.tokenizer}:${saved.target ? 'target' : 'input'}.tokens` });
    }
  }
  return problems;
}
