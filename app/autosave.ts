import fs from 'node:fs/promises';
import path from 'node:path';
import { MAX_DOCUMENT_BYTES } from '../engine/graph/parse';
import { writeFileAtomic } from './atomicWrite';

const AUTOSAVE_FILE = 'autosave.tlgraph.json';
/** The previous session's autosave, set aside at start-up after a crash until this session ends cleanly. */
const RECOVERED_FILE = 'recovered.tlgraph.json';
/** Present while a session runs; still there at start-up means the last session did not end cleanly. */
const SESSION_MARKER = 'session-running.json';

export interface SessionStart {
  /** The last session ended without `endSession` (a crash, a kill, a power cut). */
  uncleanExit: boolean;
  /** The document autosaved by that session, if any. */
  recovered: string | null;
}

/**
 * Crash recovery. The UI autosaves the open graph often; a marker file tells the next start whether the
 * previous session quit cleanly. If it did not, its last autosave is set aside and offered back. A clean
 * quit (the user already confirmed leaving unsaved changes) removes both, so nothing is offered twice.
 * The single-instance lock in main guarantees one session at a time.
 */
export class AutosaveStore {
  constructor(private readonly dir: string) {}

  private file(name: string): string {
    return path.join(this.dir, name);
  }

  async beginSession(now = new Date()): Promise<SessionStart> {
    await fs.mkdir(this.dir, { recursive: true });
    const uncleanExit = await exists(this.file(SESSION_MARKER));
    if (uncleanExit) {
      await this.setAsideForRecovery();
    } else {
      await removeIfPresent(this.file(AUTOSAVE_FILE));
      await removeIfPresent(this.file(RECOVERED_FILE));
    }
    await writeFileAtomic(this.file(SESSION_MARKER), JSON.stringify({ pid: process.pid, startedAt: now.toISOString() }));
    return { uncleanExit, recovered: await this.recovered() };
  }

  /**
   * Keeps the current autosave as the document to offer back: at start-up after a crash, or when the page
   * crashed and is about to reload. The newest autosave wins; an older recovery survives a second crash
   * that autosaved nothing.
   */
  async setAsideForRecovery(): Promise<void> {
    if (await exists(this.file(AUTOSAVE_FILE))) await fs.rename(this.file(AUTOSAVE_FILE), this.file(RECOVERED_FILE));
  }

  /** The document a crashed session left behind, or null. */
  async recovered(): Promise<string | null> {
    try {
      const stat = await fs.stat(this.file(RECOVERED_FILE));
      if (stat.size > MAX_DOCUMENT_BYTES) return null;
      return await fs.readFile(this.file(RECOVERED_FILE), 'utf8');
    } catch {
      return null;
    }
  }

  /** Stores the current document. Atomic, so a crash mid-write leaves the previous autosave whole. */
  async write(text: string): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.file(AUTOSAVE_FILE), text);
  }

  /**
   * The document was saved to a file the user chose, so its autosave has nothing left to recover. A
   * recovered document from a crash stays until the session ends: the user may not have looked at it yet.
   */
  async discard(): Promise<void> {
    await removeIfPresent(this.file(AUTOSAVE_FILE));
  }

  /** A clean quit. */
  async endSession(): Promise<void> {
    await removeIfPresent(this.file(AUTOSAVE_FILE));
    await removeIfPresent(this.file(RECOVERED_FILE));
    await removeIfPresent(this.file(SESSION_MARKER));
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

async function removeIfPresent(filePath: string): Promise<void> {
  await fs.rm(filePath, { force: true });
}
