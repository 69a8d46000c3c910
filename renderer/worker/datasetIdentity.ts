/**
 * Which data a run trained on, in the form the model file keeps: a bundled dataset by id, or the learner's
 * own file by name, size in bytes (UTF-8) and SHA-256, so a model can later say whether a file is the one
 * it learnt from without keeping the file.
 */
import type { DataChoice, DatasetIdentity } from '../../engine';

export async function datasetIdentityOf(data: DataChoice): Promise<DatasetIdentity> {
  if (data.kind === 'bundled') return { kind: 'bundled', id: data.datasetId };
  const bytes = new TextEncoder().encode(data.source.text);
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes);
  const sha256 = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  return { kind: 'user', name: data.source.name, bytes: bytes.length, sha256 };
}

/** Two identities name the same data. */
export function sameDataset(a: DatasetIdentity, b: DatasetIdentity): boolean {
  if (a.kind === 'bundled') return b.kind === 'bundled' && a.id === b.id;
  return b.kind === 'user' && a.sha256 === b.sha256 && a.bytes === b.bytes;
}
