/**
 * Every id the schema allows compiles, each to layer names no other id of the graph shares: ids that tfjs would
 * have merged (`a.b` and `a_b`), ids starting with `_ - . :`, and an id equal to a group copy's old id. The names
 * the app's and the templates' ids always had are kept, so saved weights still load.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../../engine/compile/compile';
import { analyzeGraph, errorsOnly } from '../../../engine/graph/analyze';
import { layerIdPart, layerName, layerNamePrefix } from '../../../engine/graph/layerNames';
import { fuzzDoc } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Compiles, runs one batch and returns each weight's name; the graph's tensors are freed afterwards. */
function compileAndRun(name: string): string[] {
  const before = tf.memory().numTensors;
  const compiled = compileGraph(fuzzDoc(name));
  const ids = tf.zeros([2, compiled.inputLengths.tokens!], 'int32');
  const logits = compiled.model.predict(ids) as tf.Tensor;
  expect(logits.shape).toEqual([2, compiled.inputLengths.tokens!, 20]);
  tf.dispose([ids, logits]);
  const names = compiled.model.weights.map((w) => w.name);
  compiled.dispose();
  expect(tf.memory().numTensors).toBe(before);
  return names;
}

describe('layer names', () => {
  it('compiles `a.b` beside `a_b` (tfjs used to see one name twice)', () => {
    const names = compileAndRun('name-collision.json');
    expect(new Set(names).size).toBe(names.length);
    expect(names.some((n) => n.startsWith(layerNamePrefix('a.b')))).toBe(true);
    expect(names.some((n) => n.startsWith('a_b__0__dense'))).toBe(true);
  });

  it('compiles ids starting with _ - . : (not valid tensor names as they were)', () => {
    const names = compileAndRun('name-leading-punctuation.json');
    expect(new Set(names).size).toBe(names.length);
    for (const id of ['_x', '-y', '.z', ':w', ':emb']) expect(names.some((n) => n.startsWith(layerNamePrefix(id)))).toBe(true);
  });

  it('compiles an id equal to what a group copy used to be called (`enc_ffn:1`) with both copies of the group', () => {
    const doc = fuzzDoc('name-copy-id-clash.json');
    expect(errorsOnly(analyzeGraph(doc).problems)).toEqual([]);
    const names = compileAndRun('name-copy-id-clash.json');
    expect(names.filter((n) => n.startsWith('enc_ffn__')).map((n) => n.split('__')[1])).toEqual(expect.arrayContaining(['0', '1']));
    expect(names.some((n) => n.startsWith(layerNamePrefix('enc_ffn:1')))).toBe(true);
  });

  it('refuses ids differing only in - against _ with E_LAYER_NAME naming both, before compile', () => {
    const problems = errorsOnly(analyzeGraph(fuzzDoc('name-hyphen-underscore-twins.json')).problems);
    expect(problems.map((p) => [p.code, p.nodeId])).toEqual([['E_LAYER_NAME', 'a_b']]);
    expect(problems[0].message).toContain('“a-b”');
    expect(() => compileGraph(fuzzDoc('name-hyphen-underscore-twins.json'))).toThrow(/E_LAYER_NAME/);
  });

  it('keeps the names the app’s and the templates’ ids always had', () => {
    expect(layerName('embedding-3', 0, 'embedding')).toBe('embedding_3__0__embedding');
    expect(layerName('dec_attn', 1, 'mha')).toBe('dec_attn__1__mha');
    expect(layerName('7up', 0, 'dense')).toBe('7up__0__dense');
  });

  it('gives distinct, valid tensor names to distinct ids of every character the schema allows', () => {
    const alphabet = ['a', 'b', '0', '_', '.', ':', '-'];
    const ids: string[] = [];
    const grow = (prefix: string) => {
      if (prefix.length) ids.push(prefix);
      if (prefix.length < 4) for (const c of alphabet) grow(prefix + c);
    };
    grow('');
    const parts = new Map<string, string>();
    for (const id of ids) {
      const name = layerName(id, 0, 'dense');
      expect(name).toMatch(/^[A-Za-z0-9][-A-Za-z0-9._/]*$/);
      const part = layerIdPart(id);
      const twin = parts.get(part);
      // The one pair allowed to meet is `-` against `_` in ids that keep their old names, which analysis refuses.
      if (twin !== undefined) expect(twin.replace(/-/g, '_')).toBe(id.replace(/-/g, '_'));
      parts.set(part, id);
    }
  });
});
