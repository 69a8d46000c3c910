import type { FuzzOptions } from './args';
import type { Stage } from './pipeline';
import type { CaseReport } from './protocol';
import type { Verdict } from './verdict';

export interface FailureRecord {
  seed: number;
  index: number;
  family: string;
  description: string;
  stage: Stage;
  signature: string;
  failure: Extract<Verdict, { status: 'failure' }>;
  /** Listed in tests/fixtures/fuzz/pending.json: its fix is in progress. */
  known: boolean;
  /** Where the reproducer was written (the first failure of its kind in the run only). */
  fixture?: string;
}

export interface FuzzSummary {
  seed: number;
  backend: string;
  cases: number;
  seconds: number;
  casesPerSecond: number;
  /** `valid: trained a step`, `refused at analyse`, `failure: leak`, … */
  outcomes: Record<string, number>;
  /** Cases per error code (a case counts once per code it was refused or warned with). */
  codes: Record<string, number>;
  families: Record<string, { cases: number; meanMs: number; maxMs: number }>;
  slowest: { index: number; family: string; ms: number }[];
  failures: FailureRecord[];
  newFailures: number;
}

function outcomeOf(r: CaseReport): string {
  if (r.failure) return `failure: ${r.failure.kind}`;
  if (r.status === 'refused') return `refused at ${r.stage}`;
  if (r.trained) return 'valid: trained a step, saved, reopened, continued a step';
  if (r.compiled) return 'valid: compiled, saved, reopened';
  return 'valid: analysed, saved, reopened (too large to build here)';
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function sortedCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

export function summarise(options: FuzzOptions, reports: readonly CaseReport[], failures: readonly FailureRecord[], elapsedMs: number): FuzzSummary {
  const outcomes: Record<string, number> = {};
  const codes: Record<string, number> = {};
  const families: Record<string, { cases: number; totalMs: number; maxMs: number }> = {};
  for (const r of reports) {
    increment(outcomes, outcomeOf(r));
    for (const code of r.codes) increment(codes, code);
    const f = (families[r.family] ??= { cases: 0, totalMs: 0, maxMs: 0 });
    f.cases++;
    f.totalMs += r.ms;
    f.maxMs = Math.max(f.maxMs, r.ms);
  }
  const slowest = [...reports].sort((a, b) => b.ms - a.ms).slice(0, 5).map((r) => ({ index: r.index, family: r.family, ms: Math.round(r.ms) }));
  return {
    seed: options.seed,
    backend: options.backend,
    cases: reports.length,
    seconds: Math.round(elapsedMs / 100) / 10,
    casesPerSecond: Math.round((10 * reports.length) / Math.max(elapsedMs / 1000, 1e-3)) / 10,
    outcomes: sortedCounts(outcomes),
    codes: sortedCounts(codes),
    families: Object.fromEntries(Object.entries(families).map(([k, f]) => [k, { cases: f.cases, meanMs: Math.round(f.totalMs / f.cases), maxMs: Math.round(f.maxMs) }])),
    slowest,
    failures: [...failures],
    newFailures: failures.filter((f) => !f.known).length,
  };
}

export function formatReport(s: FuzzSummary): string {
  const lines: string[] = [];
  lines.push(`${s.cases} cases in ${s.seconds} s (${s.casesPerSecond}/s), seed ${s.seed}, ${s.backend} backend`);
  lines.push('outcomes:');
  for (const [k, n] of Object.entries(s.outcomes)) lines.push(`  ${String(n).padStart(7)}  ${k}`);
  lines.push('error codes (cases):');
  for (const [k, n] of Object.entries(s.codes)) lines.push(`  ${String(n).padStart(7)}  ${k}`);
  lines.push('families (cases, mean / max ms):');
  for (const [k, f] of Object.entries(s.families)) lines.push(`  ${String(f.cases).padStart(7)}  ${k} (${f.meanMs} / ${f.maxMs} ms)`);
  lines.push(`slowest: ${s.slowest.map((c) => `case ${c.index} (${c.family}) ${c.ms} ms`).join(', ')}`);
  const known = s.failures.length - s.newFailures;
  lines.push(`failures: ${s.failures.length} (${s.newFailures} new, ${known} known: listed in tests/fixtures/fuzz/pending.json)`);
  for (const f of s.failures) {
    lines.push(`  ${f.known ? 'known' : 'NEW  '} case ${f.index} [${f.family}] ${f.failure.kind} at ${f.stage}: ${f.failure.name}: ${f.failure.message.slice(0, 240)}`);
    lines.push(`        ${f.description.slice(0, 160)}`);
    lines.push(`        again: npm run fuzz -- --seed ${f.seed} --case ${f.index}${f.fixture ? `   reproducer: ${f.fixture}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
