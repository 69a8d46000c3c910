import { coded, EngineError, type MessageKey, type MessageParams } from '../graph/errors';
import type { DataSources } from './types';

/** An E_DATA problem about a dataset's own files, said from its message key. */
export function dataError(key: MessageKey, params: MessageParams): EngineError {
  return new EngineError([coded('E_DATA', key, params)]);
}

/** Reads one extracted file, turning a missing source or an empty file into E_DATA. */
export async function readSource(sources: DataSources | undefined, name: string, datasetId: string): Promise<string> {
  if (!sources) {
    throw dataError('data.noSources', { dataset: datasetId, file: name });
  }
  let text: string;
  try {
    text = await sources.read(name);
  } catch (err) {
    if (err instanceof EngineError) throw err;
    throw dataError('data.bundledUnreadable', { file: name, dataset: datasetId, detail: String(err) });
  }
  if (!text || !text.trim()) {
    throw dataError('data.bundledEmpty', { file: name, dataset: datasetId });
  }
  return text;
}
