import type { Problem } from '../graph/errors';

/** What the model file's problems tell the user to do, and the one-problem failure they all return. */

export const FIX_RESAVE = 'Open a file saved by Tensorloom, or ask for a fresh copy of this one.';

export const FIX_DAMAGED = 'The file was cut short or changed after it was saved: copy it again from where it came from, or open an earlier save.';

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
