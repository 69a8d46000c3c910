import type { BlockSpec, ParamSpec, ParamValue, Params } from '../blocks/types';
import { coded, elide, elideJson, type MessageKey, type MessageParams, type Problem } from './errors';
import { englishMessage } from './messages';

export function defaultParams(spec: BlockSpec): Params {
  const out: Params = {};
  for (const p of spec.params) out[p.name] = p.default;
  return out;
}

/** Checks one value against its spec; returns the rule it breaks (a keyed phrase) when it does not fit. */
export function paramRule(p: ParamSpec, v: ParamValue): { key: MessageKey; params: MessageParams } | undefined {
  switch (p.type) {
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v)) return { key: 'param.rule.whole', params: {} };
      if (v < p.min || v > p.max) return { key: 'param.rule.range', params: { min: String(p.min), max: String(p.max) } };
      return undefined;
    case 'float':
      if (typeof v !== 'number' || !Number.isFinite(v)) return { key: 'param.rule.number', params: {} };
      if (v < p.min || v > p.max) return { key: 'param.rule.range', params: { min: String(p.min), max: String(p.max) } };
      return undefined;
    case 'enum':
      if (typeof v !== 'string' || !p.options.includes(v)) return { key: 'param.rule.option', params: { options: p.options.join(', ') } };
      return undefined;
    case 'bool':
      return typeof v === 'boolean' ? undefined : { key: 'param.rule.bool', params: {} };
  }
}

/** Checks one value against its spec; returns a reason (English) when it does not fit. */
export function checkParam(p: ParamSpec, v: ParamValue): string | undefined {
  const rule = paramRule(p, v);
  return rule && englishMessage(rule.key, rule.params).message;
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
    const rule = paramRule(p, v);
    if (rule) {
      const reason = englishMessage(rule.key, rule.params).message;
      // The rule is a phrase of its own: the UI says it in the learner's language from `ruleKey` and the rule's params.
      const params = { block: elide(label), param: p.label, value: elideJson(v), reason, default: JSON.stringify(p.default), ruleKey: rule.key, ...rule.params };
      problems.push({ ...coded('E_BAD_PARAM', 'param.invalid', params), nodeId });
    } else {
      params[p.name] = v;
    }
  }
  return { params, problems };
}
