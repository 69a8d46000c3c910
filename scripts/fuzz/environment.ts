import { nodeDataSources } from '../../app/dataSources';
import { templates } from '../../engine';
import { initBackend } from '../../engine/runtime';
import { runCheckedCase } from './invariants';
import { DEFAULT_PIPELINE_LIMITS, type PipelineEnv } from './pipeline';
import { FuzzRandom } from './random';
import { shrinkForTraining } from './tinyDocument';

/** The pipeline's environment in Node: the bundled data files read from disk, the default limits. */
export function nodeFuzzEnv(overrides: Partial<PipelineEnv> = {}): PipelineEnv {
  return { ...DEFAULT_PIPELINE_LIMITS, dataSources: nodeDataSources(), ...overrides };
}

/**
 * Starts the backend and trains one step of a shrunken template, so most of what tfjs and the kernels create once
 * (and keep) is made before the first counted case. (What a later case's first use of a kernel keeps is told
 * apart from a leak by running that case again: see `runCaseTwiceOnLeak`.)
 */
export async function prepareBackend(backend: 'wasm' | 'cpu', env: PipelineEnv): Promise<void> {
  await initBackend(backend, { spawnHelper: null });
  const reverse = templates.find((t) => t.id === 'reverse')!;
  const doc = structuredClone(reverse.build()) as unknown as Record<string, unknown>;
  shrinkForTraining(doc, new FuzzRandom(1));
  await runCheckedCase({ kind: 'document-object', value: doc }, true, env);
}
