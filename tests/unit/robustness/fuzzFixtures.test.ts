import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../engine/runtime';
import { nodeFuzzEnv, prepareBackend } from '../../../scripts/fuzz/environment';
import { FIXTURE_DIR, listFixtures, readPending } from '../../../scripts/fuzz/fixtures';
import { runCaseTwiceOnLeak } from '../../../scripts/fuzz/invariants';
import type { PipelineEnv } from '../../../scripts/fuzz/pipeline';

/**
 * Every fixture in tests/fixtures/fuzz — written by hand, or found by `npm run fuzz` (found/) — goes through the
 * fuzzer's pipeline (parse → analyse → compile or one training step → save → open) and must end valid or refused
 * with a coded problem, leak no tensor and leave the built-in prototypes alone. A failure the fuzzer ever found
 * stays here as a fixture; those whose fix has not landed are listed in pending.json and reported as to-do.
 */
const fixtures = listFixtures();
const pending = new Map(readPending().map((p) => [p.fixture, p.reason]));
/** A found fixture runs on the backend it was found on; one written by hand runs on both. */
const backendsOf = (f: (typeof fixtures)[number]): ('cpu' | 'wasm')[] => (f.file.backend ? [f.file.backend] : ['cpu', 'wasm']);
const backends = [...new Set(fixtures.flatMap(backendsOf))];
let env: PipelineEnv;

describe('fuzz fixtures end valid or with a coded problem', () => {
  beforeAll(async () => {
    env = nodeFuzzEnv();
    // Each backend's one-time tensors are made before any fixture counts its own.
    for (const backend of backends) await prepareBackend(backend, env);
  });

  it('has fixtures, and every pending entry names one of them', () => {
    expect(fixtures.length).toBeGreaterThan(0);
    for (const path of pending.keys()) expect(existsSync(join(FIXTURE_DIR, path)), `${path} is listed in pending.json but missing`).toBe(true);
  });

  for (const fixture of fixtures) {
    const reason = pending.get(fixture.path);
    if (reason) {
      it.todo(`${fixture.path} (${fixture.file.description.slice(0, 80)}): ${reason}`);
      continue;
    }
    for (const backend of backendsOf(fixture)) {
      it(`${fixture.path} on ${backend}: ${fixture.file.description.slice(0, 100)}`, async () => {
        await initBackend(backend, { spawnHelper: null });
        const run = await runCaseTwiceOnLeak(fixture.input, fixture.file.train, env);
        const verdict = run.verdict.status === 'failure' ? `${run.verdict.kind} at ${run.stage}: ${run.verdict.name}: ${run.verdict.message}` : 'valid or coded';
        expect(verdict).toBe('valid or coded');
      });
    }
  }
});
