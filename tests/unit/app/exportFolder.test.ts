/**
 * File ▸ Export… in the desktop app: the IPC handler writes the export's files into the new folder the save
 * dialog names, on a real temp directory; unsafe names, an occupied folder and a cancelled dialog write nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutosaveStore } from '../../../app/autosave';
import { isSafeRelativePath } from '../../../app/exportFolder';
import { createIpcService, type IpcService } from '../../../app/ipc/handlers';
import { RecentFiles } from '../../../app/recentFiles';

let dir: string;
let answers: Array<string | null>;
let asked: Array<{ defaultName: string; kind: string }>;
let service: IpcService;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorloom-export-folder-'));
  answers = [];
  asked = [];
  const autosave = new AutosaveStore(path.join(dir, 'app-data'));
  await autosave.beginSession();
  service = createIpcService({
    chooseFileToOpen: async () => null,
    chooseFileToSave: async (defaultName, kind) => {
      asked.push({ defaultName, kind });
      return answers.shift() ?? null;
    },
    recent: new RecentFiles(path.join(dir, 'app-data', 'recent.json')),
    autosave,
  });
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const bytes = (text: string) => new TextEncoder().encode(text);
const files = [
  { path: 'model.py', bytes: bytes('import torch\n') },
  { path: 'weights.safetensors', bytes: new Uint8Array([8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32]) },
  { path: 'data/vocab.json', bytes: bytes('{}\n') },
];
const exportFolder = (name: unknown, list: unknown) => service.handlers['tensorloom:exportFolder'](name, list);
const leftovers = () => fs.readdirSync(dir).filter((f) => f.startsWith('.'));

describe('exportFolder', () => {
  it('writes every file, folders included, into the folder the dialog names', async () => {
    const target = path.join(dir, 'gpt-mini-pytorch');
    answers.push(target);
    expect(await exportFolder('gpt-mini-pytorch', files)).toEqual({ ok: true, value: { name: 'gpt-mini-pytorch' } });
    expect(asked).toEqual([{ defaultName: 'gpt-mini-pytorch', kind: 'export' }]);
    for (const f of files) expect([...fs.readFileSync(path.join(target, ...f.path.split('/')))]).toEqual([...f.bytes]);
    expect(leftovers()).toEqual([]);
  });

  it('uses an empty folder, and refuses one that holds files, leaving it as it was', async () => {
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    answers.push(empty);
    expect((await exportFolder('x', files)).ok).toBe(true);
    expect(fs.readdirSync(empty).sort()).toEqual(['data', 'model.py', 'weights.safetensors']);

    const occupied = path.join(dir, 'occupied');
    fs.mkdirSync(occupied);
    fs.writeFileSync(path.join(occupied, 'notes.txt'), 'mine');
    answers.push(occupied);
    const refused = await exportFolder('x', files);
    expect(refused).toMatchObject({ ok: false, error: { code: 'E_FILE_WRITE', message: expect.stringContaining('already holds files; nothing was written') } });
    expect(fs.readdirSync(occupied)).toEqual(['notes.txt']);
    expect(leftovers()).toEqual([]);
  });

  it('refuses names that leave the folder, duplicates and non-bytes before showing any dialog', async () => {
    for (const bad of ['../evil.py', '/etc/passwd', 'a\\b.py', 'C:evil', 'data//x', './x', 'a\u0000b']) {
      expect(isSafeRelativePath(bad), bad).toBe(false);
      const r = await exportFolder('x', [{ path: bad, bytes: bytes('x') }]);
      expect(r).toMatchObject({ ok: false, error: { code: 'E_PAYLOAD' } });
    }
    expect(await exportFolder('x', [...files, { path: 'MODEL.py', bytes: bytes('') }])).toMatchObject({ ok: false, error: { code: 'E_PAYLOAD' } });
    expect(await exportFolder('x', [{ path: 'model.py', bytes: 'text' }])).toMatchObject({ ok: false, error: { code: 'E_PAYLOAD' } });
    expect(await exportFolder('x', [])).toMatchObject({ ok: false, error: { code: 'E_PAYLOAD' } });
    expect(asked).toEqual([]);
    expect(isSafeRelativePath('data/train_ids.bin')).toBe(true);
  });

  it('writes nothing when the dialog is cancelled', async () => {
    answers.push(null);
    expect(await exportFolder('x', files)).toEqual({ ok: true, value: null });
    expect(fs.readdirSync(dir)).toEqual(['app-data']);
  });
});
