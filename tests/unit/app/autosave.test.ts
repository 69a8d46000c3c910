import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AutosaveStore } from '../../../app/autosave';
import { MODEL_FILE_LIMITS } from '../../../engine/io/modelFileLimits';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorloom-autosave-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const appData = () => path.join(dir, 'app-data');

describe('AutosaveStore crash recovery', () => {
  it('removes at start-up the temp files of autosaves a killed session was writing', async () => {
    fs.mkdirSync(appData(), { recursive: true });
    // A process id far above any pid_max: that process is gone.
    const leftover = path.join(appData(), '.autosave.tlgraph.json.save-99999999-0123456789ab.tmp');
    fs.writeFileSync(leftover, '{"half":');
    await new AutosaveStore(appData()).beginSession();
    expect(fs.readdirSync(appData()).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

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
    expect(await next.beginSession()).toEqual({ uncleanExit: true, recovered: { graph: '{"version":"latest"}', checkpoint: null } });
    expect((await next.recovered())?.graph).toBe('{"version":"latest"}');
  });

  it('keeps the recovered document while the next session autosaves, and through a second crash', async () => {
    const first = new AutosaveStore(appData());
    await first.beginSession();
    await first.write('{"lost":"work"}');

    const second = new AutosaveStore(appData());
    await second.beginSession();
    await second.write('{"new":"work"}');
    expect((await second.recovered())?.graph).toBe('{"lost":"work"}');

    const third = new AutosaveStore(appData());
    expect((await third.beginSession()).recovered?.graph).toBe('{"new":"work"}');

    const fourth = new AutosaveStore(appData());
    expect((await fourth.beginSession()).recovered?.graph).toBe('{"new":"work"}');
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
    expect(await session.recovered()).toEqual({ graph: '{"before":"the page crashed"}', checkpoint: null });
  });
});

describe('AutosaveStore checkpoints', () => {
  const bytesOf = (snapshot: { checkpoint: Uint8Array | null } | null) => (snapshot?.checkpoint ? [...snapshot.checkpoint] : null);

  it('offers the last checkpoint beside the graph after a crash', async () => {
    const crashed = new AutosaveStore(appData());
    await crashed.beginSession();
    await crashed.write('{"doc":"trained"}');
    await crashed.writeCheckpoint(new Uint8Array([1, 1, 1]));
    await crashed.writeCheckpoint(new Uint8Array([2, 3, 4, 255]));

    const next = new AutosaveStore(appData());
    const { recovered } = await next.beginSession();
    expect(recovered?.graph).toBe('{"doc":"trained"}');
    expect(bytesOf(recovered)).toEqual([2, 3, 4, 255]);
  });

  it('never pairs a newer graph with an older session’s checkpoint', async () => {
    const first = new AutosaveStore(appData());
    await first.beginSession();
    await first.write('{"doc":"A"}');
    await first.writeCheckpoint(new Uint8Array([7]));

    const second = new AutosaveStore(appData());
    await second.beginSession();
    await second.write('{"doc":"B"}');

    const third = new AutosaveStore(appData());
    const { recovered } = await third.beginSession();
    expect(recovered).toEqual({ graph: '{"doc":"B"}', checkpoint: null });
  });

  it('forgets the checkpoint on request, on save and on a clean quit', async () => {
    const session = new AutosaveStore(appData());
    await session.beginSession();
    await session.write('{"doc":1}');
    await session.writeCheckpoint(new Uint8Array([5]));
    await session.writeCheckpoint(null);
    await session.setAsideForRecovery();
    expect(bytesOf(await session.recovered())).toBeNull();

    await session.write('{"doc":2}');
    await session.writeCheckpoint(new Uint8Array([6]));
    await session.discard();
    await session.endSession();
    expect(fs.readdirSync(appData())).toEqual([]);
  });

  it('does not offer a checkpoint file grown past the model-file limit', async () => {
    const session = new AutosaveStore(appData());
    await session.beginSession();
    await session.write('{"doc":1}');
    await session.writeCheckpoint(new Uint8Array([5]));
    fs.truncateSync(path.join(appData(), 'autosave-checkpoint.tlgraph'), MODEL_FILE_LIMITS.fileBytes + 1);
    await session.setAsideForRecovery();
    expect(await session.recovered()).toEqual({ graph: '{"doc":1}', checkpoint: null });
  });
});
