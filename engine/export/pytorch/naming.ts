/** Python names from the canvas' ids and labels: valid, unique, and never a keyword or an nn.Module member. */

const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case'.split(
    ' ',
  ),
);

/** Names a module attribute or a local must not take: builtins the code uses, and nn.Module's own members. */
const RESERVED = new Set([
  'self', 'c', 'x', 'torch', 'nn', 'F', 'math', 'json', 'struct', 'layer', 'super', 'range', 'len', 'print',
  'training', 'forward', 'parameters', 'buffers', 'modules', 'children', 'state_dict', 'load_state_dict', 'train',
  'eval', 'to', 'cuda', 'cpu', 'float', 'double', 'half', 'apply', 'register_buffer', 'register_parameter',
  'add_module', 'named_parameters', 'named_modules', 'requires_grad_', 'zero_grad', 'type', 'extra_repr',
  'tokens', 'decoder_tokens', 'segments', 'heads',
]);

/** `enc_attn` stays; `dec-norm:1` becomes `dec_norm_1`; a leading digit gets a letter before it. */
export function identifier(raw: string): string {
  let name = raw.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (!name) name = 'block';
  if (/^[0-9]/.test(name)) name = `b_${name}`;
  return name;
}

/** Hands out names that are unique within one namespace, avoiding keywords and reserved names. */
export class NameTable {
  private taken = new Set<string>();

  constructor(reserved: Iterable<string> = RESERVED) {
    for (const r of reserved) this.taken.add(r);
  }

  claim(raw: string): string {
    const base = identifier(raw);
    let name = PYTHON_KEYWORDS.has(base) ? `${base}_` : base;
    for (let k = 2; this.taken.has(name); k++) name = `${base}_${k}`;
    this.taken.add(name);
    return name;
  }
}

export function reservedNames(): Set<string> {
  return new Set(RESERVED);
}

/** “GPT-mini” → `GPTMini`, “Seq2seq with attention” → `Seq2seqWithAttention`. */
export function className(label: string, taken: ReadonlySet<string>, fallback: string): string {
  const words = label.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let name = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  if (!name) name = fallback;
  if (/^[0-9]/.test(name)) name = `${fallback}${name}`;
  let unique = name;
  for (let k = 2; taken.has(unique) || PYTHON_KEYWORDS.has(unique); k++) unique = `${name}${k}`;
  return unique;
}

/** Strips the prefix every member id shares (`enc_attn`, `enc_ffn` → `attn`, `ffn`) when the rest stay names. */
export function withoutCommonPrefix(ids: string[]): Map<string, string> {
  const out = new Map(ids.map((id) => [id, id]));
  if (ids.length < 2) return out;
  let prefix = ids[0];
  for (const id of ids) while (!id.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const cut = prefix.lastIndexOf('_') + 1;
  if (cut <= 0) return out;
  const rest = ids.map((id) => id.slice(cut));
  if (rest.some((r) => !/^[A-Za-z]/.test(r)) || new Set(rest).size !== rest.length) return out;
  ids.forEach((id, i) => out.set(id, rest[i]));
  return out;
}

/** A Python literal for a number: integers as integers, small ones in exponent form (`1e-6`, not `0.000001`). */
export function pyNumber(v: number): string {
  return v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential() : String(v);
}

/** A Python string literal (double quotes, escaped). */
export function pyString(s: string): string {
  return JSON.stringify(s);
}
