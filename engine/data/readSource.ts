import { EngineError } from '../graph/errors';
import type { DataSources } from './types';

export function dataError(message: string, fix: string): EngineError {
  return new EngineError([{ code: 'E_DATA', message, fix }]);
}

/** Reads one extracted file, turning a missing source or an empty file into E_DATA. */
export async function readSource(sources: DataSources | undefined, name: string, datasetId: string): Promise<string> {
  if (!sources) {
    throw dataError(
      `The dataset “${datasetId}” reads the bundled file “${name}”, but no data sources were given.`,
      'Pass the data sources (nodeDataSources() in Node, fetchDataSources() in the app) to createDataset.',
    );
  }
  let text: string;
  try {
    text = await sources.read(name);
  } catch (err) {
    if (err instanceof EngineError) throw err;
    throw dataError(`The bundled file “${name}” for “${datasetId}” could not be read (${String(err)}).`, 'Run `npm run build:data` to extract the bundled datasets.');
  }
  if (!text || !text.trim()) {
    throw dataError(`The bundled file “${name}” for “${datasetId}” is empty.`, 'Run `npm run build:data` again to re-extract it.');
  }
  return text;
}
