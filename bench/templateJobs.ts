/**
 * The models the per-template benchmark trains: every bundled template a learner starts from, plus a GRU
 * twin of char-rnn (the course's lighter recurrent cell). Pure engine code, so the Node runner and the
 * browser bench page build the same documents.
 */
import type { GraphDoc } from '../engine/graph/schema';
import { templateById } from '../engine/templates';

export interface BenchTemplate {
  /** The row's name in the results. */
  id: string;
  /** One line for the results table. */
  describes: string;
  build(): GraphDoc;
  /** Measured in the full run only (and where `--only` names it): too slow a step for the quick run's budget. */
  fullRunOnly?: boolean;
}

function fromTemplate(id: string): () => GraphDoc {
  return () => {
    const template = templateById(id);
    if (!template) throw new Error(`The template “${id}” is not registered.`);
    return template.build();
  };
}

/** char-rnn with its LSTM block swapped for a GRU of the same width: everything else equal. */
function charGru(): GraphDoc {
  const doc = fromTemplate('char-rnn')();
  const lstm = doc.nodes.find((n) => n.kind === 'lstm');
  if (!lstm) throw new Error('char-rnn has no LSTM block to swap for a GRU.');
  return { ...doc, name: 'char-gru', nodes: doc.nodes.map((n) => (n === lstm ? { ...n, kind: 'gru', label: 'GRU' } : n)) };
}

export const BENCH_TEMPLATES: BenchTemplate[] = [
  { id: 'char-rnn', describes: 'embedding 64 → LSTM 128 → dense, T 64', build: fromTemplate('char-rnn') },
  { id: 'char-gru', describes: 'char-rnn with a GRU 128 in place of the LSTM', build: charGru },
  { id: 'seq2seq-attention', describes: 'LSTM encoder–decoder with Luong attention', build: fromTemplate('seq2seq-attention') },
  { id: 'transformer-translate', describes: 'Transformer encoder–decoder', build: fromTemplate('transformer-translate') },
  { id: 'encoder-classifier', describes: 'Transformer encoder + pooled classifier', build: fromTemplate('encoder-classifier') },
  { id: 'bert-mini', describes: 'BERT-style encoder, masked-LM pre-training', build: fromTemplate('bert-mini') },
  { id: 'gpt-mini', describes: 'decoder-only Transformer, next character', build: fromTemplate('gpt-mini') },
  { id: 'reverse', describes: 'small Transformer reversing sequences', build: fromTemplate('reverse') },
  // About 9× gpt-mini's work per token and twice its tokens per step: its twin and app runs alone take longer
  // than the whole quick run, so it is measured in the full run (or with --only gpt-small).
  { id: 'gpt-small', describes: 'gpt-mini scaled up: d_model 256, 4 blocks, T 256, batch 16', build: fromTemplate('gpt-small'), fullRunOnly: true },
];

export function benchTemplateById(id: string): BenchTemplate {
  const found = BENCH_TEMPLATES.find((t) => t.id === id);
  if (!found) throw new Error(`No benchmark template “${id}”; one of ${BENCH_TEMPLATES.map((t) => t.id).join(', ')}.`);
  return found;
}

/**
 * The templates a bench run measures: every one, less the full-run-only ones in a quick run; with `only`, exactly
 * those named (in that order), whatever the mode. An unknown id throws, naming the known ones.
 */
export function benchTemplatesFor(opts: { quick: boolean; only?: string[] }): BenchTemplate[] {
  if (opts.only) {
    if (!opts.only.length) throw new Error(`--only needs template ids, e.g. --only gpt-small,char-rnn; one of ${BENCH_TEMPLATES.map((t) => t.id).join(', ')}.`);
    return opts.only.map(benchTemplateById);
  }
  return BENCH_TEMPLATES.filter((t) => !(opts.quick && t.fullRunOnly));
}

/** The feeds whose positions count as the tokens a step trains on (segment ids ride along with tokens). */
const TOKEN_FEEDS = new Set(['tokens', 'decoder_tokens']);

/**
 * Token positions a training step processes: batch × (source length + target length). The PyTorch twin is
 * credited with the same count, so each ratio is a ratio of step times.
 */
export function tokensPerStep(doc: GraphDoc): number {
  const lengths = new Map<string, number>();
  for (const n of doc.nodes) {
    if (n.kind !== 'tokenInput' || !TOKEN_FEEDS.has(String(n.params.feed))) continue;
    lengths.set(String(n.params.feed), Math.max(lengths.get(String(n.params.feed)) ?? 0, Number(n.params.length)));
  }
  let positions = 0;
  for (const length of lengths.values()) positions += length;
  return doc.training.batchSize * positions;
}
