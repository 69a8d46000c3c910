import { Inflate } from 'fflate';
import { englishMessage, type MessageKey, type MessageParams } from '../graph/messages';

/**
 * A zip reader that trusts nothing in the file. It reads the central directory by hand (so it sees every
 * entry, duplicates and names included, before inflating a byte), checks each local header against it,
 * refuses entries whose data overlap (the trick behind the smallest zip bombs), and inflates one entry at
 * a time in small pushes that stop as soon as the output passes what the directory declared. Only stored
 * (0) and deflated (8) entries are read; encryption, multi-disk archives and ZIP64 are refused, since the
 * model file never uses them.
 */

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  crc32: number;
  compressedSize: number;
  /** As declared by the central directory; checked again while inflating. */
  size: number;
  /** Offset of the entry's local header. */
  headerOffset: number;
  /** Offset of its (compressed) data, after the local header. */
  dataOffset: number;
  /** Position in the central directory. */
  index: number;
}

/**
 * What is wrong inside a zip, as an English phrase (`detail`) and the key and params of that phrase, so the UI
 * says it in the learner's language. Where the inflater said why, its own words follow the phrase in `detail`.
 */
export interface ZipDetail {
  detail: string;
  detailKey: MessageKey;
  detailParams: MessageParams;
}

export function zipDetail(key: MessageKey, params: MessageParams = {}, libraryText?: string): ZipDetail {
  const phrase = englishMessage(key, params).message;
  return { detail: libraryText ? `${phrase} (${libraryText})` : phrase, detailKey: key, detailParams: params };
}

/** Why a zip cannot be read; the model file reader turns each kind into a coded problem. */
export type ZipFault =
  | { kind: 'not-zip' }
  | ({ kind: 'truncated' } & ZipDetail)
  | ({ kind: 'corrupt'; entry?: string } & ZipDetail)
  | ({ kind: 'unsupported'; entry?: string } & ZipDetail)
  | { kind: 'too-many-entries'; count: number }
  | { kind: 'bad-name'; name: string; reason: string; reasonKey: MessageKey }
  | { kind: 'duplicate'; name: string };

export type ZipDirectory = { ok: true; entries: ZipEntry[] } | { ok: false; fault: ZipFault };

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const END_RECORD_BYTES = 22;
const CENTRAL_HEADER_BYTES = 46;
const LOCAL_HEADER_BYTES = 30;
const MAX_COMMENT_BYTES = 0xffff;
const ZIP64_MARKER = 0xffffffff;
const FLAG_ENCRYPTED = 0x1;

/** True when the bytes start like a zip (a local file header), which is how a model file is told from JSON. */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * Lists the entries of a zip from its central directory and checks the structure: every entry's local
 * header agrees with the directory, every entry's data lie inside the file and apart from every other's,
 * names are safe relative paths and none repeats. Nothing is inflated.
 */
export function readZipDirectory(bytes: Uint8Array, maxEntries: number): ZipDirectory {
  if (!looksLikeZip(bytes)) return fault({ kind: 'not-zip' });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfDirectory(view);
  if (end < 0) return fault({ kind: 'truncated', ...zipDetail('detail.zip.endRecord') });
  const disk = view.getUint16(end + 4, true);
  const directoryDisk = view.getUint16(end + 6, true);
  const countOnDisk = view.getUint16(end + 8, true);
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (disk !== 0 || directoryDisk !== 0 || countOnDisk !== count) return fault({ kind: 'unsupported', ...zipDetail('detail.zip.severalDisks') });
  if (count === 0xffff || directorySize === ZIP64_MARKER || directoryOffset === ZIP64_MARKER) return fault({ kind: 'unsupported', ...zipDetail('detail.zip.zip64') });
  if (count > maxEntries) return fault({ kind: 'too-many-entries', count });
  if (directoryOffset + directorySize !== end) {
    return fault({ kind: directoryOffset + directorySize > end ? 'truncated' : 'corrupt', ...zipDetail('detail.zip.directoryEnd') });
  }

  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let at = directoryOffset;
  for (let index = 0; index < count; index++) {
    if (at + CENTRAL_HEADER_BYTES > end || view.getUint32(at, true) !== CENTRAL_HEADER) {
      return fault({ kind: 'corrupt', ...zipDetail('detail.zip.recordDamaged', { record: index + 1, records: count }) });
    }
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc32 = view.getUint32(at + 16, true);
    const compressedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const entryDisk = view.getUint16(at + 34, true);
    const headerOffset = view.getUint32(at + 42, true);
    const next = at + CENTRAL_HEADER_BYTES + nameLength + extraLength + commentLength;
    if (next > end) return fault({ kind: 'corrupt', ...zipDetail('detail.zip.recordPastDirectory', { record: index + 1, records: count }) });
    const nameBytes = bytes.subarray(at + CENTRAL_HEADER_BYTES, at + CENTRAL_HEADER_BYTES + nameLength);
    const name = decodeName(nameBytes);
    const nameFault = unsafeNameReason(name, nameBytes);
    if (nameFault) return fault({ kind: 'bad-name', name: printable(nameBytes), reason: englishMessage(nameFault).message, reasonKey: nameFault });
    const safeName = name as string;
    if (seen.has(safeName)) return fault({ kind: 'duplicate', name: safeName });
    seen.add(safeName);
    if (flags & FLAG_ENCRYPTED) return fault({ kind: 'unsupported', ...zipDetail('detail.zip.encrypted'), entry: safeName });
    if (method !== 0 && method !== 8) return fault({ kind: 'unsupported', ...zipDetail('detail.zip.method', { method: String(method) }), entry: safeName });
    if (entryDisk !== 0) return fault({ kind: 'unsupported', ...zipDetail('detail.zip.severalDisks'), entry: safeName });
    if (size === ZIP64_MARKER || compressedSize === ZIP64_MARKER || headerOffset === ZIP64_MARKER) {
      return fault({ kind: 'unsupported', ...zipDetail('detail.zip.zip64'), entry: safeName });
    }
    if (method === 0 && compressedSize !== size) {
      return fault({ kind: 'corrupt', ...zipDetail('detail.zip.twoSizes'), entry: safeName });
    }

    if (headerOffset + LOCAL_HEADER_BYTES > directoryOffset || view.getUint32(headerOffset, true) !== LOCAL_HEADER) {
      return fault({ kind: 'corrupt', ...zipDetail('detail.zip.noLocalHeader'), entry: safeName });
    }
    const localNameLength = view.getUint16(headerOffset + 26, true);
    const localExtraLength = view.getUint16(headerOffset + 28, true);
    const localName = bytes.subarray(headerOffset + LOCAL_HEADER_BYTES, headerOffset + LOCAL_HEADER_BYTES + localNameLength);
    if (!sameBytes(localName, nameBytes) || view.getUint16(headerOffset + 8, true) !== method) {
      return fault({ kind: 'corrupt', ...zipDetail('detail.zip.localHeaderDisagrees'), entry: safeName });
    }
    const dataOffset = headerOffset + LOCAL_HEADER_BYTES + localNameLength + localExtraLength;
    if (dataOffset + compressedSize > directoryOffset) {
      return fault({ kind: dataOffset + compressedSize > bytes.length ? 'truncated' : 'corrupt', ...zipDetail('detail.zip.dataPastEnd'), entry: safeName });
    }
    entries.push({ name: safeName, method, crc32, compressedSize, size, headerOffset, dataOffset, index });
    at = next;
  }
  if (at !== end) return fault({ kind: 'corrupt', ...zipDetail('detail.zip.unaccountedBytes') });

  const byOffset = [...entries].sort((a, b) => a.headerOffset - b.headerOffset);
  for (let i = 1; i < byOffset.length; i++) {
    const before = byOffset[i - 1];
    if (before.dataOffset + before.compressedSize > byOffset[i].headerOffset) {
      return fault({ kind: 'corrupt', ...zipDetail('detail.zip.overlap', { first: before.name, second: byOffset[i].name }), entry: byOffset[i].name });
    }
  }
  return { ok: true, entries };
}

export type InflateResult =
  | { ok: true; data: Uint8Array }
  | { ok: false; reason: 'too-large'; produced: number }
  | { ok: false; reason: 'corrupt'; detail: string };

/**
 * Compressed bytes given to the inflater at a time. Deflate expands at most 1032:1, so a push of 16 KiB
 * yields at most about 17 MB; smaller pushes would bound the overshoot tighter but cost fflate a fresh
 * output buffer each, which makes inflating several times slower.
 */
const MIN_PUSH_BYTES = 16 * 1024;
const MAX_PUSH_BYTES = 1024 * 1024;
const DEFLATE_MAX_RATIO = 1032;

/**
 * Inflates raw deflate data, stopping once the output passes `limit` bytes. Each push is sized so that
 * even a maximally compressed stream cannot overshoot the limit by more than about 17 MB, so a bomb costs
 * at most that past the limit, never its declared or real size.
 */
export function inflateLimited(compressed: Uint8Array, limit: number): InflateResult {
  const chunks: Uint8Array[] = [];
  let produced = 0;
  let overflow = false;
  const inflater = new Inflate((chunk) => {
    if (overflow) return;
    produced += chunk.length;
    if (produced > limit) overflow = true;
    else chunks.push(chunk);
  });
  try {
    let at = 0;
    while (at < compressed.length && !overflow) {
      const room = Math.max(0, limit - produced);
      const step = Math.min(MAX_PUSH_BYTES, Math.max(MIN_PUSH_BYTES, Math.floor(room / DEFLATE_MAX_RATIO)));
      const next = Math.min(compressed.length, at + step);
      inflater.push(compressed.subarray(at, next), next === compressed.length);
      at = next;
    }
    if (compressed.length === 0) inflater.push(compressed, true);
  } catch (e) {
    if (overflow) return { ok: false, reason: 'too-large', produced };
    return { ok: false, reason: 'corrupt', detail: (e as Error)?.message ?? String(e) };
  }
  if (overflow) return { ok: false, reason: 'too-large', produced };
  const data = new Uint8Array(produced);
  let offset = 0;
  for (const c of chunks) {
    data.set(c, offset);
    offset += c.length;
  }
  return { ok: true, data };
}

export type EntryData = { ok: true; data: Uint8Array } | ({ ok: false; fault: 'too-large' | 'corrupt' } & ZipDetail);

/**
 * The uncompressed bytes of one entry, checked against the size and CRC-32 its directory record declares.
 * `limit` caps the output whatever the record says.
 */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, limit: number): EntryData {
  if (entry.size > limit) return { ok: false, fault: 'too-large', ...zipDetail('detail.zip.declaresTooMuch', { declared: entry.size }) };
  const raw = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  let data: Uint8Array;
  if (entry.method === 0) {
    data = raw;
  } else {
    // The declared size bounds the output: more than that is a lie, caught here before it costs memory.
    const inflated = inflateLimited(raw, entry.size);
    if (!inflated.ok) {
      return inflated.reason === 'too-large'
        ? { ok: false, fault: 'corrupt', ...zipDetail('detail.zip.unpacksPastDeclared', { declared: entry.size }) }
        : { ok: false, fault: 'corrupt', ...zipDetail('detail.zip.inflateDamaged', {}, inflated.detail) };
    }
    data = inflated.data;
  }
  if (data.length !== entry.size) return { ok: false, fault: 'corrupt', ...zipDetail('detail.zip.sizeMismatch', { actual: data.length, declared: entry.size }) };
  if (crc32(data) !== entry.crc32) return { ok: false, fault: 'corrupt', ...zipDetail('detail.zip.checksum') };
  return { ok: true, data };
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), as zip stores it. */
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function findEndOfDirectory(view: DataView): number {
  const last = view.byteLength - END_RECORD_BYTES;
  const first = Math.max(0, last - MAX_COMMENT_BYTES);
  for (let at = last; at >= first; at--) {
    // The record must be followed exactly by its comment and nothing else.
    if (view.getUint32(at, true) === END_OF_DIRECTORY && at + END_RECORD_BYTES + view.getUint16(at + 20, true) === view.byteLength) return at;
  }
  return -1;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Names are decoded as UTF-8 whatever the entry's UTF-8 flag says: every name the format knows is ASCII,
 * and a name that is not valid UTF-8 is refused rather than read in a legacy code page.
 */
function decodeName(nameBytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(nameBytes);
  } catch {
    return undefined;
  }
}

/** Why a name cannot be a model file entry, or undefined when it is a plain relative path. */
function unsafeNameReason(name: string | undefined, nameBytes: Uint8Array): MessageKey | undefined {
  if (name === undefined) return 'zip.name.notUtf8';
  if (nameBytes.length === 0) return 'zip.name.empty';
  if (nameBytes.includes(0)) return 'zip.name.nul';
  if (name.includes('\\')) return 'zip.name.backslash';
  if (/^[A-Za-z]:/.test(name)) return 'zip.name.drive';
  if (name.startsWith('/')) return 'zip.name.absolute';
  if (name.split('/').some((part) => part === '..' || part === '.')) return 'zip.name.climbs';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'zip.name.control';
  return undefined;
}

/** A name as a message can show it: printable ASCII as is, any other byte as \xNN. */
function printable(nameBytes: Uint8Array): string {
  return Array.from(nameBytes, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function fault(f: ZipFault): ZipDirectory {
  return { ok: false, fault: f };
}
