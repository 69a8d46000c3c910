import * as tf from '@tensorflow/tfjs';
import { builders } from '../blocks/builders';
import type {
  BuildContext,
  BuildValue,
  HeadRegistration,
  InputFeed,
  InspectionRegistration,
} from '../blocks/buildTypes';
import { isTargetRef } from '../blocks/buildTypes';
import { specOf, type BlockKind } from '../blocks/specs';
import { analyzeGraph, errorsOnly, nodeLabel, toProblem, type GraphAnalysis } from '../graph/analyze';
import { coded, EngineError } from '../graph/errors';
import { layerName } from '../graph/layerNames';
import type { GraphDoc } from '../graph/schema';
import { topologicalOrder } from '../graph/topology';
import { expandGroups, type ExpandedGraph } from './expandGroups';

export interface CompiledHead extends Omit<HeadRegistration, 'logits'> {
  /** Index into `model.outputs`. */
  outputIndex: number;
}

export interface InspectionOutput extends Omit<InspectionRegistration, 'tensor'> {
  outputIndex: number;
}

export interface CompiledModel {
  /** Inputs: one per feed in `inputFeeds` order (int32, B×length). Outputs: each head's logits, once where heads share them (CompiledHead.outputIndex). */
  model: tf.LayersModel;
  inputFeeds: InputFeed[];
  inputLengths: Partial<Record<InputFeed, number>>;
  heads: CompiledHead[];
  /** Shares every layer with `model`; outputs every attention map and recurrent state. */
  inspection: tf.LayersModel | null;
  inspectionOutputs: InspectionOutput[];
  analysis: GraphAnalysis;
  /**
   * Which block built each layer, by layer name: the original node id (the same for every copy of a node in
   * a repeated group), the copy index and the copy's label. Weights are traced to their block through this.
   */
  layerOwners: Record<string, LayerOwner>;
  dispose(): void;
}

export interface LayerOwner {
  nodeId: string;
  copy: number;
  /** The label the canvas shows; copies after the first read “Self-attention ×2”, …. */
  label: string;
}

export { layerName, layerNamePrefix } from '../graph/layerNames';

export interface CompileOptions {
  /** Defaults to the active tfjs backend. */
  backend?: string;
  /** Seed for initialisers; defaults to the doc's training seed. */
  seed?: number;
}

/** Turns a valid GraphDoc into a tfjs functional model. Throws EngineError (coded problems) otherwise. */
export function compileGraph(doc: GraphDoc, opts: CompileOptions = {}): CompiledModel {
  const analysis = analyzeGraph(doc);
  const errors = errorsOnly(analysis.problems);
  if (errors.length) throw new EngineError(errors);

  const expanded = expandGroups(doc, analysis);
  if (expanded.problems.length) throw new EngineError(expanded.problems);
  const { value: built, made } = trackMade(() => buildModel(doc, analysis, expanded, opts));
  return {
    ...built,
    dispose() {
      // Layers are shared; disposing the training model frees every weight it uses (the inspection model holds no
      // others). What else the build made goes too: the weights of a block on no path to a head, which no model
      // holds, and any constant a layer made outside its weights.
      built.model.dispose();
      for (const t of made) if (!t.isDisposed && !t.kept) t.dispose();
    },
  };
}

/**
 * Runs `build` and returns with its value every tensor and variable it made and left alive. When it throws, those
 * are disposed first (the weights and constant tables of the layers built so far), so a graph that fails part-way
 * leaves no memory behind.
 */
function trackMade<T>(build: () => T): { value: T; made: tf.Tensor[] } {
  const engine = tf.engine();
  const variablesBefore = new Set(Object.keys(engine.state.registeredVariables));
  const newVariables = () => Object.entries(engine.state.registeredVariables).filter(([name]) => !variablesBefore.has(name)).map(([, v]) => v);
  engine.startScope('compileGraph');
  let value: T;
  try {
    value = build();
  } catch (err) {
    engine.endScope();
    for (const variable of newVariables()) variable.dispose();
    throw err;
  }
  // Everything made stays alive and is handed to the enclosing scope, as if none had been opened.
  const tensors = engine.state.activeScope.track.filter((t) => !t.isDisposed);
  engine.endScope(tensors);
  return { value, made: [...tensors, ...newVariables()] };
}

function buildModel(doc: GraphDoc, analysis: GraphAnalysis, expanded: ExpandedGraph, opts: CompileOptions): Omit<CompiledModel, 'dispose'> {
  const g = expanded.doc;
  const { order } = topologicalOrder(g);
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const outputsOf = new Map<string, Record<string, BuildValue>>();
  const inputsByFeed = new Map<InputFeed, tf.SymbolicTensor>();
  const feedOfTensor = new Map<string, InputFeed>();
  const inputLengths: Partial<Record<InputFeed, number>> = {};
  const heads: HeadRegistration[] = [];
  const inspections: InspectionRegistration[] = [];
  const layerOwners: Record<string, LayerOwner> = {};
  const backend = opts.backend ?? tf.getBackend();
  const runSeed = opts.seed ?? doc.training.seed;

  for (const id of order) {
    const node = byId.get(id)!;
    const spec = specOf(node.kind)!;
    const { nodeId: originalId, copy } = expanded.origin[id];
    const label = nodeLabel(node, spec);
    const inputs: Record<string, BuildValue | undefined> = {};
    for (const e of g.edges) {
      if (e.target === id) inputs[e.targetPort] = outputsOf.get(e.source)?.[e.sourcePort];
    }
    const nodeAnalysis = analysis.nodes[originalId];
    const ctx: BuildContext = {
      nodeId: originalId,
      label,
      copy,
      name(part) {
        const name = layerName(originalId, copy, part);
        layerOwners[name] = { nodeId: originalId, copy, label };
        return name;
      },
      sizes: analysis.sizes,
      backend,
      seed: (part) => hashSeed(runSeed, `${originalId}/${copy}/${part}`),
      inputTypes: { ...nodeAnalysis?.inputs, ...nodeAnalysis?.outputs },
      input(feed, type) {
        const existing = inputsByFeed.get(feed);
        if (existing) return existing;
        const length = analysis.sizes[String(type.shape[1])];
        const t = tf.input({ shape: [length], dtype: 'int32', name: feed });
        inputsByFeed.set(feed, t);
        feedOfTensor.set(t.name, feed);
        inputLengths[feed] = length;
        return t;
      },
      feedOf(t) {
        return traceFeed(t, feedOfTensor);
      },
      addHead(head) {
        heads.push({ ...head, nodeId: originalId });
      },
      inspect(entry) {
        const { part, ...rest } = entry;
        inspections.push({ ...rest, nodeId: originalId, copy, name: ctx.name(part) });
      },
    };
    try {
      outputsOf.set(id, builders[node.kind as BlockKind](node.params, inputs, ctx));
    } catch (err) {
      throw new EngineError([toProblem(err, originalId, label)]);
    }
  }

  if (!heads.length) {
    throw new EngineError([
      coded('E_NO_HEAD', 'compile.noHead'),
    ]);
  }
  for (const h of heads) {
    if (!isTargetRef(h.target)) throw new EngineError([{ ...coded('E_MISSING_INPUT', 'compile.headNoTargets'), nodeId: h.nodeId }]);
  }

  const inputFeeds = [...inputsByFeed.keys()];
  const modelInputs = inputFeeds.map((f) => inputsByFeed.get(f)!);
  // One output per distinct logits tensor: heads reading the same logits share it (tfjs answers a tensor listed
  // twice among a model's outputs only once, leaving the other null).
  const outputs = [...new Set(heads.map((h) => h.logits))];
  const model = tf.model({ inputs: modelInputs, outputs, name: 'tensorloom' });
  const inspection = inspections.length
    ? tf.model({ inputs: modelInputs, outputs: inspections.map((i) => i.tensor), name: 'tensorloom_inspection' })
    : null;

  return {
    model,
    inputFeeds,
    inputLengths,
    heads: heads.map(({ logits, ...rest }) => ({ ...rest, outputIndex: outputs.indexOf(logits) })),
    inspection,
    inspectionOutputs: inspections.map(({ tensor: _tensor, ...rest }, outputIndex) => ({ ...rest, outputIndex })),
    analysis,
    layerOwners,
  };
}

/** Follows a symbolic tensor back through its layers to the model input it came from (first input wins). */
function traceFeed(t: tf.SymbolicTensor, feeds: Map<string, InputFeed>): InputFeed | undefined {
  const stack: tf.SymbolicTensor[] = [t];
  const seen = new Set<string>();
  while (stack.length) {
    const cur = stack.pop()!;
    if (seen.has(cur.name)) continue;
    seen.add(cur.name);
    const feed = feeds.get(cur.name);
    if (feed) return feed;
    const node = cur.sourceLayer?.inboundNodes?.[cur.nodeIndex];
    if (node) stack.push(...[...node.inputTensors].reverse());
  }
  return undefined;
}

/** FNV-1a of the run seed and a stable path: deterministic, and different for every weight. */
export function hashSeed(seed: number, path: string): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < path.length; i++) {
    h ^= path.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) % 2147483647;
}
