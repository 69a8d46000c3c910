import { describe, expect, it } from 'vitest';
import { nodeDataSources } from '../../../app/dataSources';
import { createDataset } from '../../../engine/data';
import { analyzeGraph } from '../../../engine/graph/analyze';
import { canConnect, planConnection } from '../../../engine/graph/canConnect';
import { graphFeedLengths, checkDatasetFacts, datasetFactsOf, type DatasetFacts } from '../../../engine/train/datasetFit';
import { graphWarnings } from '../../../engine/graph/warnings';
import type { GraphDoc } from '../../../engine/graph/schema';
import { templateById } from '../../../engine/templates';
import { DATASET_SIZES } from '../../../engine/templates/datasetSizes';

const classifier = () => templateById('encoder-classifier')!.build();

function setParam(doc: GraphDoc, id: string, name: string, value: number | string): GraphDoc {
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? { ...n, params: { ...n.params, [name]: value } } : n)) };
}
function kindOf(doc: GraphDoc, kind: string) {
  return doc.nodes.find((n) => n.kind === kind)!;
}

describe('graph warnings', () => {
  it('an empty canvas is a warning with a way to begin, not “ready to train”', () => {
    const doc = { ...classifier(), nodes: [], edges: [], groups: [] };
    expect(graphWarnings(doc).map((p) => [p.code, p.severity])).toEqual([['E_EMPTY_GRAPH', 'warning']]);
  });

  it('a finished template has none', () => {
    expect(graphWarnings(classifier())).toEqual([]);
  });

  it('a block whose output goes nowhere is named, with a delete fix', () => {
    const doc = classifier();
    doc.nodes.push({ id: 'spare', kind: 'dense', params: { ...kindOf(doc, 'dense').params }, position: { x: 0, y: 0 } });
    const warnings = graphWarnings(doc);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'E_UNUSED_OUTPUT', nodeId: 'spare', severity: 'warning', quickFix: { kind: 'deleteNode', nodeId: 'spare' } });
  });

  it('pre-norm without a Layer Norm before its sublayer is flagged; with one it is not', () => {
    let doc = classifier();
    const norm = doc.nodes.find((n) => n.kind === 'addNorm')!;
    doc = setParam(doc, norm.id, 'norm', 'pre');
    const flagged = graphWarnings(doc).filter((p) => p.code === 'E_PRENORM_NO_NORM');
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toMatchObject({ nodeId: norm.id, quickFix: { kind: 'setParam', nodeId: norm.id, param: 'norm', value: 'post' } });

    // Put a Layer Norm between the sublayer and what it reads.
    const sub = doc.edges.find((e) => e.target === norm.id && e.targetPort === 'sublayer')!;
    const sublayer = doc.nodes.find((n) => n.id === sub.source)!;
    const feeding = doc.edges.find((e) => e.target === sublayer.id && e.targetPort === 'query')!;
    doc.nodes.push({ id: 'ln', kind: 'layerNorm', params: { epsilon: 1e-5 }, position: { x: 0, y: 0 } });
    doc.edges = doc.edges.map((e) => (e.id === feeding.id ? { ...e, source: 'ln', sourcePort: 'out' } : e));
    doc.edges.push({ id: 'to-ln', source: feeding.source, sourcePort: feeding.sourcePort, target: 'ln', targetPort: 'in' });
    expect(graphWarnings(doc).filter((p) => p.code === 'E_PRENORM_NO_NORM')).toEqual([]);
  });
});

describe('connecting answers to a head', () => {
  it('per-token targets into a classifier’s labels are refused at once, before its logits are wired', () => {
    const doc = classifier();
    const target = kindOf(doc, 'target');
    const head = kindOf(doc, 'classifierHead');
    doc.edges = doc.edges.filter((e) => e.target !== head.id);
    const perToken = setParam(doc, target.id, 'feed', 'targets');
    const r = canConnect(perToken, { source: target.id, sourcePort: 'out', target: head.id, targetPort: 'targets' });
    expect(r).toMatchObject({ ok: false, code: 'E_LABEL_KIND' });
    if (!r.ok) expect(r.reason).toContain('“labels”');
    expect(canConnect(doc, { source: target.id, sourcePort: 'out', target: head.id, targetPort: 'targets' })).toEqual({ ok: true });
  });

  it('a drop onto an occupied input replaces its edge when the new one is valid, and is refused otherwise', () => {
    const doc = classifier();
    const dense = kindOf(doc, 'dense');
    const head = kindOf(doc, 'classifierHead');
    const old = doc.edges.find((e) => e.target === head.id && e.targetPort === 'logits')!;
    doc.nodes.push({ id: 'other', kind: 'dense', params: { ...dense.params }, position: { x: 0, y: 0 } });
    const pool = kindOf(doc, 'pooling');
    doc.edges.push({ id: 'pool-other', source: pool.id, sourcePort: 'out', target: 'other', targetPort: 'in' });
    expect(canConnect(doc, { source: 'other', sourcePort: 'out', target: head.id, targetPort: 'logits' })).toMatchObject({ ok: false, code: 'E_PORT_TAKEN' });
    expect(planConnection(doc, { source: 'other', sourcePort: 'out', target: head.id, targetPort: 'logits' })).toEqual({ ok: true, replaces: old.id });
    // Token ids into the logits stay refused, occupied or not.
    const tokens = kindOf(doc, 'tokenInput');
    expect(planConnection(doc, { source: tokens.id, sourcePort: 'out', target: head.id, targetPort: 'logits' })).toMatchObject({ ok: false });
    // The same edge again is not a replacement.
    expect(planConnection(doc, { source: old.source, sourcePort: old.sourcePort, target: head.id, targetPort: 'logits' })).toMatchObject({ ok: false, code: 'E_PORT_TAKEN' });
  });
});

describe('dataset fit, live', () => {
  let sentiment: DatasetFacts;
  const facts = async () => {
    if (!sentiment) {
      const doc = classifier();
      sentiment = datasetFactsOf(await createDataset('sentiment', { lengths: graphFeedLengths(doc), seed: 1 }, nodeDataSources()));
    }
    return sentiment;
  };

  it('describes the sentiment data as the templates record it', async () => {
    const f = await facts();
    expect(f).toMatchObject({ id: 'sentiment', task: 'classification', vocabSize: DATASET_SIZES.sentiment.vocab, classes: DATASET_SIZES.sentiment.classes });
    expect(f.feeds).toContain('labels');
    expect(f.sizes.validation).toBeGreaterThan(0);
  });

  it('the template fits; each drift is listed with the one-click fix that undoes it', async () => {
    const f = await facts();
    const good = classifier();
    expect(checkDatasetFacts(good, analyzeGraph(good), f)).toEqual([]);

    const embed = kindOf(good, 'embedding');
    const dense = kindOf(good, 'dense');
    const target = kindOf(good, 'target');
    let bad = setParam(good, embed.id, 'vocabSize', 65);
    bad = setParam(bad, dense.id, 'units', 128);
    bad = setParam(bad, target.id, 'feed', 'targets');
    const problems = checkDatasetFacts(bad, analyzeGraph(bad), f);
    expect(problems.map((p) => [p.code, p.nodeId, p.quickFix])).toEqual(
      expect.arrayContaining([
        ['E_VOCAB_MISMATCH', embed.id, { kind: 'setParam', nodeId: embed.id, param: 'vocabSize', value: 2143 }],
        ['E_VOCAB_MISMATCH', dense.id, { kind: 'setParam', nodeId: dense.id, param: 'units', value: 2 }],
        ['E_LABEL_KIND', target.id, { kind: 'setParam', nodeId: target.id, param: 'feed', value: 'labels' }],
      ]),
    );
    expect(problems.find((p) => p.nodeId === embed.id)!.fix).toBe('Set the vocabulary size to 2,143.');

    let fixed = bad;
    for (const p of problems) if (p.quickFix?.kind === 'setParam') fixed = setParam(fixed, p.quickFix.nodeId, p.quickFix.param, p.quickFix.value as number | string);
    expect(checkDatasetFacts(fixed, analyzeGraph(fixed), f)).toEqual([]);
  });

  it('a per-token head on a classification dataset, and a Token Input shorter than the data, are named', async () => {
    const f = await facts();
    const doc = classifier();
    const tokens = kindOf(doc, 'tokenInput');
    const short = setParam(doc, tokens.id, 'length', 8);
    const lengthProblem = checkDatasetFacts(short, analyzeGraph(short), f).find((p) => p.code === 'E_SEQUENCE_LENGTH');
    expect(lengthProblem).toMatchObject({ severity: 'warning', nodeId: tokens.id, quickFix: { param: 'length', value: f.suggestedLengths!.tokens } });

    const head = kindOf(doc, 'classifierHead');
    const lm = { ...doc, nodes: doc.nodes.map((n) => (n.id === head.id ? { ...n, kind: 'lmHead' } : n)) };
    expect(checkDatasetFacts(lm, analyzeGraph(lm), f).map((p) => [p.code, p.nodeId])).toContainEqual(['E_LABEL_KIND', head.id]);
  });
});
