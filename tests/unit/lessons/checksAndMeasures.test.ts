import { describe, expect, it } from 'vitest';
import {
  LessonError,
  antiDiagonalMass,
  applyShowMe,
  diagonalMass,
  evaluateClaim,
  evaluateTask,
  formatMeasured,
  futureMass,
  lessonById,
  lessonStartDoc,
  resultText,
  type LessonClaim,
} from '../../../engine/lessons';
import type { AttentionMap } from '../../../engine';

const transformer = lessonById('transformer')!;
const task = (id: string) => transformer.tasks.find((t) => t.id === id)!;

function map(rows: number[][], heads = 1): AttentionMap {
  return { nodeId: 'a', copy: 0, heads, rows: rows.map(String), cols: rows[0].map(String), data: Float32Array.from(Array.from({ length: heads }, () => rows.flat()).flat()) };
}

describe('lesson checks', () => {
  it('say which part of a task is missing, and pass once Show me did the step', () => {
    let doc = lessonStartDoc(transformer, 'en');
    doc = applyShowMe(doc, transformer, 'tokens', 'en');
    doc = applyShowMe(doc, transformer, 'positions', 'en');
    const before = evaluateTask(doc, task('attention'));
    expect(before.ok).toBe(false);
    expect(before.results.filter((r) => !r.ok).map((r) => r.check.says.en)).toEqual([
      'positional encoding feeds the first attention block',
      'the tokens reach the attention’s key tokens (padding mask)',
    ]);
    doc = applyShowMe(doc, transformer, 'attention', 'en');
    expect(evaluateTask(doc, task('attention')).ok).toBe(true);
  });

  it('accept a block the learner made under another id, and Show me continues from it instead of adding a copy', () => {
    let doc = applyShowMe(lessonStartDoc(transformer, 'en'), transformer, 'tokens', 'en');
    doc = { ...doc, nodes: [...doc.nodes, { id: 'my_pe', kind: 'positionalEncoding', params: { encoding: 'learned', maxLength: 8, dropout: 0 }, position: { x: 0, y: 0 } }] };
    doc = applyShowMe(doc, transformer, 'positions', 'en');
    expect(doc.nodes.filter((n) => n.kind === 'positionalEncoding').map((n) => n.id)).toEqual(['my_pe']);
    expect(doc.edges.some((e) => e.source === 'embed' && e.target === 'my_pe')).toBe(true);
    expect(evaluateTask(doc, task('positions')).ok).toBe(true);
  });

  it('Show me adds a block when the one of its kind on the canvas has other parameters (a segments input is not the tokens input)', () => {
    const bert = lessonById('bert')!;
    const doc = applyShowMe(lessonStartDoc(bert, 'en'), bert, 'segments', 'en');
    const inputs = doc.nodes.filter((n) => n.kind === 'tokenInput');
    expect(inputs.map((n) => [n.id, n.params.feed])).toEqual([
      ['tokens', 'tokens'],
      ['segments', 'segments'],
    ]);
    expect(doc.edges.filter((e) => e.target === 'pos').map((e) => e.source)).toEqual(['segment_embed']);
  });

  it('report a graph error through the valid check, and label blocks in the chosen language', () => {
    let doc = lessonStartDoc(transformer, 'ko');
    for (const id of ['tokens', 'positions', 'attention', 'add-norm', 'feed-forward', 'stack']) doc = applyShowMe(doc, transformer, id, 'ko');
    const valid = evaluateTask(doc, task('output')).results.find((r) => r.check.kind === 'valid')!;
    expect(valid.ok).toBe(false);
    expect(valid.problem?.code).toMatch(/^E_/);
    expect(doc.nodes.find((n) => n.id === 'embed')?.label).toBe('토큰 임베딩');
    expect(doc.groups).toEqual([expect.objectContaining({ id: 'encoder', repeat: 2, label: '인코더 블록' })]);
  });

  it('Show me refuses with E_LESSON_EDIT when the block it needs is gone', () => {
    const doc = lessonStartDoc(transformer, 'en');
    expect(() => applyShowMe(doc, transformer, 'attention', 'en')).toThrow(LessonError);
    try {
      applyShowMe(doc, transformer, 'attention', 'en');
    } catch (err) {
      expect((err as LessonError).code).toBe('E_LESSON_EDIT');
      // The refusal carries its sentence, so the lesson panel says it in the learner's language.
      expect((err as LessonError).sentence?.key).toBe('lesson.blockNotOnCanvas');
      expect((err as LessonError).message).toMatch(/^The lesson's step refers to a block “.+” that is not on the canvas\.$/);
    }
  });
});

describe('lesson measurements', () => {
  it('read diagonal, anti-diagonal and future mass off attention maps', () => {
    const anti = map([
      [0, 0, 1],
      [0, 1, 0],
      [1, 0, 0],
    ]);
    expect(antiDiagonalMass(anti)).toBeCloseTo(1, 6);
    expect(diagonalMass(anti)).toBeCloseTo(1 / 3, 6);
    expect(futureMass(anti)).toBeCloseTo(1 / 3, 6);
    const causalUniform = map(
      [
        [1, 0, 0],
        [0.5, 0.5, 0],
        [1 / 3, 1 / 3, 1 / 3],
      ],
      2,
    );
    expect(futureMass(causalUniform)).toBe(0);
    expect(antiDiagonalMass(causalUniform)).toBeCloseTo((0 + 0.5 + 1 / 3) / 3, 6);
  });

  it('hold a claim open until its runs are recorded, then compare the measured numbers', () => {
    const claim: LessonClaim = {
      left: { run: 'lstm', metric: 'validationLoss', copy: 0 },
      relation: '<',
      right: { run: 'rnn', metric: 'validationLoss', copy: 0 },
      scale: 1,
      says: { en: 'x', ko: '엑스' },
    };
    expect(evaluateClaim(claim, {}).holds).toBeUndefined();
    const runs = { rnn: { run: 'rnn', steps: 10, values: { validationLoss: 2.9 } }, lstm: { run: 'lstm', steps: 10, values: { validationLoss: 2.7 } } };
    expect(evaluateClaim(claim, runs)).toMatchObject({ holds: true, left: 2.7, right: 2.9 });
    expect(evaluateClaim(claim, { ...runs, lstm: { ...runs.lstm, values: { validationLoss: 3.1 } } }).holds).toBe(false);
    // A scaled claim asks for a margin: 2.7 is not below 0.9 × 2.9.
    expect(evaluateClaim({ ...claim, scale: 0.9 }, runs).holds).toBe(false);
    const lstmTask = lessonById('rnn')!.tasks.find((t) => t.id === 'lstm')!;
    expect(resultText(lstmTask, runs, 'en')).toContain('LSTM 2.70, RNN 2.90');
    expect([formatMeasured(1e-6), formatMeasured(0.99545), formatMeasured(206274)]).toEqual(['1e-6', '0.995', '206274']);
  });
});
