/**
 * The browser's Open reads a chosen file only when it can be opened: a file larger than a graph file may be that is
 * not a zip (so not a model file) is refused from its first four bytes, before the whole of it is read.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_DOCUMENT_BYTES } from '../../engine/graph/parse';
import { createBrowserPlatform, type BrowserPlatformEnv } from '../../renderer/platform/browser';
import { PlatformError } from '../../renderer/platform/PlatformError';
import { problemText } from '../../renderer/problems/problemText';

afterEach(() => vi.restoreAllMocks());

const env: BrowserPlatformEnv = { document, indexedDB: null, storage: null, createObjectURL: () => 'blob:x', revokeObjectURL: () => {} };

/** A file whose content is `head` but which says it is `size` bytes (so nothing large is made). */
function fileClaiming(name: string, head: number[], size: number): File {
  const file = new File([new Uint8Array(head)], name);
  Object.defineProperty(file, 'size', { value: size });
  return file;
}

function choose(file: File) {
  vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(function (this: HTMLInputElement) {
    Object.defineProperty(this, 'files', { value: [file] });
    this.dispatchEvent(new Event('change'));
  });
}

describe('browser Open: size before reading', () => {
  it('refuses a 30 MB file that is not a zip with the graph limit, reading only its first bytes', async () => {
    const file = fileClaiming('big.tlgraph.json', [0x7b, 0x20, 0x20, 0x20], 30_000_000);
    const readWhole = vi.spyOn(file, 'arrayBuffer');
    choose(file);
    const error = await createBrowserPlatform(env).openModel().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).code).toBe('E_FILE_TOO_LARGE');
    expect((error as PlatformError).message).toBe(
      `“big.tlgraph.json” is 28.6 MiB (30,000,000 bytes); graph files are at most 20.0 MiB (${MAX_DOCUMENT_BYTES.toLocaleString('en')} bytes).`,
    );
    expect(readWhole).not.toHaveBeenCalled();
  });

  it('refuses a model file over the limit with a keyed problem the file dialog says in Korean', async () => {
    choose(fileClaiming('huge.tlgraph', [0x50, 0x4b, 0x03, 0x04], 2_000_000_000));
    const error = (await createBrowserPlatform(env).openModel().catch((e: unknown) => e)) as PlatformError;
    expect(error.code).toBe('E_FILE_TOO_LARGE');
    const [problem] = error.problems;
    expect(problem.key).toBe('file.modelTooLargeMb');
    expect(problemText(problem, 'en')).toEqual({ message: error.message, fix: error.fix });
    expect(error.message).toBe('“huge.tlgraph” is 2,000 MB; Tensorloom reads model files of at most 1,611 MB.');
    const korean = problemText(problem, 'ko');
    expect(korean.message).toContain('huge.tlgraph');
    expect(korean.message).toMatch(/[가-힣]/);
  });

  it('reads a zip of that size (a model file may be up to 1.5 GiB)', async () => {
    const file = fileClaiming('big.tlgraph', [0x50, 0x4b, 0x03, 0x04], 30_000_000);
    choose(file);
    const opened = await createBrowserPlatform(env).openModel();
    expect(opened?.name).toBe('big.tlgraph');
    expect([...(opened?.bytes ?? [])]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  });
});
