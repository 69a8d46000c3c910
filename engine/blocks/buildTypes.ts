import type * as tf from '@tensorflow/tfjs';
import type { TensorType } from '../graph/shapes';
import type { Params } from './types';

/** Names of the arrays a dataset feeds into the model (inputs) and into the loss (targets). */
export type InputFeed = 'tokens' | 'decoder_tokens' | 'segments';
export type TargetFeed = 'targets' | 'labels';
export type Feed = InputFeed | TargetFeed;

/** What a Target block hands to a head: not a tensor of the model, a promise of the dataset's labels. */
export interface TargetRef {
  readonly kind: 'target';
  readonly feed: TargetFeed;
  readonly type: TensorType;
}

export type BuildValue = tf.SymbolicTensor | TargetRef;

export type HeadTask = 'lm' | 'classification' | 'masked-lm' | 'seq2seq';

export interface HeadRegistration {
  nodeId: string;
  task: HeadTask;
  logits: tf.SymbolicTensor;
  target: TargetRef;
  /** Label smoothing etc. live here so the trainer needs no second lookup into the doc. */
  labelSmoothing: number;
}

export type InspectionKind = 'attention' | 'hidden' | 'gates';

export interface InspectionRegistration {
  nodeId: string;
  /** Copy index inside a repeated group (0 when not repeated). */
  copy: number;
  kind: InspectionKind;
  /** attention: (B, heads, T_q, T_k); hidden/gates: (B, T, units). */
  tensor: tf.SymbolicTensor;
  /** Which feed's tokens label the query (rows) and key (columns) axes of an attention map. */
  queryFeed?: InputFeed;
  keyFeed?: InputFeed;
  name: string;
}

export interface BuildContext {
  nodeId: string;
  label: string;
  /** Copy index when the node sits in a repeated group. */
  copy: number;
  /** A stable, unique layer name for this node (and copy): `${nodeId}__${copy}__${part}`. */
  name(part: string): string;
  /** Resolved sizes of named dims (T → 64); `B` is absent. */
  sizes: Readonly<Record<string, number>>;
  /** The tfjs backend the model is built for, for per-backend choices (e.g. one-hot embedding on wasm). */
  backend: string;
  /** A seed for this layer's initialisers, derived from the run seed and the layer name. */
  seed(part: string): number;
  inputTypes: Readonly<Record<string, TensorType | undefined>>;
  /** Creates (or reuses) a model input for a feed. */
  input(feed: InputFeed, type: TensorType): tf.SymbolicTensor;
  /** Which input feed a symbolic tensor was computed from (for labelling attention axes). */
  feedOf(t: tf.SymbolicTensor): InputFeed | undefined;
  addHead(head: Omit<HeadRegistration, 'nodeId'>): void;
  inspect(entry: Omit<InspectionRegistration, 'nodeId' | 'copy' | 'name'> & { part: string }): void;
}

export type BlockBuilder = (
  params: Params,
  inputs: Readonly<Record<string, BuildValue | undefined>>,
  ctx: BuildContext,
) => Record<string, BuildValue>;

export function isTargetRef(v: BuildValue | undefined): v is TargetRef {
  return !!v && (v as TargetRef).kind === 'target';
}

export function symbolic(v: BuildValue | undefined, port: string, ctx: BuildContext): tf.SymbolicTensor {
  if (!v || isTargetRef(v)) throw new Error(`${ctx.label}: input “${port}” is not a model tensor`);
  return v;
}
