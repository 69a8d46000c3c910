/**
 * Every limit the model file reader enforces, in one place. A `.tlgraph` file may come from anywhere (a
 * download, a colleague, an attacker), so the reader checks these against the zip's own directory before
 * it inflates anything, and again while inflating (it never trusts a declared size): a file that claims
 * to be small but unpacks to gigabytes is stopped within about 17 MB of what its entry declared.
 *
 * The sizes leave room for far larger models than Tensorloom trains in practice (GPT-mini is 1.7 MB of
 * weights) while keeping a hostile file from exhausting the memory of the app or its worker.
 */
export interface ModelFileLimits {
  /** The file itself, compressed. */
  fileBytes: number;
  /** All entries together, uncompressed. */
  totalBytes: number;
  /** One JSON entry (manifest, graph, weight index, tokenizer, dataset, runs), uncompressed. */
  jsonEntryBytes: number;
  /** One binary entry (`weights.bin`, `optimizer.bin`), uncompressed. */
  binaryEntryBytes: number;
  /** Entries in the zip's directory (the format has at most nine). */
  entries: number;
  /** Tensors in one index (`weights.json`, `optimizer.json`). */
  tensors: number;
  /** Tokens in one vocabulary (the Embedding block's largest vocabulary size). */
  vocabularyTokens: number;
  /** Characters in one vocabulary token, class name or tensor name. */
  tokenLength: number;
  /** Class names. */
  classes: number;
  /** Runs in the run history. */
  runs: number;
}

const MiB = 1024 * 1024;

export const MODEL_FILE_LIMITS: Readonly<ModelFileLimits> = Object.freeze({
  /** 1.5 GiB: enough for 128 M parameters with Adam's two moments. */
  fileBytes: 1536 * MiB,
  totalBytes: 1536 * MiB,
  /** Graphs are at most 20 MB (`MAX_DOCUMENT_BYTES`); runs keep one chart point per step. */
  jsonEntryBytes: 64 * MiB,
  /** 512 MiB: 128 M float32 values. */
  binaryEntryBytes: 512 * MiB,
  entries: 16,
  tensors: 100_000,
  vocabularyTokens: 1_000_000,
  tokenLength: 1024,
  classes: 10_000,
  runs: 10_000,
});

/** Dimensions a stored tensor may have (the largest layer weight is rank 3). */
export const MAX_TENSOR_RANK = 8;

/** Tensor names: what tfjs calls weights (`decoder__0__attn/kernel`), plus `/m`, `/v` for optimizer slots. */
export const TENSOR_NAME_PATTERN = /^[A-Za-z0-9_.:-]+(?:\/[A-Za-z0-9_.:-]+)*$/;
