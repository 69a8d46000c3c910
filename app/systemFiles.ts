import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { recentFileId } from './recentFiles';

/**
 * Documents the system hands the app: a double-click or "Open with" (the command line of the first start,
 * or of a second start that the single-instance lock turns into `second-instance`), macOS `open-file`
 * (also before `ready`), the system's recent-documents list, and files dropped on the window.
 */

/** `.tlgraph` is the one registered type; older `.tlgraph.json` graphs still open when handed over. */
export function isDocumentPath(candidate: string): boolean {
  const lower = candidate.toLowerCase();
  return lower.endsWith('.tlgraph') || lower.endsWith('.tlgraph.json');
}

/**
 * The documents named on a command line. The executable (and, unpackaged, the app folder) and every
 * switch are skipped; relative paths are taken from the launching process's working directory; Linux
 * desktop files may pass `file://` URLs. Anything that is not a Tensorloom document is ignored.
 */
export function documentsOnCommandLine(argv: readonly string[], workingDirectory: string): string[] {
  const found: string[] = [];
  for (const arg of argv.slice(1)) {
    if (typeof arg !== 'string' || arg.length === 0 || arg.startsWith('-') || arg.includes('\0')) continue;
    let candidate = arg;
    if (/^file:\/\//i.test(arg)) {
      try {
        candidate = fileURLToPath(arg);
      } catch {
        continue;
      }
    } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) {
      continue; // another scheme: not a file
    }
    if (!isDocumentPath(candidate)) continue;
    const resolved = path.resolve(workingDirectory, candidate);
    if (!found.includes(resolved)) found.push(resolved);
  }
  return found;
}

/**
 * Paths the system asked to open, each under an opaque id the page opens it by (the page never sees a
 * path). An id answers once: a page cannot reopen a system-handed file later by replaying it.
 */
export class SystemOpenRequests {
  private readonly byId = new Map<string, string>();

  add(filePath: string): string {
    const id = `system-${recentFileId(filePath)}`;
    this.byId.set(id, path.resolve(filePath));
    return id;
  }

  take(id: string): string | null {
    const filePath = this.byId.get(id) ?? null;
    this.byId.delete(id);
    return filePath;
  }
}
