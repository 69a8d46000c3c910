import * as tf from '@tensorflow/tfjs';
import type { FuzzInput } from './fuzzCase';
import { runPipeline, type PipelineEnv, type PipelineResult } from './pipeline';

/**
 * Runs one case and checks what must hold after any case, whatever its outcome: the built-in prototypes are as
 * they were, and every tensor the case made is gone. A case that breaks one is a failure even if its outcome
 * was fine; the prototypes are then put back, so the cases after it run in a clean realm.
 */
const GUARDED: readonly [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
];

type Snapshot = Map<string | symbol, PropertyDescriptor>[];

function snapshotPrototypes(): Snapshot {
  return GUARDED.map(([, proto]) => new Map(Reflect.ownKeys(proto).map((k) => [k, Object.getOwnPropertyDescriptor(proto, k)!])));
}

function sameDescriptor(a: PropertyDescriptor, b: PropertyDescriptor): boolean {
  return a.value === b.value && a.get === b.get && a.set === b.set && a.writable === b.writable && a.enumerable === b.enumerable && a.configurable === b.configurable;
}

/** Names what changed and restores it; empty when nothing did. */
function restorePrototypes(before: Snapshot): string[] {
  const changed: string[] = [];
  GUARDED.forEach(([name, proto], i) => {
    const saved = before[i];
    for (const key of Reflect.ownKeys(proto)) {
      if (saved.has(key)) continue;
      changed.push(`${name}.${String(key)} added`);
      Reflect.deleteProperty(proto, key);
    }
    for (const [key, descriptor] of saved) {
      const now = Object.getOwnPropertyDescriptor(proto, key);
      if (now && sameDescriptor(now, descriptor)) continue;
      changed.push(`${name}.${String(key)} ${now ? 'changed' : 'deleted'}`);
      Object.defineProperty(proto, key, descriptor);
    }
  });
  return changed;
}

export interface CaseRun extends PipelineResult {
  ms: number;
}

export async function runCheckedCase(input: FuzzInput, train: boolean, env: PipelineEnv): Promise<CaseRun> {
  const prototypes = snapshotPrototypes();
  const tensors = tf.memory().numTensors;
  const started = performance.now();
  const run = await runPipeline(input, train, env);
  const ms = performance.now() - started;
  const changed = restorePrototypes(prototypes);
  if (changed.length && run.verdict.status !== 'failure') {
    return { ...run, ms, verdict: { status: 'failure', kind: 'prototype', name: 'prototype changed', message: changed.slice(0, 5).join(', ') } };
  }
  const leaked = tf.memory().numTensors - tensors;
  if (leaked !== 0 && run.verdict.status !== 'failure') {
    const outcome = run.verdict.status === 'refused' ? `refused with ${run.verdict.codes[0]}` : 'valid';
    return { ...run, ms, verdict: { status: 'failure', kind: 'leak', name: 'tensor leak', message: `${leaked} tensors ${leaked > 0 ? 'left behind' : 'disposed too many'} (case ${outcome} at ${run.stage})` } };
  }
  return { ...run, ms };
}

/**
 * A leak is confirmed by running the case again: tfjs and the kernels keep a few tensors the first time an op
 * runs on a backend (constant tables, cached scalars), which the first case to use that op would otherwise be
 * blamed for. A real leak leaks again.
 */
export async function runCaseTwiceOnLeak(input: FuzzInput, train: boolean, env: PipelineEnv): Promise<CaseRun> {
  const first = await runCheckedCase(input, train, env);
  if (first.verdict.status !== 'failure' || first.verdict.kind !== 'leak') return first;
  const again = await runCheckedCase(input, train, env);
  return again.verdict.status === 'failure' && again.verdict.kind === 'leak' ? again : { ...again, ms: first.ms };
}
