import type { FuzzRandom } from './random';

/** Tokens that turn JSON into almost-JSON, or into JSON of another meaning. */
const INSERTS = [',', ']', '}', '[', '{', '"', ':', 'null', '1e999', '-0', 'NaN', '\\u0000', '\\ud800', '"__proto__":{},', '\u0000', '\ufeff', ' '.repeat(1000)];

/** Edits of a document's text: truncation, spans deleted or repeated, characters replaced, tokens inserted. */
export function mutateText(text: string, random: FuzzRandom, count: number): { text: string; did: string[] } {
  const did: string[] = [];
  for (let k = 0; k < count && text.length; k++) {
    const at = random.int(text.length);
    const span = Math.min(text.length - at, random.logInt(1, 200));
    switch (random.int(5)) {
      case 0:
        text = text.slice(0, at);
        did.push(`truncate at ${at}`);
        break;
      case 1:
        text = text.slice(0, at) + text.slice(at + span);
        did.push(`delete ${span} chars at ${at}`);
        break;
      case 2:
        text = text.slice(0, at + span) + text.slice(at, at + span) + text.slice(at + span);
        did.push(`repeat ${span} chars at ${at}`);
        break;
      case 3: {
        const ch = String.fromCharCode(random.pick([0x22, 0x5c, 0x30, 0x39, 0x2d, 0x2e, 0x65, 0x7b, 0x7d, random.int(0x10000)]));
        text = text.slice(0, at) + ch + text.slice(at + 1);
        did.push(`replace char at ${at}`);
        break;
      }
      default: {
        const insert = random.pick(INSERTS);
        text = text.slice(0, at) + insert + text.slice(at);
        did.push(`insert ${JSON.stringify(insert.slice(0, 12))} at ${at}`);
      }
    }
  }
  return { text, did };
}
