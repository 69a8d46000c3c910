/**
 * The engine's two entries, bundled as the app's bundler would (type-only imports dropped): engine/index.ts, which
 * the UI thread and the main process import, reaches no tfjs module; engine/runtime.ts, the tfjs side, does. A
 * runtime import of a tfjs-using module anywhere under engine/index.ts fails the first test with the path to it.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const TFJS = /(^|\/)node_modules\/@tensorflow\//;

async function bundleInputs(entry: string): Promise<Metafile['inputs']> {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'browser',
    logLevel: 'silent',
  });
  return result.metafile.inputs;
}

/** How the bundle reaches `target`: the chain of importers from the entry. */
function importChain(inputs: Metafile['inputs'], entry: string, target: string): string[] {
  const seen = new Map<string, string | null>([[entry, null]]);
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    if (file === target) break;
    for (const { path } of inputs[file]?.imports ?? []) {
      if (!seen.has(path)) {
        seen.set(path, file);
        queue.push(path);
      }
    }
  }
  const chain: string[] = [];
  for (let at: string | null | undefined = target; at; at = seen.get(at)) chain.unshift(at);
  return chain;
}

describe('engine entries', () => {
  it('engine/index.ts loads no tfjs module', async () => {
    const inputs = await bundleInputs('engine/index.ts');
    const tfjs = Object.keys(inputs).filter((path) => TFJS.test(path));
    expect(tfjs.length ? importChain(inputs, 'engine/index.ts', tfjs[0]) : []).toEqual([]);
    // It is the engine's surface, not an empty file: the registry, documents and model files come through it.
    expect(Object.keys(inputs)).toEqual(expect.arrayContaining(['engine/blocks/specs.ts', 'engine/graph/parse.ts', 'engine/io/modelFile.ts']));
  });

  it('engine/runtime.ts is the side that loads tfjs', async () => {
    const inputs = await bundleInputs('engine/runtime.ts');
    expect(Object.keys(inputs).some((path) => TFJS.test(path))).toBe(true);
  });
});
