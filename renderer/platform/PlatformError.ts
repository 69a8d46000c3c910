import { englishMessage, type MessageKey, type MessageParams, type Problem } from '../../engine';
import type { PlatformErrorCode, PlatformErrorInfo } from './types';

/** A platform call that failed in a way the user should hear about: a file too large, a bad graph, a full disk. */
export class PlatformError extends Error {
  readonly code: PlatformErrorCode;
  readonly fix: string;
  readonly problems: Problem[];
  /** The failure's sentence, so the UI says it in its own language (renderer/problems/problemText.ts). */
  readonly key?: MessageKey;
  readonly fixKey?: MessageKey;
  readonly params?: MessageParams;

  constructor(info: PlatformErrorInfo) {
    super(info.message);
    this.name = 'PlatformError';
    this.code = info.code;
    this.fix = info.fix;
    this.problems = info.problems ?? [];
    this.key = info.key;
    this.fixKey = info.fixKey;
    this.params = info.params;
  }

  /** A failure said by one of the engine's sentences: English `message`/`fix` for logs, the key for the UI. */
  static of(code: PlatformErrorCode, key: MessageKey, params: MessageParams = {}): PlatformError {
    return new PlatformError({ code, key, params, ...englishMessage(key, params) });
  }
}
