import fs from 'node:fs/promises';
import path from 'node:path';
import { MAX_DOCUMENT_BYTES, MODEL_FILE_LIMITS } from '../engine';
import { removeStaleTempFiles, writeFileAtomic } from './atomicWrite';
import type { AutosaveSnapshot } from './ipc/contract';

const AUTOSAVE_FILE = 'autosave.tlgraph.json';
/** The latest training checkpoint of the autosaved graph, as a `.tlgraph` model file. */
const CHECKPOINT_FILE = 'autosave-checkpoint.tlgraph';
/** The previous session's autosave, set aside at start-up after a crash until this session ends cleanly. */
const RECOVERED_FILE = 'recovered.tlgraph.json';
const RECOVERED_CHECKPOINT_FILE = 'recovered-checkpoint.tlgraph';
/** Present while a session runs; still there at start-up means the last session did not end cleanly. */
const SESSION_MARKER = 'session-running.json';

export interface SessionStart {
  /** The last session ended without `endSession` (a crash, a kill, a power cut). */
  uncleanExit: boolean;
  /** The document (and checkpoint) autosaved by that session, if any. */
  recovered: AutosaveSnapshot | null;
}

/**
 * Crash recovery. The UI autosaves the open graph often, and the latest training checkpoint beside it;
 * a marker file tells the next start whether the previous session quit cleanly. If it did not, its last
 * autosave is set aside and offered back. A clean quit (the user already confirmed leaving unsaved
 * changes) removes everything, so nothing is offered twice. The single-instance lock in main guarantees
 * one session at a time. Every write is atomic: a crash mid-write leaves the previous copy whole.
 */
export class AutosaveStore {
  constructor(private readonly dir: string) {}

  private file(name: string): string {
    return path.join(this.dir, name);
  }

  async beginSession(now = new Date()): Promise<SessionStart> {
    await fs.mkdir(this.dir, { recursive: true });
    // Autosaves are written often and a kill can land mid-write: whatever such a write left goes now.
    await removeStaleTempFiles(this.dir);
    const uncleanExit = await exists(this.file(SESSION_MARKER));
    if (uncleanExit) {
      await this.setAsideForRecovery();
    } else {
      for (const name of [AUTOSAVE_FILE, CHECKPOINT_FILE, RECOVERED_FILE, RECOVERED_CHECKPOINT_FILE]) await removeIfPresent(this.file(name));
    }
    await writeFileAtomic(this.file(SESSION_MARKER), JSON.stringify({ pid: process.pid, startedAt: now.toISOString() }));
    return { uncleanExit, recovered: await this.recovered() };
  }

  /**
   * Keeps the current autosave as the document to offer back: at start-up after a crash, or when the page
   * crashed and is about to reload. The newest autosave wins, with its own checkpoint or none (never an
   * older session's checkpoint beside a newer graph); an older recovery survives a second crash that
   * autosaved nothing.
   */
  async setAsideForRecovery(): Promise<void> {
    if (!(await exists(this.file(AUTOSAVE_FILE)))) return;
    await fs.rename(this.file(AUTOSAVE_FILE), this.file(RECOVERED_FILE));
    if (await exists(this.file(CHECKPOINT_FILE))) await fs.rename(this.file(CHECKPOINT_FILE), this.file(RECOVERED_CHECKPOINT_FILE));
    else await removeIfPresent(this.file(RECOVERED_CHECKPOINT_FILE));
  }

  /** The document a crashed session left behind, with its checkpoint when it had one, or null. */
  async recovered(): Promise<AutosaveSnapshot | null> {
    const graph = await readIfSmall(this.file(RECOVERED_FILE), MAX_DOCUMENT_BYTES);
    if (graph === null) return null;
    const checkpoint = await readIfSmall(this.file(RECOVERED_CHECKPOINT_FILE), MODEL_FILE_LIMITS.fileBytes);
    return { graph: graph.toString('utf8'), checkpoint: checkpoint === null ? null : new Uint8Array(checkpoint.buffer, checkpoint.byteOffset, checkpoint.byteLength) };
  }

  /** Stores the current document. */
  async write(text: string): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.file(AUTOSAVE_FILE), text);
  }

  /** Stores the latest checkpoint (a `.tlgraph` model file), or forgets it (null: a different document is open). */
  async writeCheckpoint(bytes: Uint8Array | null): Promise<void> {
    if (bytes === null) {
      await removeIfPresent(this.file(CHECKPOINT_FILE));
      return;
    }
    await fs.mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.file(CHECKPOINT_FILE), bytes);
  }

  /**
   * The document was saved to a file the user chose, so its autosave has nothing left to recover (the
   * next edit or checkpoint writes a new one). A recovered document from a crash stays until the session
   * ends: the user may not have looked at it yet.
   */
  async discard(): Promise<void> {
    await removeIfPresent(this.file(AUTOSAVE_FILE));
    await removeIfPresent(this.file(CHECKPOINT_FILE));
  }

  /** A clean quit. */
  async endSession(): Promise<void> {
    for (const name of [AUTOSAVE_FILE, CHECKPOINT_FILE, RECOVERED_FILE, RECOVERED_CHECKPOINT_FILE, SESSION_MARKER]) await removeIfPresent(this.file(name));
  }
}

async function exists(filePath: string): Promise<boolean> {
  try {
    await fs.access(filePath);
    return true;
  } catch {
    return false;
  }
}

/** The file's bytes, or null when it is missing, unreadable or over `limit` (checked before reading). */
async function readIfSmall(filePath: string, limit: number): Promise<Buffer | null> {
  try {
    const stat = await fs.stat(filePath);
    if (!stat.isFile() || stat.size > limit) return null;
    return await fs.readFile(filePath);
  } catch {
    return null;
  }
}

async function removeIfPresent(filePath: string): Promise<void> {
  await fs.rm(filePath, { force: true });
}
