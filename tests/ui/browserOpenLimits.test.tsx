/**
 * The browser's Open reads a chosen file only when it can be opened: a file larger than a graph file may be that is
 * not a zip (so not a model file) is refused from its first four bytes, before the whole of it is read.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_DOCUMENT_BYTES } from '../../engine/graph/parse';
import { createBrowserPlatform, type BrowserPlatformEnv } from '../../renderer/platform/browser';
import { PlatformError } from '../../renderer/platform/PlatformError';

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

  it('reads a zip of that size (a model file may be up to 1.5 GiB)', async () => {
    const file = fileClaiming('big.tlgraph', [0x50, 0x4b, 0x03, 0x04], 30_000_000);
    choose(file);
    const opened = await createBrowserPlatform(env).openModel();
    expect(opened?.name).toBe('big.tlgraph');
    expect([...(opened?.bytes ?? [])]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  });
});
