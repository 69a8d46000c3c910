import type { ModelFileLimits } from '../../engine';
import { decodeValue, encodeValue, fromBase64, toBase64 } from './encoding';

/** What one fuzz case hands the engine: a graph document as text or as an object, or a model file's bytes. */
export type FuzzInput =
  | { kind: 'document-text'; text: string }
  | { kind: 'document-object'; value: unknown }
  | { kind: 'model-file'; bytes: Uint8Array; limits?: Partial<ModelFileLimits> };

/** The same, as JSON: for fixture files and for messages between threads. */
export type StoredInput =
  | { kind: 'document-text'; text: string }
  | { kind: 'document-object'; value: unknown }
  | { kind: 'model-file'; base64: string; limits?: Partial<ModelFileLimits> };

export interface FuzzCase {
  index: number;
  /** Which generator made it (template-mutation, hostile-document, model-file, …). */
  family: string;
  description: string;
  input: FuzzInput;
  /** Whether the case trains a step when analysis accepts it (only small graphs do). */
  train: boolean;
}

export function storeInput(input: FuzzInput): StoredInput {
  if (input.kind === 'model-file') return { kind: 'model-file', base64: toBase64(input.bytes), ...(input.limits ? { limits: input.limits } : {}) };
  if (input.kind === 'document-object') return { kind: 'document-object', value: encodeValue(input.value) };
  return input;
}

export function loadInput(stored: StoredInput): FuzzInput {
  if (stored.kind === 'model-file') return { kind: 'model-file', bytes: fromBase64(stored.base64), ...(stored.limits ? { limits: stored.limits } : {}) };
  if (stored.kind === 'document-object') return { kind: 'document-object', value: decodeValue(stored.value) };
  return stored;
}
