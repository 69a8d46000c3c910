import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchDataSources, memoryDataSources } from '../../../engine/data/sources';
import type { EngineError } from '../../../engine/graph/errors';

afterEach(() => vi.unstubAllGlobals());

describe('fetchDataSources', () => {
  it('fetches a file relative to the data folder, once', async () => {
    const fetchMock = vi.fn(async () => new Response('Call me Ishmael.', { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const sources = fetchDataSources('http://app.local/app/data/');
    expect(await sources.read('moby-dick.txt')).toBe('Call me Ishmael.');
    expect(await sources.read('moby-dick.txt')).toBe('Call me Ishmael.');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls[0]).toEqual(['http://app.local/app/data/moby-dick.txt']);
  });

  it('reports a missing file as E_DATA and tries again on the next read', async () => {
    const fetchMock = vi.fn(async () => new Response('not found', { status: 404 }));
    vi.stubGlobal('fetch', fetchMock);
    const sources = fetchDataSources('http://app.local/data/');
    const err = (await sources.read('sentiment.json').catch((e: unknown) => e)) as EngineError;
    expect(err.code).toBe('E_DATA');
    await sources.read('sentiment.json').catch(() => undefined);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });
});

describe('memoryDataSources', () => {
  it('serves the given files and reports others as E_DATA', async () => {
    const sources = memoryDataSources({ 'a.txt': 'hello' });
    expect(await sources.read('a.txt')).toBe('hello');
    expect(((await sources.read('b.txt').catch((e: unknown) => e)) as EngineError).code).toBe('E_DATA');
  });
});

describe('fetchDataSources from disk', () => {
  it('falls back to XMLHttpRequest for file: URLs, which fetch refuses', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('URL scheme "file" is not supported.');
      }),
    );
    const opened: string[] = [];
    class FakeXhr {
      status = 0;
      responseText = '';
      onload: (() => void) | null = null;
      onerror: (() => void) | null = null;
      private url = '';
      open(_method: string, url: string) {
        this.url = url;
        opened.push(url);
      }
      send() {
        this.responseText = `contents of ${this.url.split('/').pop()}`;
        this.onload?.();
      }
    }
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const sources = fetchDataSources('file:///opt/tensorloom/web/data/');
    expect(await sources.read('credits.json')).toBe('contents of credits.json');
    expect(opened).toEqual(['file:///opt/tensorloom/web/data/credits.json']);
  });
});
