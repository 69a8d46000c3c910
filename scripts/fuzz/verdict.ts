import { ERROR_CODES, type Problem } from '../../engine';

/**
 * What the fuzzer accepts from the engine: a result, or problems each with a known code (never E_INTERNAL, the
 * code for what the checks did not foresee) and a message meant for a person. Anything else is a failure.
 */
export type FailureKind =
  /** An exception without a code: TypeError, RangeError, tfjs' own messages. */
  | 'uncoded'
  /** A coded problem that is really an unforeseen fault: E_INTERNAL, an unknown code, or a JavaScript message wrapped in a code. */
  | 'internal'
  /** A file the engine just wrote does not read back as it was. */
  | 'roundtrip'
  /** `tf.memory().numTensors` after the case differs from before. */
  | 'leak'
  /** Object.prototype, Array.prototype or Function.prototype changed. */
  | 'prototype'
  /** The case ran past its time bound and was killed. */
  | 'timeout'
  /** The case ran past its memory bound. */
  | 'memory'
  /** The thread running the case died. */
  | 'crash';

export type Verdict =
  | { status: 'valid'; codes: string[] }
  | { status: 'refused'; codes: string[]; message?: string }
  | { status: 'failure'; kind: FailureKind; name: string; message: string; stack?: string };

/** JavaScript's and tfjs' own words, which mean an exception slipped through and was wrapped in a code unread. */
const INTERNAL_WORDING = [
  /Cannot read propert/i,
  /Cannot set propert/i,
  /is not a function/,
  /is not iterable/,
  /is not defined/,
  /Maximum call stack/i,
  /Invalid array length/,
  /Array buffer allocation failed/,
  /Invalid typed array length/,
  /\[object Object\]/,
  /Unexpected error/i,
  /out of memory/i,
  /Cannot convert undefined or null/,
  /\bundefined is not\b/,
  /Error in (?:gradient|matMul|concat|gather|reshape)/i,
  /Size\(\d+\) must match the product of shape/,
  /Based on the provided shape/,
];

const CODE_PATTERN = /^E_[A-Z0-9_]+$/;

function problemFault(p: Problem): string | undefined {
  if (!p || typeof p !== 'object') return `a problem that is not an object (${String(p)})`;
  if (typeof p.code !== 'string' || !CODE_PATTERN.test(p.code)) return `a problem without an E_ code (${String(p.code)})`;
  if (!(p.code in ERROR_CODES)) return `the code ${p.code} is not in ERROR_CODES`;
  if (p.code === 'E_INTERNAL') return 'E_INTERNAL';
  if (typeof p.message !== 'string' || !p.message) return `${p.code} without a message`;
  const wording = INTERNAL_WORDING.find((w) => w.test(p.message));
  if (wording) return `${p.code} wraps an internal message`;
  return undefined;
}

export function checkProblems(problems: readonly Problem[], status: 'valid' | 'refused'): Verdict {
  for (const p of problems) {
    const fault = problemFault(p);
    if (fault) return { status: 'failure', kind: 'internal', name: fault, message: `${String(p?.code)}: ${String(p?.message)}` };
  }
  const codes = problems.map((p) => p.code);
  return status === 'refused' && problems.length ? { status, codes, message: problems[0].message } : { status, codes };
}

/** Thrown errors: coded ones (EngineError, BlockError, anything with an E_ code) are refusals; the rest failures. */
export function checkThrown(err: unknown): Verdict {
  const e = err as { code?: unknown; problems?: unknown; name?: unknown; message?: unknown; stack?: unknown } | undefined;
  if (e && typeof e === 'object' && Array.isArray(e.problems) && e.problems.length) return checkProblems(e.problems as Problem[], 'refused');
  if (e && typeof e === 'object' && typeof e.code === 'string' && CODE_PATTERN.test(e.code)) {
    return checkProblems([{ code: e.code as Problem['code'], message: String(e.message), fix: '' }], 'refused');
  }
  const name = e && typeof e === 'object' && typeof e.name === 'string' ? e.name : typeof err;
  const message = e && typeof e === 'object' && typeof e.message === 'string' ? e.message : String(err);
  const stack = e && typeof e === 'object' && typeof e.stack === 'string' ? e.stack.split('\n').slice(0, 8).join('\n') : undefined;
  return { status: 'failure', kind: 'uncoded', name, message, ...(stack ? { stack } : {}) };
}
