import { coded, EngineError } from '../graph/errors';
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
      throw new EngineError([coded('E_DATA', 'data.bundledLoadFailed', { file: name, detail: String(err) })]);
    }
    if (!response.ok) {
      throw new EngineError([coded('E_DATA', 'data.bundledMissing', { file: name, status: String(response.status) })]);
    }
    return response.text();
  };
  return cachingDataSources(load);
}

/** Sources held in memory (tests, a learner's pasted text). */
export function memoryDataSources(files: Record<string, string>): DataSources {
  return {
    async read(name) {
      if (!(name in files)) throw new EngineError([coded('E_DATA', 'data.fileNotAvailable', { file: name })]);
      return files[name];
    },
  };
}
