import { describe, expect, it } from 'vitest';
import { parseUserData, type UserDataSource } from '../../../engine/data/userData';
import { analyzeGraph } from '../../../engine/graph/analyze';
import type { GraphDoc } from '../../../engine/graph/schema';
import { templateById } from '../../../engine/templates';
import { checkDatasetFacts, userDataFacts } from '../../../engine/train/datasetFit';

/**
 * A learner's own file is described once, when chosen (userDataFacts), and the graph is checked against that
 * description on every edit, with the same problems and quick fixes as a bundled dataset.
 */
const problemsFor = (doc: GraphDoc, source: UserDataSource) => checkDatasetFacts(doc, analyzeGraph(doc), userDataFacts(parseUserData(source)));
const nodeOf = (doc: GraphDoc, kind: string) => doc.nodes.find((n) => n.kind === kind)!;
const tokenInputLength = (doc: GraphDoc) => Number(nodeOf(doc, 'tokenInput').params.length);

const longReview = Array.from({ length: 40 }, (_, i) => `word${i % 7}`).join(' ');
const threeClasses: UserDataSource = {
  name: 'moods.csv',
  task: 'classification',
  text: ['text,label', 'a fine day,happy', 'a sad day,sad', 'an ordinary day,neutral', 'lovely fine weather,happy', 'grey sad rain,sad', 'nothing much,neutral', `${longReview},neutral`, 'sunny and fine,happy'].join('\n'),
};

describe('the facts of a learner’s file', () => {
  it('count its words, classes and the length its longest row needs', () => {
    const facts = userDataFacts(parseUserData(threeClasses));
    expect(facts).toMatchObject({ id: 'user:moods.csv', task: 'classification', feeds: ['tokens', 'labels'], classes: 3 });
    // 7 specials + the distinct lower-cased words of every row.
    const words = new Set(threeClasses.text.split('\n').slice(1).flatMap((row) => row.split(',')[0].split(' ')));
    expect(facts.vocabSize).toBe(7 + words.size);
    // [CLS] and the 40 words of the longest row.
    expect(facts.suggestedLengths).toEqual({ tokens: 41 });
  });

  it('give a two-class classifier its problems: three classes (fix: 3 units) and rows cut by the Token Input', () => {
    const doc = templateById('encoder-classifier')!.build();
    expect(tokenInputLength(doc)).toBeLessThan(41);
    const problems = problemsFor(doc, threeClasses);
    const dense = doc.edges.find((e) => e.target === nodeOf(doc, 'classifierHead').id && e.targetPort === 'logits')!.source;
    expect(problems.map((p) => [p.code, p.severity ?? 'error', p.nodeId])).toEqual([
      ['E_SEQUENCE_LENGTH', 'warning', nodeOf(doc, 'tokenInput').id],
      ['E_VOCAB_MISMATCH', 'error', dense],
    ]);
    expect(problems[0].quickFix).toEqual({ kind: 'setParam', nodeId: nodeOf(doc, 'tokenInput').id, param: 'length', value: 41 });
    expect(problems[1].quickFix).toEqual({ kind: 'setParam', nodeId: dense, param: 'units', value: 3 });
    expect(problems[1].message).toContain('moods.csv');
  });

  it('tell a classifier that sentence pairs have no class labels', () => {
    const pairs: UserDataSource = { name: 'pairs.tsv', task: 'seq2seq', text: ['hi\tsalut', 'yes\toui', 'no\tnon', 'cat\tchat', 'dog\tchien'].join('\n') };
    const doc = templateById('encoder-classifier')!.build();
    const problems = problemsFor(doc, pairs);
    expect(problems.find((p) => p.code === 'E_LABEL_KIND')?.nodeId).toBe(nodeOf(doc, 'classifierHead').id);
  });

  it('ask a character language model for the file’s own alphabet, and an embedding row for each character', () => {
    const text = 'the quick brown fox jumps over the lazy dog. '.repeat(8);
    const doc = templateById('char-rnn')!.build();
    const facts = userDataFacts(parseUserData({ name: 'fox.txt', task: 'lm', text }));
    expect(facts.vocabSize).toBe(7 + new Set(text).size);
    const problems = problemsFor(doc, { name: 'fox.txt', task: 'lm', text });
    const fixes = problems.filter((p) => p.code === 'E_VOCAB_MISMATCH').map((p) => p.quickFix);
    expect(fixes).toContainEqual(expect.objectContaining({ param: 'units', value: facts.targetVocabSize }));
    // The bundled novel has more characters than the fox, so the embedding already has a row for each.
    expect(problems.every((p) => p.code === 'E_VOCAB_MISMATCH')).toBe(true);
  });

  it('leave a graph that fits the file with nothing to say', () => {
    let doc = templateById('encoder-classifier')!.build();
    const facts = userDataFacts(parseUserData(threeClasses));
    for (const p of checkDatasetFacts(doc, analyzeGraph(doc), facts)) {
      const fix = p.quickFix;
      if (fix?.kind !== 'setParam') continue;
      doc = { ...doc, nodes: doc.nodes.map((n) => (n.id === fix.nodeId ? { ...n, params: { ...n.params, [fix.param]: fix.value } } : n)) };
    }
    expect(checkDatasetFacts(doc, analyzeGraph(doc), facts)).toEqual([]);
  });
});
