import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AutosaveStore } from '../../../app/autosave';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorloom-autosave-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const appData = () => path.join(dir, 'app-data');

describe('AutosaveStore crash recovery', () => {
  it('offers nothing on a first start', async () => {
    expect(await new AutosaveStore(appData()).beginSession()).toEqual({ uncleanExit: false, recovered: null });
  });

  it('offers the last autosave after a session that did not end cleanly', async () => {
    const crashed = new AutosaveStore(appData());
    await crashed.beginSession();
    await crashed.write('{"version":"first"}');
    await crashed.write('{"version":"latest"}');
    // No endSession: the process died.

    const next = new AutosaveStore(appData());
    expect(await next.beginSession()).toEqual({ uncleanExit: true, recovered: '{"version":"latest"}' });
    expect(await next.recovered()).toBe('{"version":"latest"}');
  });

  it('keeps the recovered document while the next session autosaves, and through a second crash', async () => {
    const first = new AutosaveStore(appData());
    await first.beginSession();
    await first.write('{"lost":"work"}');

    const second = new AutosaveStore(appData());
    await second.beginSession();
    await second.write('{"new":"work"}');
    expect(await second.recovered()).toBe('{"lost":"work"}');

    const third = new AutosaveStore(appData());
    expect((await third.beginSession()).recovered).toBe('{"new":"work"}');

    const fourth = new AutosaveStore(appData());
    expect((await fourth.beginSession()).recovered).toBe('{"new":"work"}');
  });

  it('offers nothing after a clean quit', async () => {
    const session = new AutosaveStore(appData());
    await session.beginSession();
    await session.write('{"doc":1}');
    await session.endSession();
    expect(await new AutosaveStore(appData()).beginSession()).toEqual({ uncleanExit: false, recovered: null });
  });

  it('offers nothing once the document was saved to a file before the crash', async () => {
    const session = new AutosaveStore(appData());
    await session.beginSession();
    await session.write('{"doc":1}');
    await session.discard();
    expect(await new AutosaveStore(appData()).beginSession()).toEqual({ uncleanExit: true, recovered: null });
  });
});

describe('AutosaveStore after the page crashes', () => {
  it('offers the page its last autosave when it reloads, while the app keeps running', async () => {
    const session = new AutosaveStore(appData());
    await session.beginSession();
    expect(await session.recovered()).toBeNull();
    await session.write('{"before":"the page crashed"}');
    await session.setAsideForRecovery();
    expect(await session.recovered()).toBe('{"before":"the page crashed"}');
  });
});
