/**
 * Tensor types with named dimensions. A dimension is either a number (a size fixed by a parameter, like
 * d_model = 128) or a name (`B`, `T`, `T_src`, `T_tgt`) whose size is known only when data arrives. Names
 * let the canvas say `B×T×128` and let inference catch an encoder sequence added to a decoder sequence.
 */
export type Dim = number | string;

export type DType = 'int32' | 'float32';

export interface TensorType {
  dtype: DType;
  shape: Dim[];
}

/** What a port carries, for colouring handles and for a first compatibility check while dragging. */
export type PortKind = 'tokens' | 'labels' | 'sequence' | 'vector' | 'state';

export const PORT_KIND_DESCRIPTIONS: Record<PortKind, string> = {
  tokens: 'token ids B×T',
  labels: 'class labels B',
  sequence: 'a sequence of vectors B×T×d',
  vector: 'one vector per example B×d',
  state: 'a recurrent state B×units',
};

export function portKindOf(t: TensorType): PortKind {
  if (t.dtype === 'int32') return t.shape.length === 1 ? 'labels' : 'tokens';
  return t.shape.length === 3 ? 'sequence' : 'vector';
}

export function sameDim(a: Dim, b: Dim): boolean {
  return a === b;
}

export function formatDim(d: Dim): string {
  return String(d);
}

export function formatShape(shape: readonly Dim[]): string {
  return shape.map(formatDim).join('×');
}

export function formatType(t: TensorType): string {
  return t.dtype === 'int32' ? `${formatShape(t.shape)} ids` : formatShape(t.shape);
}

export function lastDim(t: TensorType): Dim {
  return t.shape[t.shape.length - 1];
}

/** Product of dims with names resolved through `sizes`; unknown names count as 1 (their factor is shown separately). */
export function resolveSize(shape: readonly Dim[], sizes: Readonly<Record<string, number>>): number {
  let n = 1;
  for (const d of shape) n *= typeof d === 'number' ? d : (sizes[d] ?? 1);
  return n;
}

export const seq = (time: Dim, width: Dim): TensorType => ({ dtype: 'float32', shape: ['B', time, width] });
export const vec = (width: Dim): TensorType => ({ dtype: 'float32', shape: ['B', width] });
export const tokens = (time: Dim): TensorType => ({ dtype: 'int32', shape: ['B', time] });
export const labels = (): TensorType => ({ dtype: 'int32', shape: ['B'] });
