import { act, cleanup, render, screen } from '@testing-library/react';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultAtomicWriteFs } from '../../app/atomicWrite';
import { saveModelFile } from '../../app/files';
import type { IpcResult, TensorloomBridge } from '../../app/ipc/contract';
import { FileProblemsDialog } from '../../renderer/canvas/FileProblemsDialog';
import { i18n } from '../../renderer/i18n';
import { createBrowserPlatform } from '../../renderer/platform/browser';
import { createElectronPlatform } from '../../renderer/platform/electron';
import type { OpenedFile, Platform } from '../../renderer/platform/types';
import { useDocumentStore } from '../../renderer/store/documentStore';
import { emptyDoc } from '../../renderer/store/edits';
import { openDocument, saveDocument, startPersistence } from '../../renderer/store/persistence';
import type { TrainedModelPort } from '../../renderer/store/trainedModel';
import { useViewStore } from '../../renderer/store/viewStore';

/** Three Latin words in a row outside “quoted” names: an English sentence left in a Korean text. */
const ENGLISH_RUN = /[A-Za-z][A-Za-z'’-]*(?:[ ,]+[A-Za-z][A-Za-z'’-]*){2,}/;
const withoutQuotes = (text: string) => text.replace(/“[^”]*”/g, '“…”');

const studio: TrainedModelPort = {
  exportTrained: async () => ({ runs: [] }),
  loadTrained: async () => undefined,
  onCheckpoint: () => () => undefined,
  planWeightTransfer: async () => ({ loads: [], skipped: [] }),
  setInitWeights: () => undefined,
};

/** The desktop bridge, answering Save with what main's own save code says when the disk is full. */
function bridgeWithFullDisk(dir: string, opened: OpenedFile | null = null): TensorloomBridge {
  const answer = <T,>(value: T): Promise<IpcResult<T>> => Promise.resolve({ ok: true, value });
  return {
    openModel: () => answer(opened),
    readModel: () => answer(null),
    saveModel: async (bytes, name) => {
      const fullDisk = {
        ...defaultAtomicWriteFs,
        rename: async () => {
          throw Object.assign(new Error('ENOSPC: no space left on device, rename'), { code: 'ENOSPC' });
        },
      };
      const saved = await saveModelFile(path.join(dir, name), bytes, { fs: fullDisk });
      return saved.ok ? { ok: true, value: { name: saved.name } } : saved;
    },
    autosave: async () => undefined,
    autosaveCheckpoint: async () => undefined,
    loadAutosave: async () => null,
    exportFile: () => answer(null),
    exportFolder: () => answer(null),
    recentFiles: async () => [],
    openRecent: () => answer(null),
    onMenuCommand: () => () => undefined,
    describeMenu: () => answer(null),
  };
}

let dir: string;
let stop: (() => void) | undefined;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorloom-ko-save-'));
  useDocumentStore.getState().load(emptyDoc('모델'));
  useViewStore.setState({ fileProblems: null, notice: null, screen: 'editor' });
  await act(() => i18n.changeLanguage('ko'));
});

afterEach(async () => {
  cleanup();
  stop?.();
  stop = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
  await act(() => i18n.changeLanguage('en'));
});

async function start(platform: Platform): Promise<void> {
  stop = await startPersistence(platform, { trainedModel: studio });
}

describe('a failed save in the Korean UI', () => {
  it('says the full disk in Korean, with no English sentence', async () => {
    await start(createElectronPlatform(bridgeWithFullDisk(dir)));
    expect(await saveDocument(true)).toBe(false);
    const notice = useViewStore.getState().notice ?? '';
    expect(notice).toContain('저장하지 못했습니다');
    expect(notice).toContain('디스크가 가득 차서');
    expect(withoutQuotes(notice)).not.toMatch(ENGLISH_RUN);
    await act(() => i18n.changeLanguage('en'));
    expect(await saveDocument(true)).toBe(false);
    expect(useViewStore.getState().notice).toMatch(/The disk is full/);
  });

  it('says a download the browser refuses in Korean', async () => {
    const platform = createBrowserPlatform({
      document,
      indexedDB: null,
      storage: null,
      createObjectURL: () => {
        throw new Error('Out of memory');
      },
      revokeObjectURL: () => undefined,
    });
    await start(platform);
    expect(await saveDocument(true)).toBe(false);
    const notice = useViewStore.getState().notice ?? '';
    expect(notice).toContain('다운로드를 시작하지 않았습니다');
    expect(withoutQuotes(notice)).not.toMatch(ENGLISH_RUN);
  });

  it('shows a graph file with a JSON syntax error in the file dialog in Korean, with the line and column', async () => {
    const bytes = new TextEncoder().encode('{\n  "name": "x",\n  "nodes": [1,, 2]\n}');
    await start(createElectronPlatform(bridgeWithFullDisk(dir, { name: 'broken.tlgraph.json', bytes })));
    await act(() => openDocument());
    render(<FileProblemsDialog />);
    const problem = screen.getByTestId('file-problem').textContent ?? '';
    expect(problem).toContain('3번째 줄 15번째 글자');
    expect(withoutQuotes(problem.replace(/^E_[A-Z_]+/, ''))).not.toMatch(ENGLISH_RUN);
    // The parser's own words stay within reach, as the sentence's tooltip.
    const sentence = screen.getByTestId('file-problem').querySelector('.problem-message');
    expect(sentence?.getAttribute('title') ?? '').toMatch(/JSON|token|Unexpected/i);
  });
});
