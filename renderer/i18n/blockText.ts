import { isBlockKind, specOf, type BlockExplanation, type BlockSpec, type GraphNode, type ParamSpec, type PortSpec } from '../../engine';
import { koBlockTexts, koMemoryTermWords } from './blockTexts.ko';

/** A param's words in one language: its field label, its help line and the display name of each enum value. */
export interface ParamText {
  label: string;
  help: string;
  /** Enum values' display names, keyed by the stored value (which the document keeps, whatever the language). */
  options: Readonly<Record<string, string>>;
}

export interface PortText {
  label: string;
  help?: string;
}

/** Every word a block shows, in one language. */
export interface BlockText {
  name: string;
  summary: string;
  explanation: BlockExplanation;
  params: Readonly<Record<string, ParamText>>;
  ports: Readonly<Record<string, PortText>>;
}

type BlockTextSource = Pick<BlockSpec, 'kind' | 'label' | 'summary' | 'explanation' | 'inputs' | 'outputs' | 'params'>;

function englishParam(p: ParamSpec): ParamText {
  const options = p.type === 'enum' ? Object.fromEntries(p.options.map((o) => [o, o])) : {};
  return { label: p.label, help: p.doc, options };
}

function englishPort(p: PortSpec): PortText {
  return p.doc === undefined ? { label: p.label } : { label: p.label, help: p.doc };
}

/** The spec's own words: English is written once, in the block specs. */
function englishText(spec: BlockTextSource): BlockText {
  return {
    name: spec.label,
    summary: spec.summary,
    explanation: spec.explanation,
    params: Object.fromEntries(spec.params.map((p) => [p.name, englishParam(p)])),
    ports: Object.fromEntries([...spec.inputs, ...spec.outputs].map((p) => [p.name, englishPort(p)])),
  };
}

/**
 * The Korean texts laid over the English ones field by field, so a text the Korean table lacks (which the
 * completeness test forbids) still shows in English rather than as a blank.
 */
function koreanText(spec: BlockTextSource, en: BlockText): BlockText {
  if (!isBlockKind(spec.kind)) return en;
  const ko = koBlockTexts[spec.kind];
  const params = Object.fromEntries(
    Object.entries(en.params).map(([name, p]) => {
      const k = ko.params[name];
      return [name, k ? { label: k.label, help: k.help, options: { ...p.options, ...k.options } } : p];
    }),
  );
  const ports = Object.fromEntries(
    Object.entries(en.ports).map(([name, p]) => {
      const k = ko.ports[name];
      return [name, k ? { label: k.label, help: k.help ?? p.help } : p];
    }),
  );
  return {
    name: ko.name,
    summary: ko.summary,
    explanation: {
      what: ko.explanation.what,
      formula: ko.explanation.formula ?? en.explanation.formula,
      shapes: ko.explanation.shapes,
      why: ko.explanation.why,
    },
    params,
    ports,
  };
}

// Specs never change while the app runs, so each (language, kind) is resolved once: the canvas asks on every render.
const cache = new Map<string, { spec: BlockTextSource; text: BlockText }>();

/** A block's words in the given language (an i18next language code); English, from the spec, for any other. */
export function blockText(spec: BlockTextSource, lang: string): BlockText {
  const language = lang === 'ko' || lang.startsWith('ko-') ? 'ko' : 'en';
  const key = `${language}:${spec.kind}`;
  const hit = cache.get(key);
  if (hit && hit.spec === spec) return hit.text;
  const en = englishText(spec);
  const text = language === 'ko' ? koreanText(spec, en) : en;
  cache.set(key, { spec, text });
  return text;
}

/**
 * A node as lists and menus name it: the user's own label, else its block's name in the given language with the
 * node id (the engine's nodeLabel, which messages use, writes the English name).
 */
export function nodeTitle(node: Pick<GraphNode, 'id' | 'kind' | 'label'>, lang: string): string {
  if (node.label) return node.label;
  const spec = specOf(node.kind);
  return spec ? `${blockText(spec, lang).name} (${node.id})` : node.id;
}

/** A port as the UI labels it in the given language; the port's name when the kind or port is unknown. */
export function portLabel(kind: string, port: string, lang: string): string {
  const spec = specOf(kind);
  return (spec && blockText(spec, lang).ports[port]?.label) ?? port;
}

/** The display name of one value of an enum param; the value itself when it has none. */
export function optionLabel(text: ParamText | undefined, value: string): string {
  return text?.options[value] ?? value;
}

/**
 * An activation-memory term's label (from a spec's `cost`, e.g. “scores B·h·T²” or “output”) in the given
 * language: its leading words are translated, the dims after them kept.
 */
export function memoryTermLabel(label: string, lang: string): string {
  if (!(lang === 'ko' || lang.startsWith('ko-'))) return label;
  let best: string | undefined;
  for (const words of Object.keys(koMemoryTermWords)) {
    if ((label === words || label.startsWith(`${words} `)) && (!best || words.length > best.length)) best = words;
  }
  return best === undefined ? label : koMemoryTermWords[best] + label.slice(best.length);
}
