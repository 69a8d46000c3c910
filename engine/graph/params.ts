import type { BlockSpec, ParamSpec, ParamValue, Params } from '../blocks/types';
import { elide, elideJson, type Problem } from './errors';

export function defaultParams(spec: BlockSpec): Params {
  const out: Params = {};
  for (const p of spec.params) out[p.name] = p.default;
  return out;
}

/** Checks one value against its spec; returns a reason when it does not fit. */
export function checkParam(p: ParamSpec, v: ParamValue): string | undefined {
  switch (p.type) {
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v)) return `must be a whole number`;
      if (v < p.min || v > p.max) return `must be between ${p.min} and ${p.max}`;
      return undefined;
    case 'float':
      if (typeof v !== 'number' || !Number.isFinite(v)) return `must be a number`;
      if (v < p.min || v > p.max) return `must be between ${p.min} and ${p.max}`;
      return undefined;
    case 'enum':
      if (typeof v !== 'string' || !p.options.includes(v)) return `must be one of ${p.options.join(', ')}`;
      return undefined;
    case 'bool':
      return typeof v === 'boolean' ? undefined : 'must be on or off (true/false)';
  }
}

/**
 * Fills defaults, drops parameters the spec does not know (files from newer versions), and reports values
 * that do not fit. Never throws.
 */
export function normalizeParams(
  spec: BlockSpec,
  raw: Readonly<Record<string, ParamValue>>,
  nodeId: string,
  label: string,
): { params: Params; problems: Problem[] } {
  const params = defaultParams(spec);
  const problems: Problem[] = [];
  for (const p of spec.params) {
    if (!Object.prototype.hasOwnProperty.call(raw, p.name)) continue;
    const v = raw[p.name];
    const reason = checkParam(p, v);
    if (reason) {
      problems.push({
        code: 'E_BAD_PARAM',
        nodeId,
        message: `${elide(label)}: “${p.label}” is ${elideJson(v)}, but it ${reason}.`,
        fix: `Set “${p.label}” of ${elide(label)} to a valid value (default ${JSON.stringify(p.default)}).`,
      });
    } else {
      params[p.name] = v;
    }
  }
  return { params, problems };
}
