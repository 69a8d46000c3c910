/**
 * The safetensors layout (8-byte little-endian header length, a JSON header of name → dtype, shape and byte
 * range, then the raw little-endian data), written and read for float32 tensors only. PyTorch reads it with
 * the 15-line reader in model.py; the `safetensors` package reads it too.
 */
import type { NamedTensor } from '../../io/modelContents';

interface HeaderEntry {
  dtype: 'F32';
  shape: number[];
  data_offsets: [number, number];
}

/** Tensors in the given order; `metadata` values must be strings (the format's rule). */
export function writeSafetensors(tensors: NamedTensor[], metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, HeaderEntry | Record<string, string>> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    const bytes = t.data.length * 4;
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  // The data starts on an 8-byte boundary: the header is padded with spaces, as the format allows.
  json += ' '.repeat((8 - (new TextEncoder().encode(json).length % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const t of tensors) {
    for (let i = 0; i < t.data.length; i++, at += 4) view.setFloat32(at, t.data[i], true);
  }
  return out;
}

export interface SafetensorsContents {
  tensors: NamedTensor[];
  metadata: Record<string, string>;
}

/** Reads what writeSafetensors writes (and any float32-only safetensors file); throws on anything else. */
export function readSafetensors(bytes: Uint8Array): SafetensorsContents {
  if (bytes.length < 8) throw new Error('too short for a safetensors file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerSize = Number(view.getBigUint64(0, true));
  if (8 + headerSize > bytes.length) throw new Error('the header runs past the end of the file');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerSize))) as Record<string, unknown>;
  const dataStart = 8 + headerSize;
  const tensors: NamedTensor[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = raw as Record<string, string>;
      continue;
    }
    const entry = raw as Partial<HeaderEntry>;
    if (entry.dtype !== 'F32' || !Array.isArray(entry.shape) || !Array.isArray(entry.data_offsets)) throw new Error(`“${name}” is not a float32 tensor`);
    const [begin, end] = entry.data_offsets;
    const size = entry.shape.reduce((a, b) => a * b, 1);
    if (end - begin !== size * 4 || dataStart + end > bytes.length) throw new Error(`“${name}” has a byte range that does not fit its shape or the file`);
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) data[i] = view.getFloat32(dataStart + begin + 4 * i, true);
    tensors.push({ name, shape: [...entry.shape], data });
  }
  return { tensors, metadata };
}
