import type { Problem } from '../graph/errors';

/** The one-problem failure the model file's checks return (their fixes are `model.fixResave` and `model.fixDamaged`). */

export function fail(problem: Problem): { ok: false; problems: Problem[] } {
  return { ok: false, problems: [problem] };
}

/**
 * A value read from a file, as a message quotes it: text as it is, anything else (an object, a list, a number) as
 * JSON, so a message never says “[object Object]”. Cut to `max` characters.
 */
export function shownValue(value: unknown, max: number): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
