import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadInput, type FuzzInput, type StoredInput } from './fuzzCase';
import type { Stage } from './pipeline';
import type { Verdict } from './verdict';

/**
 * The fuzzer's fixtures: tests/fixtures/fuzz/*.json written by hand, found/*.json written by the fuzzer for
 * every new kind of failure (its smallest reproducer), and pending.json, the found ones whose fix has not
 * landed yet (the regression test reports them as to-do; the fuzzer counts their failures as known).
 */
export const FIXTURE_DIR = fileURLToPath(new URL('../../tests/fixtures/fuzz/', import.meta.url));
export const FOUND_DIR = join(FIXTURE_DIR, 'found');
export const PENDING_FILE = join(FIXTURE_DIR, 'pending.json');

export interface FixtureFile {
  description: string;
  input: StoredInput;
  /** Whether the pipeline trains a step when analysis accepts the graph. */
  train: boolean;
  /** The backend it was found on; hand-written fixtures run on cpu. */
  backend?: 'cpu' | 'wasm';
  found?: { seed: number; case: number; family: string; stage: Stage; signature: string; failure: Extract<Verdict, { status: 'failure' }> };
}

export interface Fixture {
  /** Relative to tests/fixtures/fuzz, e.g. `found/3f9c2a1b7e.json`. */
  path: string;
  file: FixtureFile;
  input: FuzzInput;
}

export interface PendingEntry {
  fixture: string;
  reason: string;
  signature: string;
}

/**
 * A fixture file: the fuzzer's own form (`{ description, input, train, … }`), or, written by hand, a plain graph
 * file (`.json`, read as the document text it is) or a model file (`.tlgraph`, read as its bytes).
 */
function fixtureFile(name: string, bytes: Buffer): FixtureFile {
  if (name.endsWith('.tlgraph')) return { description: `model file ${name}`, input: { kind: 'model-file', base64: bytes.toString('base64') }, train: true };
  const text = bytes.toString('utf8');
  try {
    const value = JSON.parse(text) as Partial<FixtureFile>;
    const input = value && typeof value === 'object' ? (value.input as { kind?: unknown } | undefined) : undefined;
    if (input && typeof input === 'object' && typeof input.kind === 'string' && typeof value.description === 'string') return value as FixtureFile;
  } catch {
    // Not JSON at all: a hand-written document that is broken on purpose.
  }
  return { description: `graph file ${name}`, input: { kind: 'document-text', text }, train: true };
}

export function listFixtures(dir = FIXTURE_DIR): Fixture[] {
  const out: Fixture[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if ((entry.name.endsWith('.json') || entry.name.endsWith('.tlgraph')) && full !== PENDING_FILE) {
        const file = fixtureFile(entry.name, readFileSync(full));
        out.push({ path: relative(dir, full).split('\\').join('/'), file, input: loadInput(file.input) });
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

export function readPending(file = PENDING_FILE): PendingEntry[] {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as PendingEntry[]) : [];
}

export function knownSignatures(): Set<string> {
  const known = new Set<string>();
  for (const f of listFixtures()) if (f.file.found) known.add(f.file.found.signature);
  return known;
}

/** Writes a found failure as found/<hash>.json (the hash of its input, so the same reproducer is one file). */
export function writeFoundFixture(file: FixtureFile): string {
  const hash = createHash('sha256').update(JSON.stringify(file.input)).digest('hex').slice(0, 10);
  mkdirSync(FOUND_DIR, { recursive: true });
  const path = join(FOUND_DIR, `${hash}.json`);
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
  return relative(join(FIXTURE_DIR, '..', '..', '..'), path).split('\\').join('/');
}
