import type { Dim, PortKind, TensorType } from '../graph/shapes';

export type BlockCategory = 'inputs' | 'embeddings' | 'recurrent' | 'attention' | 'transformer' | 'layers' | 'heads';

export const CATEGORY_ORDER: readonly BlockCategory[] = [
  'inputs',
  'embeddings',
  'recurrent',
  'attention',
  'transformer',
  'layers',
  'heads',
];

export type ParamValue = number | string | boolean;
export type Params = Record<string, ParamValue>;

interface ParamBase {
  name: string;
  label: string;
  /** One or two sentences shown on hover in the inspector. */
  doc: string;
}
export interface IntParam extends ParamBase {
  type: 'int';
  default: number;
  min: number;
  max: number;
}
export interface FloatParam extends ParamBase {
  type: 'float';
  default: number;
  min: number;
  max: number;
  step?: number;
}
export interface EnumParam extends ParamBase {
  type: 'enum';
  default: string;
  options: readonly string[];
}
export interface BoolParam extends ParamBase {
  type: 'bool';
  default: boolean;
}
export type ParamSpec = IntParam | FloatParam | EnumParam | BoolParam;

/** The value a parameter declaration takes: one of its enum options, a boolean, or a number. */
export type ParamValueOf<S extends ParamSpec> = S extends { type: 'enum'; options: readonly (infer O)[] } ? O : S extends { type: 'bool' } ? boolean : number;

/**
 * The params object a list of declarations describes, keyed by name: the one source of a block's parameter type
 * (declare the list with paramList so names and enum options stay literal).
 */
export type ParamsOf<L extends readonly ParamSpec[]> = { [S in L[number] as S['name']]: ParamValueOf<S> };

export interface PortSpec {
  name: string;
  label: string;
  /** What the port carries; an input lists every kind it accepts. */
  kind: PortKind;
  accepts?: readonly PortKind[];
  optional?: boolean;
  doc?: string;
}

/** The explanation card: what it computes, its formula, its shapes, the problem it solves. */
export interface BlockExplanation {
  what: string;
  formula: string;
  shapes: string;
  why: string;
}

export interface InferContext {
  /** Sizes of named dims known from the graph's inputs (e.g. T → 64); B is never known. */
  sizes: Readonly<Record<string, number>>;
  /** The node's label, for messages. */
  label: string;
}

export type InputTypes = Readonly<Record<string, TensorType | undefined>>;
export type OutputTypes = Record<string, TensorType>;

/** One term of activation memory, e.g. attention's scores B·h·T². Dims are multiplied. */
export interface MemoryTerm {
  label: string;
  dims: Dim[];
  /**
   * Held without a gradient of its own where the backend runs self-attention as the fused kernels (wasm): the
   * attention weights, which are only read (heat-maps) while the kernels carry the gradient through the scores.
   */
  noGradientWhenFused?: boolean;
}

export interface BlockCost {
  parameters: number;
  /** Float32 activations kept for the backward pass, per term. */
  activations: MemoryTerm[];
}

/** One numbered step of a block's parameter migrations. */
export type ParamsMigration = (params: Record<string, unknown>) => Record<string, unknown>;

export interface BlockSpec<P extends Params = Params> {
  kind: string;
  category: BlockCategory;
  label: string;
  /** One line, shown in the palette. */
  summary: string;
  explanation: BlockExplanation;
  inputs: readonly PortSpec[];
  outputs: readonly PortSpec[];
  params: readonly ParamSpec[];
  /**
   * The version of this block's params, raised whenever a change to `params` needs old values rewritten (a
   * rename, a new unit). Absent means 0. Documents record the version each kind was written with.
   */
  paramsVersion?: number;
  /**
   * `migrateParams[n]` turns version-n params into version n+1, as plain JSON (values may be of any shape
   * until the param checks see them); one step for every version below paramsVersion.
   */
  migrateParams?: Readonly<Record<number, ParamsMigration>>;
  /** Cross-field checks (e.g. d_model % heads == 0). Throw BlockError. */
  validateParams?(params: P, ctx: InferContext): void;
  /** Output types from input types. Throw BlockError for mismatches. Inputs that are optional may be undefined. */
  inferShapes(inputs: InputTypes, params: P, ctx: InferContext): OutputTypes;
  cost(inputs: InputTypes, outputs: OutputTypes, params: P): BlockCost;
}
