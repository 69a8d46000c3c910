import { BlockError } from '../graph/errors';
import { formatType, type Dim, type TensorType } from '../graph/shapes';
import type { BlockCost, BlockSpec, InferContext, InputTypes, OutputTypes, ParamSpec, ParamsOf } from './types';

/**
 * A block's parameter declarations, kept literal (names, types, enum options) so ParamsOf can derive the params
 * type from them: `const PARAMS = paramList([...]); export type DenseParams = ParamsOf<typeof PARAMS>`.
 */
export function paramList<const L extends readonly ParamSpec[]>(list: L): L {
  return list;
}

/**
 * Declares a block spec whose callbacks see the params its own declarations describe (ParamsOf its `params`). The
 * registry stores specs with plain `Params`; the graph's parameter checks (engine/graph/params.ts) make a node's
 * params fit the declarations before any callback runs.
 */
export function defineBlock<const L extends readonly ParamSpec[]>(spec: BlockSpec<ParamsOf<L>> & { params: L }): BlockSpec {
  return spec as unknown as BlockSpec;
}

/** The input must be present (the engine already reports E_MISSING_INPUT for required ports). */
export function need(inputs: InputTypes, port: string, ctx: InferContext): TensorType {
  const t = inputs[port];
  if (!t) {
    throw BlockError.of('E_MISSING_INPUT', 'block.inputMissing', { block: ctx.label, port });
  }
  return t;
}

/** A float sequence B×T×d (rank 3). */
export function needSequence(inputs: InputTypes, port: string, ctx: InferContext): TensorType {
  const t = need(inputs, port, ctx);
  if (t.dtype !== 'float32') {
    throw BlockError.of('E_DTYPE_MISMATCH', 'block.sequenceGotIds', { block: ctx.label, port, type: formatType(t) });
  }
  if (t.shape.length !== 3) {
    throw BlockError.of('E_RANK_MISMATCH', 'block.sequenceRank', { block: ctx.label, port, type: formatType(t) });
  }
  return t;
}

/** A float tensor of rank 2 or 3 (Dense, Dropout and LayerNorm act on the last axis of either). */
export function needFloat(inputs: InputTypes, port: string, ctx: InferContext): TensorType {
  const t = need(inputs, port, ctx);
  if (t.dtype !== 'float32') {
    throw BlockError.of('E_DTYPE_MISMATCH', 'block.vectorsGotIds', { block: ctx.label, port, type: formatType(t) });
  }
  return t;
}

export function needTokens(inputs: InputTypes, port: string, ctx: InferContext): TensorType {
  const t = need(inputs, port, ctx);
  if (t.dtype !== 'int32' || t.shape.length !== 2) {
    throw BlockError.of('E_DTYPE_MISMATCH', 'block.tokensExpected', { block: ctx.label, port, type: formatType(t) });
  }
  return t;
}

export function sameDims(a: Dim, b: Dim, what: string, ctx: InferContext, fix: string): void {
  if (a !== b) {
    throw new BlockError('E_SHAPE_MISMATCH', `${ctx.label}: ${what} disagree (${a} vs ${b}).`, fix);
  }
}

/** Product of the fixed (numeric) factors of a shape; used for parameter counts. */
export function product(...xs: number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}

export function numeric(d: Dim, ctx: InferContext, what: string): number {
  if (typeof d === 'number') return d;
  const size = ctx.sizes[d];
  if (size === undefined) {
    throw BlockError.of('E_SHAPE_MISMATCH', 'block.fixedSize', { block: ctx.label, what, dim: d });
  }
  return size;
}

export const noCost = (): BlockCost => ({ parameters: 0, activations: [] });

/** Activation term for an output: the whole output tensor kept for backward. */
export function outputTerm(outputs: OutputTypes, port: string, label = 'output'): BlockCost['activations'][number] {
  return { label, dims: outputs[port]?.shape ?? [] };
}
