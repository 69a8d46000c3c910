/**
 * Fuzz inputs travel between threads and into fixture files as JSON. Documents handed to the engine as
 * objects (IPC payloads, the clipboard, autosave) can hold what JSON cannot — NaN, ±Infinity, -0, undefined —
 * so those are written as tagged objects, `{"$fuzz": "NaN"}`, and read back exactly.
 */
const TAG = '$fuzz';

type Encoded = null | boolean | number | string | Encoded[] | { [key: string]: Encoded };

function special(value: unknown): string | undefined {
  if (value === undefined) return 'undefined';
  if (typeof value !== 'number') return undefined;
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (Object.is(value, -0)) return '-0';
  return undefined;
}

export function encodeValue(value: unknown, seen = new Set<object>()): Encoded {
  const tag = special(value);
  if (tag) return { [TAG]: tag };
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return { [TAG]: 'bigint', value: value.toString() };
  if (typeof value !== 'object') return { [TAG]: 'undefined' };
  if (seen.has(value)) return { [TAG]: 'cycle' };
  seen.add(value);
  try {
    if (Array.isArray(value)) return Array.from(value, (v) => encodeValue(v, seen));
    const out: { [key: string]: Encoded } = {};
    // Own keys only, `__proto__` included: defineProperty keeps such a key a plain property.
    for (const key of Object.keys(value)) {
      Object.defineProperty(out, key, { value: encodeValue((value as Record<string, unknown>)[key], seen), enumerable: true, writable: true, configurable: true });
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

export function decodeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeValue);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length >= 1 && keys[0] === TAG && typeof record[TAG] === 'string') {
    switch (record[TAG]) {
      case 'NaN':
        return NaN;
      case 'Infinity':
        return Infinity;
      case '-Infinity':
        return -Infinity;
      case '-0':
        return -0;
      case 'undefined':
      case 'cycle':
        return undefined;
      case 'bigint':
        return BigInt(String(record.value));
    }
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) Object.defineProperty(out, key, { value: decodeValue(record[key]), enumerable: true, writable: true, configurable: true });
  return out;
}

/** A deep copy that keeps own `__proto__`/`constructor` keys as plain data (structuredClone drops none of them). */
export function cloneValue<T>(value: T): T {
  return structuredClone(value);
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}
