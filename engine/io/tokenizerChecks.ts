import { specOf } from '../blocks/specs';
import { SPECIAL_TOKENS } from '../data/types';
import { analyzeGraph, nodeLabel } from '../graph/analyze';
import type { Problem } from '../graph/errors';
import type { GraphDoc, GraphNode } from '../graph/schema';
import type { SavedTokenizers, TokenizerSnapshot } from './modelContents';
import type { ModelFileLimits } from './modelFileLimits';
import { ENTRY } from './modelFileSchema';
import { FIX_RESAVE } from './problems';

/** Checks of a model file's saved vocabularies: well formed, and fitting the graph they were saved with. */

/** ids 0..6 are the special tokens in their fixed order; no token repeats; a char vocabulary has one character per token. */
export function tokenizerProblems(saved: SavedTokenizers, limits: ModelFileLimits): Problem[] {
  const problems: Problem[] = [];
  const check = (snapshot: TokenizerSnapshot, which: 'input' | 'target') => {
    const path = `${ENTRY.tokenizer}:${which}.tokens`;
    const name = which === 'input' ? 'The input vocabulary' : 'The target vocabulary';
    const report = (message: string) => problems.push({ code: 'E_MODEL_TOKENIZER', path, message, fix: FIX_RESAVE });
    const { tokens } = snapshot;
    if (tokens.length < SPECIAL_TOKENS.length) return report(`${name} has ${tokens.length} tokens; it needs at least the ${SPECIAL_TOKENS.length} special tokens.`);
    if (tokens.length > limits.vocabularyTokens) return report(`${name} has ${tokens.length} tokens; at most ${limits.vocabularyTokens} are read.`);
    for (let id = 0; id < SPECIAL_TOKENS.length; id++) {
      if (tokens[id] !== SPECIAL_TOKENS[id]) return report(`${name} has “${tokens[id].slice(0, 40)}” at id ${id}, where ${SPECIAL_TOKENS[id]} belongs.`);
    }
    const firstId = new Map<string, number>();
    for (let id = 0; id < tokens.length; id++) {
      const token = tokens[id];
      if (token.length === 0) return report(`${name} has an empty token at id ${id}.`);
      if (token.length > limits.tokenLength) return report(`${name} has a token of ${token.length} characters at id ${id}; tokens are at most ${limits.tokenLength}.`);
      if (snapshot.kind === 'char' && id >= SPECIAL_TOKENS.length && [...token].length !== 1) {
        return report(`${name} is character-level but has “${token.slice(0, 40)}” (more than one character) at id ${id}.`);
      }
      const earlier = firstId.get(token);
      if (earlier !== undefined) return report(`${name} has “${token.slice(0, 40)}” twice, at ids ${earlier} and ${id}.`);
      firstId.set(token, id);
    }
  };
  check(saved.input, 'input');
  if (saved.target) check(saved.target, 'target');
  if (saved.classes) {
    const path = `${ENTRY.tokenizer}:classes`;
    const report = (message: string) => problems.push({ code: 'E_MODEL_TOKENIZER', path, message, fix: FIX_RESAVE });
    const { classes } = saved;
    if (classes.length === 0) report('The class list is empty.');
    else if (classes.length > limits.classes) report(`The class list has ${classes.length} classes; at most ${limits.classes} are read.`);
    else {
      const seen = new Set<string>();
      for (const c of classes) {
        if (c.length === 0 || c.length > limits.tokenLength) {
          report(`The class list has a name of ${c.length} characters; names have 1 to ${limits.tokenLength}.`);
          break;
        }
        if (seen.has(c)) {
          report(`The class list has “${c.slice(0, 40)}” twice.`);
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
      code: 'E_VOCAB_MISMATCH',
      nodeId: n.id,
      path: `${ENTRY.tokenizer}:${feed === 'decoder_tokens' && saved.target ? 'target' : 'input'}.tokens`,
      message: `Embedding ‘${label(n)}’ has ${rows} rows but the saved vocabulary of “${feed}” has ${needed} tokens.`,
      fix: `Set its vocabulary size to ${needed}, or open the file the model was saved in.`,
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
    const name = producer ? `‘${label(producer)}’` : 'The layer before the head';
    if (perSequence) {
      if (!saved.classes) {
        problems.push({
          code: 'E_VOCAB_MISMATCH',
          nodeId: head.id,
          path: `${ENTRY.tokenizer}:classes`,
          message: `${label(head)} classifies into ${width} classes, but the saved vocabulary has no class names.`,
          fix: FIX_RESAVE,
        });
      } else if (saved.classes.length !== width) {
        problems.push({
          code: 'E_VOCAB_MISMATCH',
          nodeId: producer?.id ?? head.id,
          path: `${ENTRY.tokenizer}:classes`,
          message: `${name} has ${width} units but the saved class list has ${saved.classes.length} classes.`,
          fix: `Set its units to ${saved.classes.length}, or open the file the model was saved in.`,
        });
      }
    } else if (width !== targetSize) {
      problems.push({
        code: 'E_VOCAB_MISMATCH',
        nodeId: producer?.id ?? head.id,
        path: `${ENTRY.tokenizer}:${saved.target ? 'target' : 'input'}.tokens`,
        message: `${name} has ${width} units but the saved vocabulary it predicts has ${targetSize} tokens.`,
        fix: `Set its units to ${targetSize}, or open the file the model was saved in.`,
      });
    }
  }
  return problems;
}
