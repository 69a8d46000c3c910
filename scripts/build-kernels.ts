/**
 * Compiles the AssemblyScript kernels (engine/backend/wasm/*.as) to WebAssembly and writes them, base64-encoded,
 * into TypeScript modules under engine/backend/wasm/generated/. Embedding the bytes lets the engine load its
 * kernels in Node, in the browser and in Web Workers without file access or extra bundler configuration.
 * The sources sit beside the TypeScript that drives them (matmulLayout.ts packs matmul.as' arguments in its order,
 * elementwiseModule.ts names elementwise.as' operation codes), so a change to one is seen next to the other. They
 * end in .as, not .ts, so that neither the type checker, lint nor the bundler reads AssemblyScript as TypeScript.
 *
 * matmul.as: two builds, one with relaxed SIMD (fused multiply-add) and one with plain 128-bit SIMD, so
 * engines without relaxed SIMD still get a SIMD kernel (each also on shared memory, for helper threads).
 * elementwise.as: one plain-SIMD build on an imported memory (tfjs-backend-wasm's heap); relaxed SIMD would
 * add nothing there, since those kernels must round exactly as tfjs' own do (no fused multiply-add).
 * recurrent.as: the fused recurrent time loops on tfjs' heap, with relaxed SIMD (fused multiply-add in their products;
 * they need not round as tfjs does) and with plain SIMD, each also for a shared heap.
 * Run: `npm run build:kernels`. With `--check` (`npm run build:kernels -- --check`, part of `npm test`) it writes
 * nothing and fails when a committed module differs from what the sources compile to. `--only matmul` (or
 * elementwise, recurrent) builds or checks that one module alone.
 */
import asc from 'assemblyscript/asc';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourcePath = join(root, 'engine/backend/wasm/matmul.as');
const outputPath = join(root, 'engine/backend/wasm/generated/matmulWasm.ts');
const elementwiseSourcePath = join(root, 'engine/backend/wasm/elementwise.as');
const elementwiseOutputPath = join(root, 'engine/backend/wasm/generated/elementwiseWasm.ts');
const recurrentSourcePath = join(root, 'engine/backend/wasm/recurrent.as');
const recurrentOutputPath = join(root, 'engine/backend/wasm/generated/recurrentWasm.ts');

/** Shared-memory builds import their memory so helper threads can instantiate the same module on it. */
const SHARED_MEMORY = { importMemory: true, sharedMemory: true, initialMemory: 16, maximumMemory: 16384 };
/** Builds for tfjs-backend-wasm's heap: an imported memory they bring nothing into, unshared or shared. */
const HEAP_MEMORY = { importMemory: true, initialMemory: 0 };
/**
 * tfjs' heap made shared (engine/backend/wasm/sharedHeap.ts) keeps the module's own limits, up to 65,536 pages: an
 * imported memory matches when its maximum is at most the declared one, so these declare the largest there is.
 */
const SHARED_HEAP_MEMORY = { importMemory: true, sharedMemory: true, initialMemory: 0, maximumMemory: 65536 };

async function compile(source: string, features: string[], memory: Record<string, unknown> = {}, name = 'matmul.ts'): Promise<Uint8Array> {
  const result = await asc.compileString(
    { [name]: source },
    { optimizeLevel: 3, shrinkLevel: 0, noAssert: true, runtime: 'stub', enable: features, ...memory },
  );
  if (result.error || !result.binary) {
    throw new Error(`AssemblyScript build failed: ${result.error?.message}\n${result.stderr.toString()}`);
  }
  return result.binary;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** Ids of the top-level sections of a WebAssembly binary, in order. */
function sectionIds(bytes: Uint8Array): number[] {
  const ids: number[] = [];
  let at = 8; // magic and version
  while (at < bytes.length) {
    const id = bytes[at++];
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++];
      size |= (byte & 0x7f) << shift;
      if (byte < 0x80) break;
    }
    ids.push(id);
    at += size;
  }
  return ids;
}

const DATA_SECTION = 11;

/**
 * A kernel for another module's memory (tfjs-backend-wasm's heap) must bring nothing into it: a data segment
 * would be written over that heap when the module is instantiated. It may import that memory and nothing else.
 */
function assertHeapSafe(bytes: Uint8Array, name: string): void {
  if (sectionIds(bytes).includes(DATA_SECTION)) throw new Error(`${name} compiled with static data; it must have none.`);
  // Reading the imports compiles the module: a Node without relaxed SIMD checks the plain build's (same source).
  if (!WebAssembly.validate(new Uint8Array(bytes))) return;
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(new Uint8Array(bytes)));
  if (imports.length !== 1 || imports[0].kind !== 'memory') {
    throw new Error(`${name} must import only its memory, not ${JSON.stringify(imports)}.`);
  }
}

/** elementwise.as on tfjs' heap (shared or not): it must bring nothing into that memory, as assertHeapSafe checks. */
async function compileElementwise(shared: boolean): Promise<Uint8Array> {
  const source = await readFile(elementwiseSourcePath, 'utf8');
  const bytes = shared
    ? await compile(source, ['simd', 'threads'], SHARED_HEAP_MEMORY, 'elementwise.ts')
    : await compile(source, ['simd'], HEAP_MEMORY, 'elementwise.ts');
  assertHeapSafe(bytes, `elementwise.as${shared ? ' (shared heap)' : ''}`);
  return bytes;
}

/** recurrent.as on tfjs' heap (shared or not), with relaxed SIMD's fused multiply-add or plain SIMD. */
async function compileRecurrent(shared: boolean, relaxed: boolean): Promise<Uint8Array> {
  const source = await readFile(recurrentSourcePath, 'utf8');
  const features = relaxed ? ['simd', 'relaxed-simd'] : ['simd'];
  const bytes = shared
    ? await compile(source, [...features, 'threads'], SHARED_HEAP_MEMORY, 'recurrent.ts')
    : await compile(source, features, HEAP_MEMORY, 'recurrent.ts');
  assertHeapSafe(bytes, `recurrent.as (${features.join(', ')}${shared ? ', shared heap' : ''})`);
  return bytes;
}

async function buildRecurrent(): Promise<Output> {
  const simd = await compileRecurrent(false, false);
  const simdShared = await compileRecurrent(true, false);
  const relaxed = await compileRecurrent(false, true);
  const relaxedShared = await compileRecurrent(true, true);
  const text = `// Generated by scripts/build-kernels.ts from engine/backend/wasm/recurrent.as. Do not edit.
/** The fused recurrent time loops (simple RNN, LSTM, GRU; forward and backward) on tfjs-backend-wasm's heap, plain SIMD. */
export const recurrentSimdWasmBase64 =
  '${base64(simd)}';
/** The same on tfjs' heap made shared (pages 0..${SHARED_HEAP_MEMORY.maximumMemory}). */
export const recurrentSimdSharedHeapWasmBase64 =
  '${base64(simdShared)}';
/** The loops with relaxed SIMD's fused multiply-add in their products, on tfjs' heap. */
export const recurrentRelaxedSimdWasmBase64 =
  '${base64(relaxed)}';
/** The relaxed-SIMD loops on tfjs' heap made shared. */
export const recurrentRelaxedSimdSharedHeapWasmBase64 =
  '${base64(relaxedShared)}';
`;
  return { path: recurrentOutputPath, text, summary: `4 builds, ${simd.length + simdShared.length + relaxed.length + relaxedShared.length} bytes of wasm` };
}

async function compileForHeap(source: string, features: string[], shared = false): Promise<Uint8Array> {
  const bytes = await compile(source, shared ? [...features, 'threads'] : features, shared ? SHARED_HEAP_MEMORY : HEAP_MEMORY);
  assertHeapSafe(bytes, `matmul.as (${features.join(', ')}${shared ? ', shared heap' : ''})`);
  return bytes;
}

/** A generated module: where it goes and its full text. */
interface Output {
  path: string;
  text: string;
  summary: string;
}

async function buildElementwise(): Promise<Output> {
  const simd = await compileElementwise(false);
  const simdShared = await compileElementwise(true);
  const text = `// Generated by scripts/build-kernels.ts from engine/backend/wasm/elementwise.as. Do not edit.
/** SIMD elementwise kernels (Add, Sub, Multiply, RealDiv, Exp, Transpose, Adam) on an imported memory: tfjs-backend-wasm's heap. */
export const elementwiseSimdWasmBase64 =
  '${base64(simd)}';
/** The same kernels on tfjs' heap made shared (pages 0..${SHARED_HEAP_MEMORY.maximumMemory}). */
export const elementwiseSimdSharedHeapWasmBase64 =
  '${base64(simdShared)}';
`;
  return { path: elementwiseOutputPath, text, summary: `${simd.length} bytes of wasm` };
}

async function buildMatmul(): Promise<Output> {
  const source = await readFile(sourcePath, 'utf8');
  const simd = await compile(source, ['simd']);
  const relaxed = await compile(source, ['simd', 'relaxed-simd']);
  const simdShared = await compile(source, ['simd', 'threads'], SHARED_MEMORY);
  const relaxedShared = await compile(source, ['simd', 'relaxed-simd', 'threads'], SHARED_MEMORY);
  const simdHeap = await compileForHeap(source, ['simd']);
  const relaxedHeap = await compileForHeap(source, ['simd', 'relaxed-simd']);
  const simdSharedHeap = await compileForHeap(source, ['simd'], true);
  const relaxedSharedHeap = await compileForHeap(source, ['simd', 'relaxed-simd'], true);
  const text = `// Generated by scripts/build-kernels.ts from engine/backend/wasm/matmul.as. Do not edit.
/** SIMD matmul kernel using relaxed-SIMD fused multiply-add. */
export const matmulRelaxedSimdWasmBase64 =
  '${base64(relaxed)}';
/** SIMD matmul kernel using plain 128-bit SIMD. */
export const matmulSimdWasmBase64 =
  '${base64(simd)}';
/** The relaxed-SIMD kernel on an imported shared memory (pages ${SHARED_MEMORY.initialMemory}..${SHARED_MEMORY.maximumMemory}), for helper threads. */
export const matmulRelaxedSimdSharedWasmBase64 =
  '${base64(relaxedShared)}';
/** The plain SIMD kernel on an imported shared memory, for helper threads. */
export const matmulSimdSharedWasmBase64 =
  '${base64(simdShared)}';
/** The relaxed-SIMD kernel on an imported memory it brings nothing into: tfjs-backend-wasm's heap, operands in place. */
export const matmulRelaxedSimdHeapWasmBase64 =
  '${base64(relaxedHeap)}';
/** The plain SIMD kernel on tfjs-backend-wasm's heap. */
export const matmulSimdHeapWasmBase64 =
  '${base64(simdHeap)}';
/** The relaxed-SIMD kernel on tfjs' heap made shared: both threads compute on the tensors in place. */
export const matmulRelaxedSimdSharedHeapWasmBase64 =
  '${base64(relaxedSharedHeap)}';
/** The plain SIMD kernel on tfjs' heap made shared. */
export const matmulSimdSharedHeapWasmBase64 =
  '${base64(simdSharedHeap)}';
`;
  const all = [simd, relaxed, simdShared, relaxedShared, simdHeap, relaxedHeap, simdSharedHeap, relaxedSharedHeap];
  return { path: outputPath, text, summary: `${all.length} kernels, ${all.reduce((sum, b) => sum + b.length, 0)} bytes of wasm` };
}

/**
 * Builds every module in memory, then writes them, or with `--check` compares them with the committed files and
 * fails naming each that differs (the committed modules must be exactly what the sources compile to).
 */
async function main(): Promise<void> {
  const builders = { elementwise: buildElementwise, matmul: buildMatmul, recurrent: buildRecurrent };
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
  if (only !== undefined && !(only in builders)) throw new Error(`--only takes one of ${Object.keys(builders).join(', ')}, not ${only}.`);
  const outputs: Output[] = [];
  for (const [name, build] of Object.entries(builders)) if (!only || name === only) outputs.push(await build());
  if (process.argv.includes('--check')) {
    const stale: string[] = [];
    for (const { path, text } of outputs) {
      const current = await readFile(path, 'utf8').catch(() => null);
      if (current !== text) stale.push(relative(root, path));
    }
    if (stale.length) {
      console.error(`Out of date with engine/backend/wasm/*.as: ${stale.join(', ')}. Run npm run build:kernels and commit the result.`);
      process.exitCode = 1;
      return;
    }
    console.log(`build:kernels --check: ${outputs.map(({ path }) => relative(root, path)).join(', ')} match their sources`);
    return;
  }
  for (const { path, text, summary } of outputs) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    console.log(`wrote ${relative(root, path)} (${summary})`);
  }
}

await main();
