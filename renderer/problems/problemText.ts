/**
 * The one way the UI says an engine problem, a refused connection or a quick fix: from the problem's key and
 * params in the UI language (the engine's English templates for English, renderer/i18n/problems.ko.ts for
 * Korean), numbers grouped per language and block names in the language's words. A problem without a key
 * (text from outside the engine, such as a runtime's own error) keeps its English detail under the code's
 * translated summary. A library's own words inside a keyed problem (a schema issue, a JSON syntax error, an
 * inflater's complaint) are said from the problem's `detailKey` instead, and kept only as `ProblemText.detail`.
 */
import { EngineError, fillTemplate, formatByteSize, formatMessageNumber, isByteSizeParam, MESSAGES, PORT_KIND_DESCRIPTIONS, specs, type MessageKey, type MessageParam, type MessageParams } from '../../engine';
import { blockName, i18n } from '../i18n';
import { memoryTermLabel, portLabel } from '../i18n/blockText';
import { koDatasetByEnglishName } from '../i18n/content.ko';
import { koCodeSummaries, koMessages, koPlatformCodeSummaries } from '../i18n/problems.ko';
import { PlatformError } from '../platform/PlatformError';

/** What a problem says: anything with a code, the English text, and (from the engine) its key and params. */
export interface SayableProblem {
  /** An ErrorCode; typed as text because problems also arrive over IPC and from files as plain objects. */
  code: string;
  message: string;
  fix: string;
  key?: string;
  fixKey?: string;
  params?: MessageParams;
  nodeId?: string;
}

function isMessageKey(key: string | undefined): key is MessageKey {
  return key !== undefined && Object.prototype.hasOwnProperty.call(MESSAGES, key);
}

export interface ProblemText {
  message: string;
  fix: string;
  /** The library's own words the message was said without (English, for a tooltip or a details line); absent when nothing was left out. */
  detail?: string;
}

const BLOCK_KIND_BY_LABEL = new Map<string, string>(Object.values(specs).map((s) => [s.label, s.kind]));

/** English phrases the engine passes as values (port kinds, state names, dimension names), in Korean. */
const KO_PHRASES: Record<string, string> = {
  ...Object.fromEntries(
    Object.entries(PORT_KIND_DESCRIPTIONS).map(([kind, text]) => [
      text,
      ({ tokens: '토큰 ID B×T', labels: '클래스 레이블 B', sequence: '벡터 시퀀스 B×T×d', vector: '예제마다 벡터 하나 B×d', state: '순환 상태 B×units' } as Record<string, string>)[kind] ?? text,
    ]),
  ),
  'initial state': '초기 상태',
  'initial cell state': '초기 셀 상태',
  'keys and values': '키와 밸류',
  'input width': '입력 너비',
  'width of a': 'a의 너비',
  'width of b': 'b의 너비',
};

/** Words the engine passes under one param name only (a column or separator of the learner's CSV file). */
const KO_PARAM_PHRASES: Record<string, Record<string, string>> = {
  columns: { 'text and label': '텍스트와 레이블', 'source and target': '원문과 정답' },
  column: { text: '텍스트', label: '레이블', source: '원문', target: '정답' },
  separator: { 'a tab': '탭', 'a comma': '쉼표' },
  file: { 'The file': '파일' },
  vocabulary: { 'The input vocabulary': '입력 어휘', 'The target vocabulary': '정답 어휘' },
  here: { absent: '없음' },
  there: { absent: '없음' },
  shape: { scalar: '스칼라' },
  pathKind: { 'a folder': '폴더', 'a named pipe': '이름 있는 파이프', 'a socket': '소켓', 'a device': '장치', 'not a regular file': '특수한 파일' },
  weights: { 'saved weights': '저장된 가중치', 'graph’s weights': '그래프의 가중치', 'PyTorch weights': 'PyTorch 가중치' },
};

/** The words a model file's entry list uses when it is empty. */
const KO_ENTRY_LISTS: Record<string, string> = { 'no entries': '항목 없음', none: '없음' };

/** A block label as the engine wrote it (“Embedding (emb)” or the learner's own label), in `lang`. */
function localBlockLabel(text: string, lang: string): string | undefined {
  const kind = BLOCK_KIND_BY_LABEL.get(text);
  if (kind) return blockName({ kind, label: text }, lang);
  const m = /^(.+) \(([^()]+)\)$/.exec(text);
  const inner = m && BLOCK_KIND_BY_LABEL.get(m[1]);
  if (m && inner) return `${blockName({ kind: inner, label: m[1] }, lang)} (${m[2]})`;
  return undefined;
}

function localText(text: string, lang: string): string {
  if (lang === 'en') return text;
  const phrase = KO_PHRASES[text] ?? localBlockLabel(text, lang) ?? koDatasetByEnglishName(text);
  if (phrase) return phrase;
  if (text.includes(' → ')) return text.split(' → ').map((part) => localText(part, lang)).join(' → ');
  if (text.includes(' or ')) {
    const parts = text.split(' or ');
    const local = parts.map((part) => KO_PHRASES[part] ?? (/^[\d, ]+$/.test(part) ? part : undefined));
    if (local.every((x) => x !== undefined)) return local.join(' 또는 ');
  }
  // A tensor type: “B×T ids” says token ids.
  const ids = /^(\S+) ids$/.exec(text);
  if (ids) return `${ids[1]} ID`;
  return text;
}

function localeOf(lang: string): string {
  return lang === 'ko' ? 'ko-KR' : 'en-US';
}

function formatParam(lang: string) {
  return (name: string, value: MessageParam): string => {
    if (typeof value === 'number' && isByteSizeParam(name)) return formatByteSize(value, localeOf(lang), lang === 'ko' ? '바이트' : ' bytes');
    if (typeof value === 'number') return formatMessageNumber(value, localeOf(lang));
    if (name === 'term') return memoryTermLabel(value, lang);
    // A model file's entries with their sizes, as manifest.json lists them (“graph.json (2160 bytes), …”).
    if (lang === 'ko' && (name === 'listed' || name === 'actual')) return KO_ENTRY_LISTS[value] ?? value.replace(/ \((\d+) bytes\)/g, (_, n: string) => ` (${formatMessageNumber(Number(n), 'ko-KR')}바이트)`);
    // A dataset's task (lm, classification, …) in the words the data picker uses.
    if (name === 'task' && i18n.exists(`studio.data.task.${value}`, { lng: lang })) return i18n.t(`studio.data.task.${value}`, { lng: lang });
    return (lang === 'ko' && KO_PARAM_PHRASES[name]?.[value]) || localText(value, lang);
  };
}

function templatesOf(lang: string): Record<MessageKey, { message: string; fix: string }> {
  return lang === 'ko' ? koMessages : MESSAGES;
}

/**
 * The params a language's templates are filled with: a rule phrase named by `ruleKey` is said in that language
 * too, and so is a library's detail named by `detailKey` (English keeps the library's own words in `detail`).
 */
function localParams(params: MessageParams, lang: string): MessageParams {
  let values = params;
  const ruleKey = params.ruleKey;
  if (typeof ruleKey === 'string' && isMessageKey(ruleKey)) values = { ...values, reason: fillTemplate(templatesOf(lang)[ruleKey].message, params, formatParam(lang)) };
  const detailKey = params.detailKey;
  if (lang !== 'en' && typeof detailKey === 'string' && isMessageKey(detailKey)) values = { ...values, detail: fillTemplate(templatesOf(lang)[detailKey].message, params, formatParam(lang)) };
  return values;
}

/** The library's words a `detailKey` phrase stands in for, where they say more than the phrase's English. */
function leftOutDetail(params: MessageParams, lang: string): string | undefined {
  const { detailKey, detail } = params;
  if (lang === 'en' || typeof detailKey !== 'string' || !isMessageKey(detailKey) || typeof detail !== 'string') return undefined;
  return detail === fillTemplate(MESSAGES[detailKey].message, params) ? undefined : detail;
}

/** A keyed sentence in `lang`. */
export function sayMessage(key: MessageKey, params: MessageParams = {}, lang: string = i18n.language, fixKey?: MessageKey): ProblemText {
  const templates = templatesOf(lang);
  const values = localParams(params, lang);
  const format = formatParam(lang);
  const text: ProblemText = { message: fillTemplate(templates[key].message, values, format), fix: fillTemplate(templates[fixKey ?? key].fix, values, format) };
  const detail = leftOutDetail(params, lang);
  return detail === undefined ? text : { ...text, detail };
}

/** A problem's block, for naming its ports in the UI language. */
export type NodeKindOf = (nodeId: string) => string | undefined;

/** A `port` param (the English port label the engine wrote) as the problem's block labels that port in `lang`. */
function localPortParams(p: SayableProblem, lang: string, kindOf: NodeKindOf | undefined): MessageParams {
  const params = p.params ?? {};
  const kind = kindOf && p.nodeId !== undefined ? kindOf(p.nodeId) : undefined;
  const spec = kind === undefined ? undefined : specs[kind as keyof typeof specs];
  if (!spec || typeof params.port !== 'string') return params;
  const port = [...spec.inputs, ...spec.outputs].find((x) => x.label === params.port || x.name === params.port);
  return port ? { ...params, port: portLabel(kind!, port.name, lang) } : params;
}

/** A problem's message and fix in `lang` (the UI language by default); `kindOf` lets it name the block's ports in that language. */
export function problemText(p: SayableProblem, lang: string = i18n.language, kindOf?: NodeKindOf): ProblemText {
  if (isMessageKey(p.key)) return sayMessage(p.key, localPortParams(p, lang, kindOf), lang, isMessageKey(p.fixKey) ? p.fixKey : undefined);
  const summaries: Record<string, string> = { ...koCodeSummaries, ...koPlatformCodeSummaries };
  const summary = Object.prototype.hasOwnProperty.call(summaries, p.code) ? summaries[p.code] : undefined;
  if (lang === 'ko' && summary) return { message: `${summary} (${p.message})`, fix: p.fix };
  return { message: p.message, fix: p.fix };
}

/** A problem as one line: message, then fix. */
export function problemLine(p: SayableProblem, lang: string = i18n.language): string {
  const { message, fix } = problemText(p, lang);
  return fix ? `${message} ${fix}` : message;
}

/** A coded problem as one line, as the CLI writes it in English (“E_…: what is wrong. Fix: what to do.”), in `lang`. */
export function codedLine(p: SayableProblem, lang: string = i18n.language): string {
  const { message, fix } = problemText(p, lang);
  return `${p.code}: ${message} ${i18n.t('problems.fix', { lng: lang })} ${fix}`;
}

/** Why a connection is refused, in `lang` (canConnect / planConnection's refusal). */
export function refusalText(r: { reason: string; key?: string; params?: MessageParams }, lang: string = i18n.language): string {
  if (!isMessageKey(r.key)) return r.reason;
  const { message, fix } = sayMessage(r.key, r.params ?? {}, lang);
  return fix ? `${message} ${fix}` : message;
}

/** A number as the UI language writes it. */
export function formatNumber(n: number, lang: string = i18n.language): string {
  return formatMessageNumber(n, localeOf(lang));
}

/**
 * Why something failed, in `lang`, for a notice (“Could not save: …”): an engine error's problems and a platform
 * failure (a refused save or export, a file the platform would not open) each said from its key; other errors
 * keep their own words.
 */
export function failureText(err: unknown, lang: string = i18n.language): string {
  if (err instanceof EngineError) return err.problems.map((p) => codedLine(p, lang)).join(' ');
  if (err instanceof PlatformError) return (err.problems.length ? err.problems : [err]).map((p) => codedLine(p, lang)).join(' ');
  const words = err instanceof Error ? err.message : String(err);
  // Words from outside Tensorloom (a worker that stopped, a runtime's error) stay as they are, under a sentence in the
  // UI language; an error the UI already wrote in Korean (i18n.t) is its own sentence.
  if (lang === 'en' || /[가-힣]/.test(words)) return words;
  return `${koCodeSummaries.E_INTERNAL} (${words})`;
}
