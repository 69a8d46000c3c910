/**
 * Generation speed: milliseconds per generated token for the decoder-only templates, with kept keys and values
 * (engine/train/cachedDecoding.ts) and with the whole window run every step, in the same process, interleaved
 * round by round so load from other processes falls on both alike; medians over the rounds. Untrained weights:
 * the work per token does not depend on what the model learned. Writes bench/decoding-results.md.
 *
 * `npm run bench:decoding [-- --rounds 5 --tokens 48]`
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { nodeWorkerSpawner } from '../app/nodeWorkerSpawner';
import { initBackend } from '../engine/backend/init';
import { compileGraph } from '../engine/compile/compile';
import { continuePrompt, type DecodeStrategy } from '../engine/train/decode';
import { benchTemplateById } from './templateJobs';

const option = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const rounds = Number(option('--rounds') ?? 5);
const tokens = Number(option('--tokens') ?? 48);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

await initBackend('wasm', { spawnHelper: nodeWorkerSpawner });
const strategies: Array<[string, DecodeStrategy]> = [
  ['greedy', { kind: 'greedy' }],
  ['beam 4', { kind: 'beam', width: 4 }],
  ['sample (top-k 10)', { kind: 'sample', temperature: 0.8, topK: 10, seed: 1 }],
];
const rows: string[] = [];
for (const id of ['gpt-mini', 'gpt-small']) {
  const doc = benchTemplateById(id).build();
  const compiled = compileGraph(doc);
  const window = compiled.inputLengths.tokens!;
  // A prompt and a continuation that stay within the window, where kept keys and values apply.
  const prompt = Array.from({ length: 8 }, (_, i) => 2 + (i % 20));
  const count = Math.min(tokens, window - prompt.length);
  for (const [name, strategy] of strategies) {
    const perToken = { cached: [] as number[], whole: [] as number[] };
    await continuePrompt(compiled, prompt, { strategy, maxTokens: 2 });
    await continuePrompt(compiled, prompt, { strategy, maxTokens: 2, cache: false });
    for (let r = 0; r < rounds; r++) {
      for (const cache of [true, false]) {
        const start = performance.now();
        const result = await continuePrompt(compiled, prompt, { strategy, maxTokens: count, cache });
        perToken[cache ? 'cached' : 'whole'].push((performance.now() - start) / Math.max(1, result.tokens.length));
      }
    }
    const cached = median(perToken.cached);
    const whole = median(perToken.whole);
    const line = `| ${id} (T ${window}) | ${name} | ${count} | ${whole.toFixed(1)} | ${cached.toFixed(1)} | **${(whole / cached).toFixed(1)}×** |`;
    console.log(line);
    rows.push(line);
  }
  compiled.dispose();
}

const text = `# Generation: kept keys and values against the whole window

Generated ${new Date().toISOString()} on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, load average ${loadavg()[0].toFixed(2)};
Node wasm with the CLI's two matmul threads, untrained weights, an 8-token prompt; medians of ${rounds} interleaved rounds.
"Whole window" runs the model on the prompt and everything generated so far at every step (what generation did
before); "kept" keeps each prefix's attention keys and values and runs only the new token through the layers.

| model | strategy | tokens | whole window, ms/token | kept keys and values, ms/token | speed-up |
| --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Rerun: \`npm run bench:decoding\`.
`;
await writeFile(join(root, 'bench/decoding-results.md'), text);
console.log('wrote bench/decoding-results.md');
process.exit(0);
