import type { Stage } from './pipeline';
import type { Verdict } from './verdict';

type Failure = Extract<Verdict, { status: 'failure' }>;

/**
 * A failure's kind, stage and message with the particulars (quoted names, numbers) taken out: two cases that
 * fail the same way share one, so each kind of failure is shrunk and written once, and a known one (listed in
 * tests/fixtures/fuzz/pending.json) is recognised however it was reached.
 */
export function failureSignature(failure: Failure, stage: Stage): string {
  const message = failure.message
    .replace(/“[^”]*”|"[^"]*"|'[^']*'|`[^`]*`/g, '·')
    .replace(/\b[A-Za-z0-9_.:-]*__\d+__[A-Za-z0-9_/.:-]*/g, '·')
    .replace(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi, 'N')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
  return `${failure.kind}@${stage}: ${failure.name}: ${message}`;
}
