import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { builders } from '../../../engine/blocks/builders';
import type { BuildContext, InspectionRegistration } from '../../../engine/blocks/buildTypes';
import { specs } from '../../../engine/blocks/specs';
import type { BlockSpec, InputTypes, Params } from '../../../engine/blocks/types';
import { compileGraph } from '../../../engine/compile/compile';
import { analyzeGraph, errorsOnly } from '../../../engine/graph/analyze';
import { BlockError } from '../../../engine/graph/errors';
import { defaultParams } from '../../../engine/graph/params';
import { seq, tokens, vec, type Dim, type TensorType } from '../../../engine/graph/shapes';
import { makeDoc } from '../../fixtures/docBuilder';

const SIZES: Record<string, number> = { T: 5, T_src: 6, T_tgt: 4 };
const D = 6;
const KINDS = ['simpleRnn', 'lstm', 'gru'] as const;
type Kind = (typeof KINDS)[number];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const specOf = (kind: Kind) => specs[kind] as BlockSpec;
const paramsOf = (kind: Kind, p: Partial<Params>): Params => ({ ...defaultParams(specOf(kind)), ...p }) as Params;
const ctxOf = (kind: Kind) => ({ sizes: SIZES, label: `My ${kind}` });

function infer(kind: Kind, inputs: InputTypes, p: Partial<Params>) {
  return specOf(kind).inferShapes(inputs, paramsOf(kind, p), ctxOf(kind));
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof BlockError) return err.code;
    throw err;
  }
  return undefined;
}

function errorOf(fn: () => unknown): BlockError {
  try {
    fn();
  } catch (err) {
    if (err instanceof BlockError) return err;
    throw err;
  }
  throw new Error('expected a BlockError');
}

let counter = 0;
function build(kind: Kind, p: Params, fixture: Record<string, TensorType>) {
  const inputs: Record<string, tf.SymbolicTensor> = {};
  for (const [port, type] of Object.entries(fixture)) {
    const shape = type.shape.slice(1).map((d) => (typeof d === 'number' ? d : SIZES[d]));
    inputs[port] = tf.input({ shape, dtype: type.dtype, name: `${port}_${++counter}` });
  }
  const inspections: InspectionRegistration[] = [];
  const id = `node${++counter}`;
  const ctx: BuildContext = {
    nodeId: id,
    label: id,
    copy: 0,
    name: (part) => `${id}__0__${part}`,
    sizes: SIZES,
    backend: tf.getBackend(),
    seed: (part) => part.length + counter,
    inputTypes: fixture,
    input: () => {
      throw new Error('recurrent blocks create no model inputs');
    },
    feedOf: () => undefined,
    addHead: () => {
      throw new Error('recurrent blocks register no heads');
    },
    inspect: ({ part, ...rest }) => inspections.push({ ...rest, nodeId: id, copy: 0, name: ctx.name(part) }),
  };
  const outputs = builders[kind](p, inputs, ctx) as Record<string, tf.SymbolicTensor>;
  return { inputs: Object.values(inputs), outputs, inspections };
}

const resolved = (shape: readonly Dim[]) => shape.map((d) => (d === 'B' ? null : typeof d === 'number' ? d : SIZES[d]));

describe('recurrent blocks: inferShapes equals the built shapes, and cost equals the built parameter count', () => {
  for (const kind of KINDS) {
    for (const output of ['sequence', 'last'] as const) {
      for (const bidirectional of [false, true]) {
        for (const withStates of [false, true]) {
          const name = `${kind}, output ${output}${bidirectional ? ', bidirectional' : ''}${withStates ? ', initial states and mask ids' : ''}`;
          it(name, () => {
            const units = 3;
            const s = units * (bidirectional ? 2 : 1);
            const p = paramsOf(kind, { units, output, bidirectional });
            const fixture: Record<string, TensorType> = { in: seq('T', D) };
            if (withStates) {
              fixture.initialState = vec(s);
              if (kind === 'lstm') fixture.initialCell = vec(s);
              fixture.tokens = tokens('T');
            }
            const inferred = specOf(kind).inferShapes(fixture, p, ctxOf(kind));
            const built = build(kind, p, fixture);
            expect(Object.keys(built.outputs).sort()).toEqual(Object.keys(inferred).sort());
            expect(Object.keys(inferred).sort()).toEqual(specOf(kind).outputs.map((o) => o.name).sort());
            for (const [port, type] of Object.entries(inferred)) expect(built.outputs[port].shape, port).toEqual(resolved(type.shape));

            const model = tf.model({ inputs: built.inputs, outputs: Object.values(built.outputs) });
            const cost = specOf(kind).cost(fixture, inferred, p);
            expect(cost.parameters).toBe(model.countParams());
            const k = { simpleRnn: 1, lstm: 4, gru: 3 }[kind];
            const extraBias = kind === 'gru' ? units : 0;
            expect(cost.parameters).toBe((bidirectional ? 2 : 1) * k * (D * units + units * units + units + extraBias));

            // One inspection per internal series: hidden (and cell) states and the gates, each (B, T, s).
            const expectedKinds = { simpleRnn: ['hidden'], lstm: ['hidden', 'hidden', 'gates', 'gates', 'gates'], gru: ['hidden', 'gates', 'gates'] }[kind];
            expect(built.inspections.map((i) => i.kind)).toEqual(expectedKinds);
            for (const i of built.inspections) expect(i.tensor.shape).toEqual([null, SIZES.T, s]);
            model.dispose();
          });
        }
      }
    }
  }

  it('LSTM parameter count is 4(du + u² + u), doubled when bidirectional, at catalogue sizes', () => {
    const cost = (bidirectional: boolean) => specOf('lstm').cost({ in: seq('T', 128) }, {}, paramsOf('lstm', { units: 256, bidirectional })).parameters;
    expect(cost(false)).toBe(4 * (128 * 256 + 256 * 256 + 256));
    expect(cost(true)).toBe(2 * cost(false));
  });

  it('activation terms name the per-step tensors kept for backward', () => {
    const cost = specOf('lstm').cost({ in: seq('T', D) }, {}, paramsOf('lstm', { units: 4, bidirectional: true }));
    expect(cost.activations.map((a) => a.dims)).toEqual([
      ['B', 'T', 32],
      ['B', 'T', 8],
      ['B', 'T', 32],
      ['B', 'T', 8],
    ]);
    expect(specOf('simpleRnn').cost({ in: seq('T', D) }, {}, paramsOf('simpleRnn', { units: 4 })).activations.length).toBe(2);
  });
});

describe('recurrent blocks: coded errors', () => {
  for (const kind of KINDS) {
    it(`${kind}: the input must be a float sequence`, () => {
      expect(codeOf(() => infer(kind, { in: tokens('T') }, {}))).toBe('E_DTYPE_MISMATCH');
      expect(codeOf(() => infer(kind, { in: vec(D) }, {}))).toBe('E_RANK_MISMATCH');
      expect(codeOf(() => infer(kind, {}, {}))).toBe('E_MISSING_INPUT');
    });

    it(`${kind}: the mask ids must be token ids on the input's time axis`, () => {
      expect(codeOf(() => infer(kind, { in: seq('T_src', D), tokens: tokens('T_src') }, {}))).toBeUndefined();
      const err = errorOf(() => infer(kind, { in: seq('T_src', D), tokens: tokens('T_tgt') }, {}));
      expect(err.code).toBe('E_SHAPE_MISMATCH');
      expect(err.fix).toMatch(/T_src/);
      expect(codeOf(() => infer(kind, { in: seq('T', D), tokens: seq('T', 2) }, {}))).toBe('E_DTYPE_MISMATCH');
    });

    it(`${kind}: the initial state must be B×units (2·units when bidirectional)`, () => {
      expect(codeOf(() => infer(kind, { in: seq('T', D), initialState: vec(4) }, { units: 4 }))).toBeUndefined();
      expect(codeOf(() => infer(kind, { in: seq('T', D), initialState: vec(5) }, { units: 4 }))).toBe('E_SHAPE_MISMATCH');
      expect(codeOf(() => infer(kind, { in: seq('T', D), initialState: vec(4) }, { units: 4, bidirectional: true }))).toBe('E_SHAPE_MISMATCH');
      expect(codeOf(() => infer(kind, { in: seq('T', D), initialState: vec(8) }, { units: 4, bidirectional: true }))).toBeUndefined();
      expect(codeOf(() => infer(kind, { in: seq('T', D), initialState: seq('T', 4) }, { units: 4 }))).toBe('E_RANK_MISMATCH');
      const err = errorOf(() => infer(kind, { in: seq('T', D), initialState: vec(64) }, { units: 128 }));
      expect(err.message).toMatch(/B×64.*B×128/);
      expect(err.fix).toMatch(/Units of My .* to 64/);
    });
  }

  it('lstm: the initial cell state is checked like the hidden state', () => {
    expect(codeOf(() => infer('lstm', { in: seq('T', D), initialCell: vec(3) }, { units: 4 }))).toBe('E_SHAPE_MISMATCH');
    expect(specOf('lstm').inputs.map((i) => i.name)).toEqual(['in', 'initialState', 'initialCell', 'tokens']);
    expect(specOf('gru').inputs.map((i) => i.name)).toEqual(['in', 'initialState', 'tokens']);
    expect(specOf('gru').inputs.filter((i) => !i.optional).map((i) => i.name)).toEqual(['in']);
    expect(specOf('lstm').outputs.map((o) => o.name)).toEqual(['out', 'state', 'cell']);
    expect(specOf('simpleRnn').outputs.map((o) => o.name)).toEqual(['out', 'state']);
  });
});

describe('recurrent blocks in compiled graphs', () => {
  it('a seq2seq encoder–decoder: bidirectional LSTM encoder states start a decoder twice as wide', () => {
    const units = 4;
    const doc = makeDoc(
      {
        src: { kind: 'tokenInput', params: { feed: 'tokens', time: 'T_src', length: 6 } },
        dec: { kind: 'tokenInput', params: { feed: 'decoder_tokens', time: 'T_tgt', length: 4 } },
        srcEmb: { kind: 'embedding', params: { vocabSize: 11, dModel: D } },
        decEmb: { kind: 'embedding', params: { vocabSize: 11, dModel: D } },
        enc: { kind: 'lstm', params: { units, bidirectional: true, output: 'sequence' } },
        decoder: { kind: 'lstm', params: { units: 2 * units } },
        proj: { kind: 'dense', params: { units: 11 } },
        tgt: { kind: 'target', params: { feed: 'targets', time: 'T_tgt' } },
        head: { kind: 'seq2seqHead' },
      },
      [
        'src.out -> srcEmb.in',
        'dec.out -> decEmb.in',
        'srcEmb.out -> enc.in',
        'src.out -> enc.tokens',
        'decEmb.out -> decoder.in',
        'enc.state -> decoder.initialState',
        'enc.cell -> decoder.initialCell',
        'decoder.out -> proj.in',
        'proj.out -> head.logits',
        'tgt.out -> head.targets',
      ],
    );
    const analysis = analyzeGraph(doc);
    expect(errorsOnly(analysis.problems)).toEqual([]);
    expect(analysis.nodes.enc.outputs.state.shape).toEqual(['B', 2 * units]);
    expect(analysis.nodes.decoder.outputs.out.shape).toEqual(['B', 'T_tgt', 2 * units]);

    const compiled = compileGraph(doc, { backend: 'cpu', seed: 1 });
    expect(compiled.heads.map((h) => h.task)).toEqual(['seq2seq']);
    const feeds = compiled.inputFeeds.map((f) => tf.zeros([2, compiled.inputLengths[f]!], 'int32'));
    const logits = compiled.model.predict(feeds) as tf.Tensor;
    expect(logits.shape).toEqual([2, 4, 11]);
    // Inspection: per LSTM hidden, cell and three gates, over that LSTM's own time axis.
    const entries = compiled.inspectionOutputs.filter((o) => o.nodeId === 'enc' || o.nodeId === 'decoder');
    expect(entries.map((e) => `${e.nodeId}:${e.kind}`)).toEqual([
      ...['hidden', 'hidden', 'gates', 'gates', 'gates'].map((k) => `enc:${k}`),
      ...['hidden', 'hidden', 'gates', 'gates', 'gates'].map((k) => `decoder:${k}`),
    ]);
    const series = compiled.inspection!.predict(feeds) as tf.Tensor[];
    const shapeOf = (name: string) => series[compiled.inspectionOutputs.find((o) => o.name === name)!.outputIndex].shape;
    expect(shapeOf('enc__0__forget_gate')).toEqual([2, 6, 2 * units]);
    expect(shapeOf('decoder__0__hidden')).toEqual([2, 4, 2 * units]);
    compiled.dispose();
  });

  it('analysis reports a decoder whose units do not match the encoder state, on the decoder node', () => {
    const doc = makeDoc(
      {
        src: { kind: 'tokenInput', params: { time: 'T_src', length: 6 } },
        emb: { kind: 'embedding', params: { vocabSize: 11, dModel: D } },
        enc: { kind: 'gru', params: { units: 8 } },
        decoder: { kind: 'gru', params: { units: 16 } },
      },
      ['src.out -> emb.in', 'emb.out -> enc.in', 'emb.out -> decoder.in', 'enc.state -> decoder.initialState'],
    );
    const problems = errorsOnly(analyzeGraph(doc).problems);
    expect(problems.map((p) => [p.code, p.nodeId])).toEqual([['E_SHAPE_MISMATCH', 'decoder']]);
  });
});
