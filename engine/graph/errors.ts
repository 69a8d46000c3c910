import { fillTemplate, MESSAGES, type MessageKey, type MessageParams } from './messages';

/**
 * Every problem the engine reports carries a stable code (so the UI, the CLI and tests can key on it),
 * names the node it belongs to, and says how to fix it. Codes never change meaning once shipped.
 */
export const ERROR_CODES = {
  E_PARSE_JSON: 'The file is not valid JSON.',
  E_SCHEMA: 'The document does not match the graph format.',
  E_VERSION: 'The document was written by a newer or unknown format version.',
  E_UNKNOWN_KIND: 'A node has a block kind this version does not know.',
  E_DUPLICATE_ID: 'Two nodes, edges or groups share one id.',
  E_BAD_PARAM: 'A parameter is out of range or of the wrong type.',
  E_DANGLING_EDGE: 'An edge points at a node or port that does not exist.',
  E_PORT_TAKEN: 'An input port already has a connection.',
  E_MISSING_INPUT: 'A required input port is not connected.',
  E_CYCLE: 'The graph has a cycle; data must flow one way.',
  E_DTYPE_MISMATCH: 'A port receives token ids where it needs vectors, or the other way round.',
  E_RANK_MISMATCH: 'A port receives a tensor of the wrong rank.',
  E_SHAPE_MISMATCH: 'Two tensors that must agree in a dimension do not.',
  E_HEADS_DIVIDE: 'The model width is not divisible by the number of heads.',
  E_TOO_LARGE: 'The model or one of its dimensions is too large to build.',
  E_NESTING_TOO_DEEP: 'The file nests objects or arrays deeper than a graph file ever does.',
  E_GRAPH_TOO_DEEP: 'The longest chain of blocks, with repeated groups expanded, is longer than the compiler can build.',
  E_GRAPH_TOO_LARGE: 'Repeated groups expand into more blocks than the compiler builds.',
  E_LAYER_NAME: 'Two node ids give their layers one name.',
  E_FEED_TAKEN: 'Two Token Inputs read the same feed of the dataset.',
  E_NO_INPUT: 'The graph has no Token Input.',
  E_NO_HEAD: 'The graph has no loss head, so there is nothing to train.',
  E_EMPTY_GRAPH: 'The canvas has no blocks yet.',
  E_UNUSED_OUTPUT: 'A block’s output goes nowhere, so it does not reach a loss head.',
  E_PRENORM_NO_NORM: 'A pre-norm Add & Norm whose sublayer reads an input no Layer Norm normalised.',
  E_LABEL_KIND: 'Per-token answers wired to a per-sequence head, or per-sequence labels to a per-token head.',
  E_SEQUENCE_LENGTH: 'A Token Input is shorter than the dataset’s sequences, so they are cut.',
  E_GROUP: 'A group cannot be repeated as drawn.',
  E_VOCAB_MISMATCH: 'A layer size does not match the dataset vocabulary or classes.',
  E_FEED_MISSING: 'The dataset does not provide an input the graph asks for.',
  E_NAN_LOSS: 'The loss became NaN or infinite.',
  E_WEIGHTS_MISMATCH: 'Saved weights do not fit the graph they are loaded into.',
  E_OPTIMIZER_MISMATCH: 'Saved optimizer state belongs to another optimizer.',
  E_NOTHING_TO_CONTINUE: 'The model has already trained for the requested number of steps.',
  E_NOTHING_TO_TRAIN: 'Every block with weights is frozen, so training would change nothing.',
  E_OUT_OF_MEMORY: 'The run would not fit in memory.',
  E_UNKNOWN_TEMPLATE: 'No template or file with that name.',
  E_UNKNOWN_DATASET: 'No bundled dataset with that id.',
  E_DATA: 'The data could not be read.',
  E_FILE_NOT_TEXT: 'The file is not UTF-8 text (another encoding, UTF-16, or a binary file).',
  E_FILE_TOO_LARGE: 'The file is larger than Tensorloom reads for its kind.',
  E_FILE_NOT_REGULAR: 'The path names a folder, pipe or device, not a regular file.',
  E_FILE_NOT_FOUND: 'There is no file at that path.',
  E_FILE_ACCESS: 'The file exists but could not be read.',
  E_USAGE_NO_COMMAND: 'The command line names no command.',
  E_USAGE_UNKNOWN_COMMAND: 'The command line names a command that does not exist.',
  E_USAGE_UNKNOWN_OPTION: 'The command line has an option the command does not take.',
  E_USAGE_OPTION_VALUE: 'An option was given no value, or a value where it takes none.',
  E_USAGE_ARGUMENTS: 'The command was given too few or too many arguments.',
  E_WORKER: 'The training worker failed or could not start.',
  E_MODEL_NOT_ZIP: 'The file is neither a Tensorloom model file (.tlgraph) nor a graph file (.tlgraph.json).',
  E_MODEL_CORRUPT: 'The model file is damaged: cut short, or its checksums or structure do not add up.',
  E_MODEL_TOO_LARGE: 'The model file, or an entry inside it, unpacks to more than Tensorloom reads.',
  E_MODEL_ENTRY: 'The model file holds an entry with an unsafe, unknown or repeated name, or too many entries.',
  E_MODEL_MANIFEST: 'The model file’s manifest is missing, not first, or does not describe the file.',
  E_MODEL_WEIGHTS: 'The stored weights or optimizer state are malformed or not finite numbers.',
  E_MODEL_TOKENIZER: 'The stored vocabulary or class list is malformed.',
  E_EXPORT_TARGET: 'There is no exporter for that target.',
  E_EXPORT_EXISTS: 'The export folder already holds files.',
  E_EXPORT_UNSUPPORTED: 'A block has no form in the export target.',
  E_INTERNAL: 'Something failed that the checks did not foresee.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export { coded, type MessageKey, type MessageParams } from './messages';

/**
 * A change that resolves a problem in one click (one undo step), for problems where the fix is certain:
 * “Set the vocabulary size to 2143” carries the block, the parameter and the value.
 */
export type QuickFix =
  | { kind: 'setParam'; nodeId: string; param: string; value: number | string | boolean }
  | { kind: 'deleteNode'; nodeId: string };

export interface Problem {
  code: ErrorCode;
  /** What is wrong, in a sentence a learner understands. Names the node by its label. In English, for the CLI and logs. */
  message: string;
  /** What to do about it (English). */
  fix: string;
  /**
   * The sentence's stable key in `MESSAGES` and the values it names: the UI renders `message` and `fix` from them
   * in the learner's language. Absent only on problems built from text the engine does not own (a runtime's
   * own error message), which the UI shows under the code's translated summary.
   */
  key?: MessageKey;
  /** Where the fix is another entry's `fix` (one sentence, several fixes); else `key`'s own. */
  fixKey?: MessageKey;
  params?: MessageParams;
  nodeId?: string;
  edgeId?: string;
  /** Dotted path into the document, for schema problems. */
  path?: string;
  severity?: 'error' | 'warning';
  /** Present where one exact change fixes the problem. */
  quickFix?: QuickFix;
}

/** Thrown by block specs inside `inferShapes` / `validateParams`; the engine attaches the node. */
export class BlockError extends Error {
  readonly key?: MessageKey;
  readonly params?: MessageParams;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fix: string,
    sentence?: { key: MessageKey; params: MessageParams },
  ) {
    super(message);
    this.name = 'BlockError';
    this.key = sentence?.key;
    this.params = sentence?.params;
  }

  /** A block error whose sentence is one of `MESSAGES` (so the UI can say it in the learner's language). */
  static of(code: ErrorCode, key: MessageKey, params: MessageParams = {}): BlockError {
    const t = MESSAGES[key];
    return new BlockError(code, fillTemplate(t.message, params), fillTemplate(t.fix, params), { key, params });
  }
}

/** Thrown where a caller asked for something that cannot be done (compile of an invalid graph, …). */
export class EngineError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'EngineError';
  }
  get code(): ErrorCode {
    return this.problems[0]?.code ?? 'E_SCHEMA';
  }
}

/** How many characters of a user-written string (an id, a key, a value, a path) a message quotes. */
export const MAX_QUOTED_CHARS = 80;

/**
 * A user-written string as a message quotes it: cut to MAX_QUOTED_CHARS with its full length said, so a hostile
 * file's 10 MB key cannot make a 10 MB message. Every message that repeats something from a document goes through it.
 */
export function elide(text: string, max = MAX_QUOTED_CHARS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length.toLocaleString('en-US')} characters)`;
}

/** JSON.stringify of a user value, elided (for “is 1e9, but…” messages). */
export function elideJson(value: unknown, max = MAX_QUOTED_CHARS): string {
  const json = JSON.stringify(value);
  return elide(json === undefined ? String(value) : json, max);
}

export function formatProblem(p: Problem): string {
  return `${p.code}: ${p.message} Fix: ${p.fix}`;
}
