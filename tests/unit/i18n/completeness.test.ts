/**
 * Every text the learner sees exists in Korean as well as English: the UI strings (en.ts ↔ ko.ts), every
 * engine sentence (MESSAGES ↔ problems.ko.ts, with the same params), every problem code's summary, every
 * template's and dataset's texts. A Korean string equal to its English one is a forgotten translation
 * unless it is listed below as meant (names, symbols, code words).
 */
import { describe, expect, it } from 'vitest';
import {
  analyzeGraph,
  BLOCK_KINDS,
  canConnect,
  checkDatasetFacts,
  ERROR_CODES,
  listDatasets,
  MESSAGES,
  templateParams,
  templates,
  type DatasetFacts,
  type GraphDoc,
  type MessageKey,
} from '../../../engine';
import { readModelFile } from '../../../engine/io';
import { hostileModelFiles } from '../../fixtures/io/hostileModelFiles';
import { koDatasets, koTemplateLabels, koTemplates, localTemplateDoc } from '../../../renderer/i18n/content.ko';
import { en } from '../../../renderer/i18n/en';
import { ko } from '../../../renderer/i18n/ko';
import { koCodeSummaries, koMessages } from '../../../renderer/i18n/problems.ko';
import { problemText, refusalText } from '../../../renderer/problems/problemText';

/** UI strings whose Korean is rightly the English text: product and language names, symbols, code words. */
const SAME_IN_KOREAN = new Set([
  'app.title',
  'languages.en',
  'languages.ko',
  'block.copies', // ×3
  'exportDialog.targets.pytorch.label',
  'exportDialog.targets.tfjs.label',
  'studio.samples.topK', // the sampling terms as the papers and libraries write them
  'studio.samples.topP',
  'studio.nextTokens.bar', // {{token}}: {{percent}}
  'studio.fillMask.bar',
]);

/** Engine sentence parts that hold only params and punctuation. */
const SAME_MESSAGE_PARTS = new Set(['graph.blockFailed.message']);

/** Template block labels that are a name in both languages. */
const SAME_TEMPLATE_LABELS = new Set(['LSTM']);

/** Dataset fields that are names or notation, the same in both languages. */
const SAME_DATASET_FIELDS = new Set<string>([]);

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(path, v);
    else for (const [p, s] of flatten(v, path)) out.set(p, s);
  }
  return out;
}

/** i18next `{{name}}` placeholders. */
function i18nParams(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]))].sort();
}

describe('UI strings', () => {
  const enFlat = flatten(en as unknown as Tree);
  const koFlat = flatten(ko as unknown as Tree);

  it('has a Korean string for every English key, and no Korean key English lacks', () => {
    expect([...enFlat.keys()].filter((k) => !koFlat.has(k))).toEqual([]);
    expect([...koFlat.keys()].filter((k) => !enFlat.has(k))).toEqual([]);
  });

  it('uses the same {{placeholders}} in both languages', () => {
    const differing = [...enFlat].filter(([k, v]) => koFlat.has(k) && i18nParams(v).join() !== i18nParams(koFlat.get(k)!).join()).map(([k]) => k);
    expect(differing).toEqual([]);
  });

  it('translates every string except the listed ones', () => {
    const untranslated = [...enFlat].filter(([k, v]) => koFlat.get(k) === v && v.trim() !== '' && !SAME_IN_KOREAN.has(k)).map(([k]) => k);
    expect(untranslated).toEqual([]);
  });
});

describe('engine sentences', () => {
  const keys = Object.keys(MESSAGES) as MessageKey[];

  it('has a Korean template for every message key, and none for a key the engine lacks', () => {
    expect(keys.filter((k) => !(k in koMessages))).toEqual([]);
    expect(Object.keys(koMessages).filter((k) => !(k in MESSAGES))).toEqual([]);
  });

  it('fills exactly the English template’s params, in message and in fix', () => {
    const differing: string[] = [];
    for (const k of keys) {
      for (const part of ['message', 'fix'] as const) {
        const enParams = templateParams(MESSAGES[k][part]).sort().join();
        const koParams = templateParams(koMessages[k][part]).sort().join();
        if (enParams !== koParams) differing.push(`${k}.${part}: {${enParams}} ≠ {${koParams}}`);
      }
    }
    expect(differing).toEqual([]);
  });

  it('says in Korean every part English says, and no part English leaves empty', () => {
    const mismatched: string[] = [];
    for (const k of keys) {
      for (const part of ['message', 'fix'] as const) {
        const e = MESSAGES[k][part];
        const kk = koMessages[k][part];
        if ((e === '') !== (kk === '')) mismatched.push(`${k}.${part}: empty in one language`);
        else if (e !== '' && e === kk && !SAME_MESSAGE_PARTS.has(`${k}.${part}`)) mismatched.push(`${k}.${part}: Korean equals English`);
      }
    }
    expect(mismatched).toEqual([]);
  });

  it('has a Korean summary for every problem code', () => {
    const codes = Object.keys(ERROR_CODES);
    expect(codes.filter((c) => !(c in koCodeSummaries) || !koCodeSummaries[c as keyof typeof koCodeSummaries].trim())).toEqual([]);
    expect(Object.keys(koCodeSummaries).filter((c) => !(c in ERROR_CODES))).toEqual([]);
    expect(codes.filter((c) => koCodeSummaries[c as keyof typeof koCodeSummaries] === ERROR_CODES[c as keyof typeof ERROR_CODES])).toEqual([]);
  });
});

describe('templates and datasets', () => {
  it('gives every template a Korean title, summary, document name and description', () => {
    const missing: string[] = [];
    for (const t of templates) {
      const k = koTemplates[t.id];
      if (!k) {
        missing.push(t.id);
        continue;
      }
      const doc = t.build();
      for (const [field, english] of [
        ['title', t.title],
        ['summary', t.summary],
        ['description', doc.description ?? ''],
      ] as const) {
        if (!k[field].trim() || k[field] === english) missing.push(`${t.id}.${field}`);
      }
      if (!k.name.trim()) missing.push(`${t.id}.name`);
    }
    expect(missing).toEqual([]);
    expect(Object.keys(koTemplates).filter((id) => !templates.some((t) => t.id === id))).toEqual([]);
  });

  it('gives every label a template puts on a block or group a Korean text, and opens templates with them in Korean', () => {
    const missing = new Set<string>();
    for (const t of templates) {
      const doc = t.build();
      for (const label of [...doc.nodes.map((n) => n.label), ...doc.groups.map((g) => g.label)]) {
        if (!label) continue;
        const k = koTemplateLabels[label];
        if (!k?.trim() || (k === label && !SAME_TEMPLATE_LABELS.has(label))) missing.add(label);
      }
    }
    expect([...missing]).toEqual([]);
    const reverse = templates.find((t) => t.id === 'reverse')!;
    const english = reverse.build();
    const korean = localTemplateDoc('reverse', reverse.build(), 'ko');
    expect(korean.name).toBe(koTemplates.reverse.name);
    expect(korean.nodes.map((n) => n.id)).toEqual(english.nodes.map((n) => n.id));
    expect(korean.nodes.find((n) => n.label === 'Symbols')).toBeUndefined();
    expect(localTemplateDoc('reverse', reverse.build(), 'en')).toEqual(english);
  });

  it('gives every bundled dataset a Korean name, description, source, licence and size', () => {
    const missing: string[] = [];
    for (const d of listDatasets()) {
      const k = koDatasets[d.id];
      if (!k) {
        missing.push(d.id);
        continue;
      }
      for (const field of ['name', 'description', 'source', 'licence', 'size'] as const) {
        if (!k[field].trim() || (k[field] === d[field] && !SAME_DATASET_FIELDS.has(`${d.id}.${field}`))) missing.push(`${d.id}.${field}`);
      }
    }
    expect(missing).toEqual([]);
    expect(Object.keys(koDatasets).filter((id) => !listDatasets().some((d) => d.id === id))).toEqual([]);
  });
});

describe('block texts (where the Korean block table exists)', () => {
  const modules = import.meta.glob<Record<string, unknown>>('../../../renderer/i18n/blockTexts.ko.ts', { eager: true });
  const table = Object.values(modules)[0]?.koBlockTexts as Record<string, unknown> | undefined;
  it.runIf(table !== undefined)('names every block kind in Korean', () => {
    expect(BLOCK_KINDS.filter((k) => !table![k])).toEqual([]);
  });
});

/** A template with one deliberate mistake: the Problems panel and a refused drag say it in each language. */
function brokenGpt(): GraphDoc {
  const doc = templates.find((t) => t.id === 'gpt-mini')!.build();
  const emb = doc.nodes.find((n) => n.kind === 'embedding')!;
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === emb.id ? { ...n, params: { ...n.params, vocabSize: 40 } } : n)) };
}

describe('rendering a problem', () => {
  it('gives back the engine’s English text for every problem of a graph, and Korean with the same numbers', () => {
    const doc = brokenGpt();
    const facts: DatasetFacts = {
      id: 'moby-dick',
      name: 'Moby-Dick (characters)',
      task: 'lm',
      feeds: ['tokens', 'targets'],
      vocabSize: 2143,
      targetVocabSize: 2143,
      classes: 0,
      suggestedLengths: { tokens: 64 },
      sizes: { train: 1000, validation: 100 },
    };
    const problems = checkDatasetFacts(doc, analyzeGraph(doc), facts);
    const rows = problems.find((p) => p.code === 'E_VOCAB_MISMATCH' && p.key === 'fit.embeddingRows');
    expect(rows).toBeDefined();
    expect(problemText(rows!, 'en')).toEqual({ message: rows!.message, fix: rows!.fix });
    expect(rows!.fix).toBe('Set the vocabulary size to 2,143.');
    const korean = problemText(rows!, 'ko');
    expect(korean.fix).toBe('어휘 크기를 2,143(으)로 바꾸세요.');
    expect(korean.message).toContain('모비 딕 (문자)');
    expect(korean.message).not.toContain('Embedding');
    for (const p of problems) expect(problemText(p, 'en')).toEqual({ message: p.message, fix: p.fix });
  });

  it('says why a connection is refused in Korean, with the block’s Korean name', () => {
    const doc = templates.find((t) => t.id === 'gpt-mini')!.build();
    const input = doc.nodes.find((n) => n.kind === 'tokenInput')!;
    const head = doc.nodes.find((n) => doc.edges.some((e) => e.target === n.id && e.targetPort === 'logits'))!;
    const refusal = canConnect(doc, { source: input.id, sourcePort: 'out', target: head.id, targetPort: 'logits' });
    expect(refusal.ok).toBe(false);
    if (refusal.ok) return;
    expect(refusalText(refusal, 'en')).toBe(refusal.reason);
    const korean = refusalText(refusal, 'ko');
    expect(korean).not.toBe(refusal.reason);
    expect(korean).toMatch(/[가-힣]/);
  });

  it('names a missing input by the port label of the block in Korean', () => {
    const doc = templates.find((t) => t.id === 'gpt-mini')!.build();
    const head = doc.nodes.find((n) => doc.edges.some((e) => e.target === n.id && e.targetPort === 'logits'))!;
    const broken = { ...doc, edges: doc.edges.filter((e) => !(e.target === head.id && e.targetPort === 'logits')) };
    const missing = analyzeGraph(broken).problems.find((p) => p.code === 'E_MISSING_INPUT' && p.nodeId === head.id)!;
    expect(missing.key).toBe('graph.missingInput');
    const kindOf = (id: string) => broken.nodes.find((n) => n.id === id)?.kind;
    const korean = problemText(missing, 'ko', kindOf);
    expect(korean.message).toMatch(/[가-힣]/);
    expect(problemText(missing, 'en', kindOf)).toEqual({ message: missing.message, fix: missing.fix });
  });

  it('shows a problem without a key under its code’s Korean summary, keeping the English detail', () => {
    const p = { code: 'E_DATA' as const, message: 'The runtime said no.', fix: 'Try again.' };
    expect(problemText(p, 'ko')).toEqual({ message: `${koCodeSummaries.E_DATA} (The runtime said no.)`, fix: 'Try again.' });
    expect(problemText(p, 'en')).toEqual({ message: p.message, fix: p.fix });
  });

  it('says every problem of a damaged or hostile model file in Korean from its key, and in English as the engine wrote it', () => {
    const unkeyed: string[] = [];
    for (const c of hostileModelFiles) {
      const read = readModelFile(c.bytes(), { limits: c.limits });
      expect(read.ok, c.name).toBe(false);
      if (read.ok) continue;
      for (const p of read.problems) {
        if (!p.key) {
          unkeyed.push(`${c.name}: ${p.code} ${p.message}`);
          continue;
        }
        expect(problemText(p, 'en'), c.name).toEqual({ message: p.message, fix: p.fix });
        const korean = problemText(p, 'ko');
        expect(korean.message, c.name).toMatch(/[가-힣]/);
        expect(korean.fix, c.name).toMatch(/[가-힣]/);
      }
    }
    expect(unkeyed).toEqual([]);
  });
});
