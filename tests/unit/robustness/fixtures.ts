import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../../engine/graph/parse';
import type { GraphDoc } from '../../../engine/graph/schema';

const FUZZ = join(__dirname, '../../fixtures/fuzz');

/** The text of a reproducer under tests/fixtures/fuzz. */
export function fuzzText(name: string): string {
  return readFileSync(join(FUZZ, name), 'utf8');
}

/** A reproducer that parses (its problems, if any, come from analysis or compile). */
export function fuzzDoc(name: string): GraphDoc {
  const parsed = parseDocument(fuzzText(name));
  if (!parsed.ok) throw new Error(`${name} does not parse: ${parsed.problems.map((p) => p.message).join(' ')}`);
  return parsed.doc;
}
