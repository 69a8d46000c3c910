import { englishMessage, type MessageKey, type MessageParams } from '../../engine';
import type { PlatformErrorInfo } from './contract';

/**
 * A failure main reports to the page, said by one of the engine's sentences: the English text for logs, and the
 * key and params the page says it from in the learner's language.
 */
export function platformError(code: PlatformErrorInfo['code'], key: MessageKey, params: MessageParams = {}, extra: Partial<PlatformErrorInfo> = {}): PlatformErrorInfo {
  return { code, key, params, ...englishMessage(key, params), ...extra };
}
