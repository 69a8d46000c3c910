import type { Problem } from '../../engine';
import type { PlatformErrorCode, PlatformErrorInfo } from './types';

/** A platform call that failed in a way the user should hear about: a file too large, a bad graph, a full disk. */
export class PlatformError extends Error {
  readonly code: PlatformErrorCode;
  readonly fix: string;
  readonly problems: Problem[];

  constructor(info: PlatformErrorInfo) {
    super(info.message);
    this.name = 'PlatformError';
    this.code = info.code;
    this.fix = info.fix;
    this.problems = info.problems ?? [];
  }
}
