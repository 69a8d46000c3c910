/** Rewrites bench/results.md from bench/results.json (after a change to the report's wording, no rerun). */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderResultsMarkdown, type BenchResults } from './results';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = JSON.parse(await readFile(join(root, 'bench/results.json'), 'utf8')) as BenchResults;
await writeFile(join(root, 'bench/results.md'), renderResultsMarkdown(results));
