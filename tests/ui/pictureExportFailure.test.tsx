import { act } from '@testing-library/react';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultAtomicWriteFs } from '../../app/atomicWrite';
import { writeExportFile } from '../../app/files';
import type { TensorloomBridge } from '../../app/ipc/contract';
import { i18n } from '../../renderer/i18n';
import { exportSvgText } from '../../renderer/studio/exportImage';
import { useViewStore } from '../../renderer/store/viewStore';

let dir: string;

/** The desktop bridge, answering a picture export with what main's own export code says when the disk is full. */
function bridgeWithFullDisk(): TensorloomBridge {
  const fullDisk = {
    ...defaultAtomicWriteFs,
    rename: async () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, rename'), { code: 'ENOSPC' });
    },
  };
  // Only Export is asked of the bridge here.
  return {
    exportFile: async (name, data) => {
      const written = await writeExportFile(path.join(dir, name), data, { fs: fullDisk });
      return written.ok ? { ok: true, value: { name: written.name } } : written;
    },
  } as Partial<TensorloomBridge> as TensorloomBridge;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorloom-picture-'));
  window.tensorloom = bridgeWithFullDisk();
});

afterAll(() => {
  delete window.tensorloom;
  fs.rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  useViewStore.setState({ notice: null });
  await act(() => i18n.changeLanguage('en'));
});

describe('a chart or heat-map picture that cannot be written', () => {
  it('is said in the notice line in the UI language, not lost', async () => {
    await exportSvgText('<svg xmlns="http://www.w3.org/2000/svg"/>', 'loss');
    expect(useViewStore.getState().notice).toMatch(/^The picture was not saved: .*disk is full/);

    await act(() => i18n.changeLanguage('ko'));
    await exportSvgText('<svg xmlns="http://www.w3.org/2000/svg"/>', 'loss');
    const notice = useViewStore.getState().notice ?? '';
    expect(notice).toContain('그림을 저장하지 못했습니다');
    expect(notice).toContain('디스크가 가득 차서');
  });
});
