import * as tf from '@tensorflow/tfjs';
import type { CompiledModel } from '../compile/compile';
import { coded, EngineError, type Problem } from '../graph/errors';
import { formatShape } from '../graph/shapes';
import type { NamedTensor, OptimizerState, TrainedState } from '../io/modelContents';

/** One weight of a compiled model, by the name it is saved under, with the block that owns it. */
export interface ModelWeight {
  /** `${layer name}/${the weight's own name}`, e.g. `enc_attn__1__mha/query_kernel`: the same on every compile. */
  name: string;
  variable: tf.LayerVariable;
  /** The original node id (every copy of a node in a repeated group has the same one). */
  nodeId: string;
  copy: number;
  /** The block's label as the canvas shows it (copies: “Self-attention ×2”). */
  label: string;
}

/**
 * Every weight of the model with a stable name. tfjs makes a variable's own name unique per process by adding
 * `_1`, `_2`, … when the same graph is compiled twice, so those names cannot be saved; the layer names can
 * (compile names each layer after its block, copy and part), and each weight's name within its layer is fixed by
 * the layer's code. Order: the model's layers in order, each layer's weights in order.
 */
export function modelWeights(compiled: CompiledModel): ModelWeight[] {
  const weights: ModelWeight[] = [];
  const seen = new Set<string>();
  for (const layer of compiled.model.layers) {
    const owner = compiled.layerOwners[layer.name];
    for (const variable of layer.weights) {
      // originalName is the scoped name before tfjs made it unique: `${layer.name}/${own name}`.
      const own = variable.originalName.startsWith(`${layer.name}/`) ? variable.originalName.slice(layer.name.length + 1) : variable.originalName;
      const name = `${layer.name}/${own}`;
      if (!owner || seen.has(name)) {
        throw new EngineError([
          owner ? coded('E_INTERNAL', 'weights.duplicateName', { name }) : coded('E_INTERNAL', 'weights.noOwner', { layer: layer.name }),
        ]);
      }
      seen.add(name);
      weights.push({ name, variable, nodeId: owner.nodeId, copy: owner.copy, label: owner.label });
    }
  }
  return weights;
}

/** Every weight of `compiled.model` as a float32 copy, by its stable name. */
export async function readWeights(compiled: CompiledModel): Promise<NamedTensor[]> {
  const weights = modelWeights(compiled);
  return Promise.all(weights.map(async (w) => ({ name: w.name, shape: [...w.variable.shape] as number[], data: await readFloat32(w.variable.read()) })));
}

/**
 * Puts saved weights into the model. Strict: every weight of the model must be given, with its shape, and
 * nothing else; otherwise EngineError E_WEIGHTS_MISMATCH (one problem per weight, naming its block and both
 * shapes) is thrown before any weight is changed.
 */
export function assignWeights(compiled: CompiledModel, weights: NamedTensor[]): void {
  const modelList = modelWeights(compiled);
  const problems = weightMismatches(modelList, weights);
  if (problems.length) throw new EngineError(problems);
  const byName = new Map(weights.map((w) => [w.name, w]));
  for (const w of modelList) {
    const saved = byName.get(w.name)!;
    assignData(w.variable.read() as tf.Variable, saved);
  }
}

function weightMismatches(modelList: ModelWeight[], weights: NamedTensor[]): Problem[] {
  const problems: Problem[] = [];
  const given = new Map<string, NamedTensor>();
  for (const w of weights) {
    if (given.has(w.name)) problems.push(coded('E_WEIGHTS_MISMATCH', 'weights.savedTwice', { name: w.name }));
    given.set(w.name, w);
  }
  const known = new Set(modelList.map((w) => w.name));
  for (const w of modelList) {
    const saved = given.get(w.name);
    const own = ownName(w.name);
    const modelShape = shapeText(w.variable.shape as number[]);
    if (!saved) {
      problems.push({ ...coded('E_WEIGHTS_MISMATCH', 'weights.missing', { block: w.label, weight: own, shape: modelShape }), nodeId: w.nodeId });
    } else if (!sameShape(saved.shape, w.variable.shape as number[]) || saved.data.length !== tf.util.sizeFromShape(w.variable.shape as number[])) {
      const params = { block: w.label, weight: own, shape: modelShape, savedShape: shapeText(saved.shape), values: String(saved.data.length) };
      const key = saved.data.length === tf.util.sizeFromShape(saved.shape) ? 'weights.shape' : 'weights.shapeValues';
      problems.push({ ...coded('E_WEIGHTS_MISMATCH', key, params), nodeId: w.nodeId });
    }
  }
  for (const w of given.values()) {
    if (!known.has(w.name)) problems.push(coded('E_WEIGHTS_MISMATCH', 'weights.extra', { name: w.name, shape: shapeText(w.shape) }));
  }
  return problems;
}



/** The optimizer's state with moments named after the weights' stable names (`<weight>/m`, `<weight>/v`). */
export async function readOptimizerState(compiled: CompiledModel, optimizer: tf.Optimizer, kind: OptimizerState['kind']): Promise<OptimizerState> {
  const stableName = new Map(modelWeights(compiled).map((w) => [w.variable.name, w.name]));
  const saved = await optimizer.getWeights();
  const [iterationsTensor, ...moments] = saved;
  // getWeights makes the iterations scalar afresh; the moments are the optimizer's own variables.
  iterationsTensor.tensor.dispose();
  const tensors: NamedTensor[] = [];
  for (const m of moments) {
    const { variable, suffix } = splitMomentName(m.name);
    const name = stableName.get(variable);
    if (!name) continue;
    tensors.push({ name: `${name}${suffix}`, shape: [...m.tensor.shape], data: await readFloat32(m.tensor) });
  }
  return { kind, iterations: optimizer.iterations, tensors };
}

/**
 * Puts saved optimizer state into a fresh optimizer for the weights being trained. Moments of weights that are
 * not trained now (a block frozen since) are dropped; a trained weight without saved moments starts from zeros.
 * Throws E_OPTIMIZER_MISMATCH for state of another optimizer and E_WEIGHTS_MISMATCH for moments that fit no
 * weight, before anything is restored.
 */
export async function restoreOptimizerState(
  compiled: CompiledModel,
  optimizer: tf.Optimizer,
  kind: OptimizerState['kind'],
  state: OptimizerState,
  trained: ModelWeight[],
): Promise<void> {
  if (state.kind !== kind) {
    throw new EngineError([
      coded('E_OPTIMIZER_MISMATCH', 'weights.optimizer', { saved: optimizerName(state.kind), chosen: optimizerName(kind) }),
    ]);
  }
  const all = new Map(modelWeights(compiled).map((w) => [w.name, w]));
  const trainedNames = new Set(trained.map((w) => w.name));
  const problems: Problem[] = [];
  const restored: Array<{ name: string; saved: NamedTensor }> = [];
  for (const saved of state.tensors) {
    const { variable, suffix } = splitMomentName(saved.name);
    const weight = all.get(variable);
    if (!weight || !suffix) {
      problems.push(coded('E_WEIGHTS_MISMATCH', 'weights.optimizerExtra', { name: saved.name }));
      continue;
    }
    if (!sameShape(saved.shape, weight.variable.shape as number[]) || saved.data.length !== tf.util.sizeFromShape(weight.variable.shape as number[])) {
      const params = { block: weight.label, weight: ownName(weight.name), savedShape: shapeText(saved.shape), shape: shapeText(weight.variable.shape as number[]) };
      problems.push({ ...coded('E_WEIGHTS_MISMATCH', 'weights.optimizerShape', params), nodeId: weight.nodeId });
      continue;
    }
    // Plain SGD keeps no moments, whatever a file may list.
    if (kind === 'adam' && trainedNames.has(variable)) restored.push({ name: `${weight.variable.name}${suffix}`, saved });
  }
  if (problems.length) throw new EngineError(problems);
  const iterations = tf.scalar(state.iterations, 'int32');
  const tensors = restored.map(({ name, saved }) => ({ name, tensor: tf.tensor(saved.data, saved.shape, 'float32') }));
  // tfjs' order: iterations, every first moment, every second moment.
  const ordered = [...tensors.filter((t) => t.name.endsWith('/m')), ...tensors.filter((t) => t.name.endsWith('/v'))];
  try {
    await optimizer.setWeights([{ name: 'iter', tensor: iterations }, ...ordered]);
  } finally {
    tf.dispose([iterations, ...tensors.map((t) => t.tensor)]);
  }
}

/** The weights and, where given, the optimizer state, after `step` steps of training in all. */
export async function readTrainedState(compiled: CompiledModel, step: number, optimizer?: OptimizerState): Promise<TrainedState> {
  return { step, weights: await readWeights(compiled), ...(optimizer ? { optimizer } : {}) };
}

/** Copies saved values into a variable (checked by the caller). */
export function assignData(variable: tf.Variable, saved: NamedTensor): void {
  const value = tf.tensor(saved.data, saved.shape, 'float32');
  variable.assign(value);
  value.dispose();
}

function splitMomentName(name: string): { variable: string; suffix: '/m' | '/v' | '' } {
  for (const suffix of ['/m', '/v'] as const) if (name.endsWith(suffix)) return { variable: name.slice(0, -suffix.length), suffix };
  return { variable: name, suffix: '' };
}

async function readFloat32(t: tf.Tensor): Promise<Float32Array> {
  // A copy: a backend may hand out its own buffer, which a later in-place kernel could overwrite.
  return new Float32Array((await t.data()) as Float32Array);
}

/** `mha/query_kernel` → `query_kernel`: the weight's name within its layer, for messages. */
function ownName(name: string): string {
  return name.slice(name.indexOf('/') + 1);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function shapeText(shape: readonly number[]): string {
  return shape.length ? formatShape(shape) : 'a scalar';
}

function optimizerName(kind: OptimizerState['kind']): string {
  return kind === 'adam' ? 'Adam' : 'SGD';
}
