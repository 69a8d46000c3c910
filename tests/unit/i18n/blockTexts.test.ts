import { describe, expect, it } from 'vitest';
import { BLOCK_KINDS, specs, type BlockKind, type BlockSpec, type InputTypes, type ParamSpec, type Params, type PortKind } from '../../../engine';
import type { TensorType } from '../../../engine/graph/shapes';
import { blockName } from '../../../renderer/i18n';
import { blockText, memoryTermLabel, nodeTitle, optionLabel, portLabel } from '../../../renderer/i18n/blockText';
import { koBlockTexts, koMemoryTermWords } from '../../../renderer/i18n/blockTexts.ko';

/** Texts that read the same in Korean: names of architectures, dims and operands, kept as the notes keep them. */
const SAME_IN_KOREAN = new Set(['LSTM', 'GRU', 'T', 'a', 'b', 'tanh']);

/**
 * Tokens of formulas and names that are symbols, not English words: math functions, the dims the canvas names,
 * and activation names kept in Latin letters in Korean texts too.
 */
const SYMBOLS = new Set(['act', 'units', 'hidden', 'softmax', 'concat', 'head', 'sin', 'cos', 'tanh', 'log', 'max', 'relu', 'gelu', 'id']);

const HANGUL = /[\uac00-\ud7a3]/;

/**
 * The English words of a text: runs of letters that are not identifiers (with _ or digits, camelCase), acronyms
 * (LSTM, [PAD]), single letters (a, b, Q) or symbols.
 */
function englishWords(text: string): string[] {
  const tokens = text.match(/[A-Za-z_][A-Za-z0-9_’'-]*/g) ?? [];
  return tokens
    .map((t) => t.replace(/[’'-]+$/, ''))
    .filter((t) => t.length >= 2 && /^[A-Za-z’'-]+$/.test(t))
    .filter((t) => t !== t.toUpperCase() && !/[A-Z]/.test(t.slice(1)))
    .filter((t) => !SYMBOLS.has(t.toLowerCase()));
}

interface Pair {
  where: string;
  en: string;
  ko: string;
}

/** Every text a block shows, English next to Korean, as the lookup helper resolves them. */
function pairsOf(kind: BlockKind): Pair[] {
  const spec = specs[kind] as BlockSpec;
  const en = blockText(spec, 'en');
  const ko = blockText(spec, 'ko');
  const pairs: Pair[] = [
    { where: `${kind}.name`, en: en.name, ko: ko.name },
    { where: `${kind}.summary`, en: en.summary, ko: ko.summary },
    { where: `${kind}.what`, en: en.explanation.what, ko: ko.explanation.what },
    { where: `${kind}.shapes`, en: en.explanation.shapes, ko: ko.explanation.shapes },
    { where: `${kind}.why`, en: en.explanation.why, ko: ko.explanation.why },
  ];
  const koFormula = koBlockTexts[kind].explanation.formula;
  if (koFormula !== undefined) pairs.push({ where: `${kind}.formula`, en: spec.explanation.formula, ko: koFormula });
  for (const p of spec.params) {
    pairs.push({ where: `${kind}.params.${p.name}.label`, en: en.params[p.name].label, ko: ko.params[p.name].label });
    pairs.push({ where: `${kind}.params.${p.name}.help`, en: en.params[p.name].help, ko: ko.params[p.name].help });
    if (p.type === 'enum') {
      for (const o of p.options) pairs.push({ where: `${kind}.params.${p.name}.options.${o}`, en: o, ko: optionLabel(ko.params[p.name], o) });
    }
  }
  for (const port of [...spec.inputs, ...spec.outputs]) {
    pairs.push({ where: `${kind}.ports.${port.name}`, en: port.label, ko: ko.ports[port.name].label });
    if (port.doc !== undefined) pairs.push({ where: `${kind}.ports.${port.name}.help`, en: port.doc, ko: ko.ports[port.name].help ?? '' });
  }
  return pairs;
}

const allPairs = BLOCK_KINDS.flatMap(pairsOf);

describe('Korean block texts cover the registry', () => {
  it('has one entry per block kind, and none for a kind the registry lacks', () => {
    expect(Object.keys(koBlockTexts).sort()).toEqual([...BLOCK_KINDS].sort());
  });

  it.each(BLOCK_KINDS)('%s: a text for every param and enum value, and no stale ones', (kind) => {
    const spec = specs[kind] as BlockSpec;
    const ko = koBlockTexts[kind];
    expect(Object.keys(ko.params).sort()).toEqual(spec.params.map((p) => p.name).sort());
    for (const p of spec.params) {
      const text = ko.params[p.name];
      expect(text.label, `${kind}.${p.name}`).not.toBe('');
      expect(text.help, `${kind}.${p.name}`).not.toBe('');
      if (p.type === 'enum') expect(Object.keys(text.options ?? {}).sort(), `${kind}.${p.name}`).toEqual([...p.options].sort());
      else expect(text.options, `${kind}.${p.name}: only enum params have value names`).toBeUndefined();
    }
  });

  it.each(BLOCK_KINDS)('%s: a text for every port, with help exactly where the spec documents the port', (kind) => {
    const spec = specs[kind] as BlockSpec;
    const ports = [...spec.inputs, ...spec.outputs];
    const ko = koBlockTexts[kind];
    expect(Object.keys(ko.ports).sort()).toEqual(ports.map((p) => p.name).sort());
    for (const p of ports) {
      expect(ko.ports[p.name].label, `${kind}.${p.name}`).not.toBe('');
      expect(ko.ports[p.name].help !== undefined, `${kind}.${p.name}: help`).toBe(p.doc !== undefined);
    }
  });

  it('gives a Korean formula exactly where the English formula has words', () => {
    for (const kind of BLOCK_KINDS) {
      const hasWords = englishWords(specs[kind].explanation.formula).length > 0;
      expect(koBlockTexts[kind].explanation.formula !== undefined, `${kind}: ${englishWords(specs[kind].explanation.formula).join(', ')}`).toBe(hasWords);
    }
  });
});

describe('Korean block texts are Korean', () => {
  it('checks a few thousand characters of text', () => {
    expect(allPairs.length).toBeGreaterThan(300);
  });

  it('no text is the English one copied, beyond a short list of names kept as they are', () => {
    const copied = allPairs.filter((p) => p.ko === p.en && !SAME_IN_KOREAN.has(p.en)).map((p) => `${p.where}: ${p.en}`);
    expect(copied).toEqual([]);
  });

  it('every text whose English has words is written in Hangul', () => {
    const notKorean = allPairs.filter((p) => englishWords(p.en).length > 0 && !HANGUL.test(p.ko)).map((p) => `${p.where}: ${p.ko}`);
    expect(notKorean).toEqual([]);
  });

  it('the word check finds words and skips symbols', () => {
    expect(englishWords('y = act(x W + b),  W ∈ ℝ^{d_in×units}')).toEqual([]);
    expect(englishWords('[PAD] LSTM d_model maxLength Q')).toEqual([]);
    expect(englishWords('out_t = x_t + PE_t;  sinusoidal: PE')).toEqual(['sinusoidal']);
    expect(englishWords('ids (mask)')).toEqual(['ids', 'mask']);
  });
});

describe('the lookup helper', () => {
  it('returns the spec’s own English for English, value names included', () => {
    const spec = specs.dense as BlockSpec;
    const en = blockText(spec, 'en');
    expect(en.name).toBe(spec.label);
    expect(en.summary).toBe(spec.summary);
    expect(en.explanation).toEqual(spec.explanation);
    expect(en.params.activation.label).toBe('Activation');
    expect(optionLabel(en.params.activation, 'gelu')).toBe('gelu');
    expect(en.ports.in.label).toBe('in');
  });

  it('returns Korean for ko and regional Korean, English for any other language', () => {
    const spec = specs.multiHeadAttention as BlockSpec;
    expect(blockText(spec, 'ko').params.heads.label).toBe('헤드 수');
    expect(blockText(spec, 'ko-KR').params.heads.label).toBe('헤드 수');
    expect(blockText(spec, 'fr').params.heads.label).toBe('Heads');
    expect(blockText(spec, 'ko').ports.query.help).toBe(koBlockTexts.multiHeadAttention.ports.query.help);
  });

  it('keeps a pure formula as the spec writes it', () => {
    expect(blockText(specs.lstm as BlockSpec, 'ko').explanation.formula).toBe(specs.lstm.explanation.formula);
    expect(blockText(specs.lmHead as BlockSpec, 'ko').explanation.formula).toContain('퍼플렉서티');
  });

  it('names nodes and ports in menus in the language, the user’s own label first', () => {
    expect(nodeTitle({ id: 'n3', kind: 'layerNorm' }, 'ko')).toBe('층 정규화 (n3)');
    expect(nodeTitle({ id: 'n3', kind: 'layerNorm' }, 'en')).toBe('Layer Norm (n3)');
    expect(nodeTitle({ id: 'n3', kind: 'layerNorm', label: 'Final norm' }, 'ko')).toBe('Final norm');
    expect(nodeTitle({ id: 'n9', kind: 'retired' }, 'ko')).toBe('n9');
    expect(portLabel('addNorm', 'residual', 'ko')).toBe('x (잔차)');
    expect(portLabel('addNorm', 'residual', 'en')).toBe('x (residual)');
    expect(portLabel('addNorm', 'gone', 'ko')).toBe('gone');
  });

  it('names a block the same way in the block name helper and the block texts', () => {
    for (const kind of BLOCK_KINDS) {
      expect(blockName(specs[kind], 'ko')).toBe(blockText(specs[kind] as BlockSpec, 'ko').name);
      expect(blockName(specs[kind], 'en')).toBe(specs[kind].label);
    }
  });
});

const SAMPLE_TYPE: Record<PortKind, TensorType> = {
  tokens: { dtype: 'int32', shape: ['B', 'T'] },
  labels: { dtype: 'int32', shape: ['B'] },
  sequence: { dtype: 'float32', shape: ['B', 'T', 64] },
  vector: { dtype: 'float32', shape: ['B', 64] },
  state: { dtype: 'float32', shape: ['B', 64] },
};

/** Default params, then each enum value, each flipped switch and each nonzero rate on its own, widths set to 64. */
function paramVariants(spec: BlockSpec): Params[] {
  const base: Params = Object.fromEntries(spec.params.map((p: ParamSpec) => [p.name, p.type === 'int' && p.name === 'units' ? 64 : p.default]));
  const variants: Params[] = [base];
  for (const p of spec.params) {
    if (p.type === 'enum') for (const o of p.options) variants.push({ ...base, [p.name]: o });
    if (p.type === 'bool') variants.push({ ...base, [p.name]: !p.default });
    if (p.type === 'float') variants.push({ ...base, [p.name]: Math.min(p.max, Math.max(p.min, 0.1)) });
  }
  return variants;
}

/** The activation-memory terms a block lists over its param variants, with and without its optional inputs. */
function memoryTermLabels(spec: BlockSpec): Set<string> {
  const labels = new Set<string>();
  const ctx = { sizes: { T: 16 }, label: spec.label };
  for (const params of paramVariants(spec)) {
    for (const withOptional of [true, false]) {
      const inputs: InputTypes = Object.fromEntries(spec.inputs.filter((p) => withOptional || !p.optional).map((p) => [p.name, SAMPLE_TYPE[p.kind]]));
      let outputs;
      try {
        outputs = spec.inferShapes(inputs, params, ctx);
      } catch {
        continue; // a combination the block refuses (e.g. a state of the wrong width) shows no cost
      }
      for (const term of spec.cost(inputs, outputs, params).activations) labels.add(term.label);
    }
  }
  return labels;
}

describe('activation-memory terms', () => {
  const labels = new Set(BLOCK_KINDS.flatMap((kind) => [...memoryTermLabels(specs[kind] as BlockSpec)]));

  it('are collected from every block that keeps activations', () => {
    for (const expected of ['scores B·h·T²', 'softmax probabilities', 'dropout mask', 'output']) expect(labels).toContain(expected);
    expect([...labels].some((l) => l.startsWith('cell states '))).toBe(true);
  });

  it('each reads in Korean, with its dims kept', () => {
    const untranslated = [...labels].filter((l) => !l.startsWith('tanh ') && !HANGUL.test(memoryTermLabel(l, 'ko')));
    expect(untranslated).toEqual([]);
    expect(memoryTermLabel('scores B·h·T²', 'ko')).toBe('점수 B·h·T²');
    expect(memoryTermLabel('hidden (pre-activation)', 'ko')).toBe('은닉 (활성화 전)');
    expect(memoryTermLabel('hidden states B·T·64', 'ko')).toBe('은닉 상태 B·T·64');
    expect(memoryTermLabel('scores B·h·T²', 'en')).toBe('scores B·h·T²');
  });

  it('has no Korean word for a term no block lists', () => {
    const used = Object.keys(koMemoryTermWords).filter((words) => [...labels].some((l) => l === words || l.startsWith(`${words} `)));
    expect(used.sort()).toEqual(Object.keys(koMemoryTermWords).sort());
  });
});
