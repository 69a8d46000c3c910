/**
 * Which embedding lookup is faster on wasm: one-hot × matMul or gather, forward and backward (the table's gradient
 * for a given dy), at the bundled templates' sizes and a few vocabularies around the switch point.
 * `npx tsx bench/lookupChoice.ts [--rounds 30] [--threads 2] [--only 2143,65]`
 * Each case runs the two ways interleaved (A B B A A B …) so load from other processes falls on both alike, and
 * prints the median of the rounds with the quartiles. The verdict goes into engine/layers/lookup.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { nodeWorkerSpawner } from '../app/nodeWorkerSpawner';
import { initBackend } from '../engine/backend/init';
import { resolveLookup } from '../engine/layers/lookup';
import { lookupRows } from '../engine/layers/ops';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '30' },
    threads: { type: 'string', default: '2' },
    only: { type: 'string' },
  },
});
await initBackend('wasm', { spawnHelper: values.threads === '2' ? nodeWorkerSpawner : null });

/** B·T positions, vocabulary V, width d: the templates' embeddings, then V swept at two of their B·T × d. */
const CASES: Array<{ positions: number; rows: number; width: number; what: string }> = [
  { positions: 512, rows: 27, width: 32, what: 'reverse' },
  { positions: 2048, rows: 69, width: 64, what: 'char-rnn' },
  { positions: 2048, rows: 69, width: 128, what: 'gpt-mini' },
  { positions: 4096, rows: 69, width: 256, what: 'gpt-small' },
  { positions: 384, rows: 304, width: 64, what: 'translate source' },
  { positions: 320, rows: 510, width: 64, what: 'translate target' },
  { positions: 1024, rows: 2143, width: 64, what: 'encoder-classifier' },
  { positions: 1536, rows: 3457, width: 64, what: 'bert-mini' },
  ...[27, 65, 128, 256, 512, 2143].flatMap((rows) => [
    { positions: 1024, rows, width: 64, what: 'sweep' },
    { positions: 2048, rows, width: 128, what: 'sweep' },
  ]),
];

type Way = 'onehot' | 'gather';
const WAYS: Way[] = ['onehot', 'gather'];

function lookupOf(way: Way, ids: tf.Tensor): (table: tf.Tensor) => tf.Tensor {
  return (table) => lookupRows(ids, table, way === 'onehot');
}

/** Milliseconds of one forward + backward (wasm runs synchronously: the call's duration is the work). */
function timeOnce(way: Way, ids: tf.Tensor, table: tf.Tensor, dy: tf.Tensor): number {
  const start = performance.now();
  tf.tidy(() => {
    const [out, grad] = [lookupOf(way, ids)(table), tf.grad(lookupOf(way, ids))(table, dy)];
    return [out, grad];
  }).forEach((t) => t.dispose());
  return performance.now() - start;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const rounds = Number(values.rounds);
const only = values.only ? new Set(values.only.split(',').map(Number)) : null;

console.log(`wasm, ${values.threads} matmul thread(s), ${rounds} interleaved rounds; ms per forward + backward: median [quartiles]`);
console.log('| B·T | V | d | what | one-hot | gather | faster | rule says |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const c of CASES) {
  if (only && !only.has(c.rows)) continue;
  const ids = tf.tensor2d(Array.from({ length: c.positions }, (_, i) => (i * 7919) % c.rows), [c.positions / 8, 8], 'int32');
  const table = tf.randomNormal([c.rows, c.width]);
  const dy = tf.randomNormal([c.positions / 8, 8, c.width]);
  const times = new Map<Way, number[]>(WAYS.map((w) => [w, []]));
  for (const w of WAYS) timeOnce(w, ids, table, dy); // warm-up: kernels compiled, heap grown
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? WAYS : [...WAYS].reverse();
    for (const w of order) times.get(w)!.push(timeOnce(w, ids, table, dy));
  }
  const cell = (w: Way) => {
    const s = [...times.get(w)!].sort((a, b) => a - b);
    return { median: quantile(s, 0.5), text: `${quantile(s, 0.5).toFixed(2)} [${quantile(s, 0.25).toFixed(2)}–${quantile(s, 0.75).toFixed(2)}]` };
  };
  const [oneHot, gather] = WAYS.map(cell);
  const faster = oneHot.median < gather.median ? `one-hot ×${(gather.median / oneHot.median).toFixed(2)}` : `gather ×${(oneHot.median / gather.median).toFixed(2)}`;
  const rule = resolveLookup('auto', 'wasm', c.rows);
  console.log(`| ${c.positions} | ${c.rows} | ${c.width} | ${c.what} | ${oneHot.text} | ${gather.text} | ${faster} | ${rule} |`);
  tf.dispose([ids, table, dy]);
}
process.exit(0);
