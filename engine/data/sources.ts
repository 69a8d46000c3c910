import { EngineError } from '../graph/errors';
import type { DataSources } from './types';

/** XMLHttpRequest reads file: URLs, which Chromium's fetch refuses (the desktop app loads from disk). */
function readWithXhr(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.onload = () => (xhr.status === 200 || (xhr.status === 0 && xhr.responseText) ? resolve(xhr.responseText) : reject(new Error(`status ${xhr.status}`)));
    xhr.onerror = () => reject(new Error('network error'));
    xhr.send();
  });
}

/**
 * Reads each file once. A failed read is not cached, so fixing the files and retrying works.
 */
export function cachingDataSources(load: (name: string) => Promise<string>): DataSources {
  const cache = new Map<string, Promise<string>>();
  return {
    read(name) {
      let text = cache.get(name);
      if (!text) {
        text = load(name);
        text.catch(() => cache.delete(name));
        cache.set(name, text);
      }
      return text;
    },
  };
}

/**
 * The bundled data files in a browser or worker: fetched from the app's `data/` folder (the renderer
 * serves renderer/public/data/ there). Each file is fetched once.
 */
export function fetchDataSources(baseUrl = './data/'): DataSources {
  const load = async (name: string) => {
    const url = new URL(name, new URL(baseUrl, globalThis.location?.href ?? 'http://localhost/')).href;
    let response: Response;
    try {
      response = await fetch(url);
    } catch (err) {
      if (url.startsWith('file:') && typeof XMLHttpRequest !== 'undefined') {
        try {
          return await readWithXhr(url);
        } catch {
          // Fall through to the error below, which names the original failure.
        }
      }
      throw new EngineError([{ code: 'E_DATA', message: `The bundled data file “${name}” could not be loaded (${String(err)}).`, fix: 'Reload the app; if it persists, reinstall it.' }]);
    }
    if (!response.ok) {
      throw new EngineError([{ code: 'E_DATA', message: `The bundled data file “${name}” is missing (HTTP ${response.status}).`, fix: 'Run `npm run build:data` before building the app.' }]);
    }
    return response.text();
  };
  return cachingDataSources(load);
}

/** Sources held in memory (tests, a learner's pasted text). */
export function memoryDataSources(files: Record<string, string>): DataSources {
  return {
    async read(name) {
      if (!(name in files)) throw new EngineError([{ code: 'E_DATA', message: `The data file “${name}” is not available.`, fix: 'Provide the file, or run `npm run build:data`.' }]);
      return files[name];
    },
  };
}
