import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { RecentFile } from './ipc/contract';
import { writeFileAtomic } from './atomicWrite';

interface StoredEntry {
  path: string;
  /** ms since the epoch. */
  usedAt: number;
}

const STORE_VERSION = 1;
/** The store is ours, but a corrupt or hostile one must not make start-up slow. */
const MAX_STORE_BYTES = 256 * 1024;

/** Paths differ only by case on Windows and (by default) macOS, so the same file must not appear twice. */
function sameFileKey(filePath: string, platform: NodeJS.Platform): string {
  const resolved = path.resolve(filePath);
  return platform === 'win32' || platform === 'darwin' ? resolved.toLowerCase() : resolved;
}

/** An id for the UI to reopen a file by, so the UI never handles paths. Stable for a path. */
export function recentFileId(filePath: string): string {
  return createHash('sha256').update(path.resolve(filePath)).digest('hex').slice(0, 24);
}

/**
 * The most recently opened or saved graph files, most recent first: de-duplicated, bounded, and persisted
 * as JSON in the app-data folder (written atomically, so a crash never leaves it half-written). A missing
 * or corrupt store reads as an empty list.
 */
export class RecentFiles {
  private loaded: Promise<StoredEntry[]> | null = null;
  /** Changes run one after another, so two quick ones cannot overwrite each other. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly storePath: string,
    private readonly limit = 10,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /** Most recent first. */
  async paths(): Promise<string[]> {
    return (await this.load()).map((e) => e.path);
  }

  /** What the UI shows: names and folders, with opaque ids. */
  async list(): Promise<RecentFile[]> {
    return (await this.load()).map((e) => ({ id: recentFileId(e.path), name: path.basename(e.path), folder: path.dirname(e.path) }));
  }

  /** The path behind an id from `list()`, or null when the id is not in the list. */
  async resolve(id: string): Promise<string | null> {
    if (typeof id !== 'string') return null;
    return (await this.load()).find((e) => recentFileId(e.path) === id)?.path ?? null;
  }

  /** Moves `filePath` to the top (adding it if new) and drops the oldest beyond the limit. */
  add(filePath: string, now = Date.now()): Promise<void> {
    const key = sameFileKey(filePath, this.platform);
    return this.change((entries) => [{ path: path.resolve(filePath), usedAt: now }, ...entries.filter((e) => sameFileKey(e.path, this.platform) !== key)]);
  }

  remove(filePath: string): Promise<void> {
    const key = sameFileKey(filePath, this.platform);
    return this.change((entries) => entries.filter((e) => sameFileKey(e.path, this.platform) !== key));
  }

  clear(): Promise<void> {
    return this.change(() => []);
  }

  private load(): Promise<StoredEntry[]> {
    this.loaded ??= readStore(this.storePath, this.limit);
    return this.loaded;
  }

  private change(edit: (entries: StoredEntry[]) => StoredEntry[]): Promise<void> {
    const run = this.queue
      .catch(() => undefined)
      .then(async () => {
        const entries = edit(await this.load()).slice(0, this.limit);
        this.loaded = Promise.resolve(entries);
        await fs.mkdir(path.dirname(this.storePath), { recursive: true });
        await writeFileAtomic(this.storePath, JSON.stringify({ version: STORE_VERSION, files: entries }, null, 2));
      });
    this.queue = run;
    return run;
  }
}

async function readStore(storePath: string, limit: number): Promise<StoredEntry[]> {
  let json: unknown;
  try {
    const stat = await fs.stat(storePath);
    if (stat.size > MAX_STORE_BYTES) return [];
    json = JSON.parse(await fs.readFile(storePath, 'utf8'));
  } catch {
    return [];
  }
  const files = (json as { version?: unknown; files?: unknown })?.files;
  if ((json as { version?: unknown })?.version !== STORE_VERSION || !Array.isArray(files)) return [];
  const entries: StoredEntry[] = [];
  for (const item of files) {
    const entryPath = (item as StoredEntry)?.path;
    const usedAt = (item as StoredEntry)?.usedAt;
    if (typeof entryPath !== 'string' || !path.isAbsolute(entryPath) || entryPath.includes('\0')) continue;
    entries.push({ path: entryPath, usedAt: typeof usedAt === 'number' && Number.isFinite(usedAt) ? usedAt : 0 });
  }
  return entries.slice(0, limit);
}
