/**
 * The bundled data files for Node (command line, tests, benchmarks): reads what scripts/build-data.ts
 * extracted, running the extraction first when a file is missing, e.g. in a fresh checkout. The
 * renderer instead fetches the same files from ./data/ (see engine/data/sources.ts).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cachingDataSources, EngineError, type DataSources } from '../engine';
import { buildData, DATA_FILES, DEFAULT_DATA_DIR } from '../scripts/build-data';

export function nodeDataSources(dir: string = DEFAULT_DATA_DIR): DataSources {
  let built = false;
  const ensureBuilt = () => {
    if (built) return;
    if (DATA_FILES.some((name) => !existsSync(join(dir, name)))) buildData(dir);
    built = true;
  };
  const load = async (name: string): Promise<string> => {
    if (name.includes('/') || name.includes('\\') || name.startsWith('.')) {
      throw new EngineError([{ code: 'E_DATA', message: `“${name}” is not a bundled data file name.`, fix: 'Ask for a file by its plain name, e.g. moby-dick.txt.' }]);
    }
    ensureBuilt();
    try {
      return await readFile(join(dir, name), 'utf8');
    } catch {
      throw new EngineError([
        { code: 'E_DATA', message: `The bundled data file “${name}” could not be read from ${dir}.`, fix: 'Run `npm run build:data` to extract the bundled datasets.' },
      ]);
    }
  };
  return cachingDataSources(load);
}
