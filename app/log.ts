import nodeFs from 'node:fs';
import path from 'node:path';

/** The synchronous file calls the log makes; tests pass a copy whose calls fail. */
export interface LogFs {
  appendFileSync: typeof nodeFs.appendFileSync;
  statSync: typeof nodeFs.statSync;
  renameSync: typeof nodeFs.renameSync;
  rmSync: typeof nodeFs.rmSync;
  mkdirSync: typeof nodeFs.mkdirSync;
}

export interface RotatingLogOptions {
  fileName?: string;
  /** The live file is rotated before it grows past this. */
  maxBytes?: number;
  /** Rotated files kept beside the live one (`main.1.log` newest … `main.<keep>.log` oldest). */
  keep?: number;
  fs?: LogFs;
  now?: () => Date;
}

export type LogLevel = 'error' | 'warn' | 'info';

/**
 * The main process's log, in the app's logs folder (Help ▸ Open Logs Folder). Main-process failures that
 * have nowhere else to go (a recent-files store that cannot be written, an autosave that fails) land here
 * instead of vanishing. Writes are synchronous: they are rare, and a line written just before a crash
 * must be on disk. Bounded: the file rotates at `maxBytes`, keeping `keep` old files. Never throws.
 */
export class RotatingLog {
  readonly file: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly fs: LogFs;
  private readonly now: () => Date;

  constructor(
    readonly dir: string,
    options: RotatingLogOptions = {},
  ) {
    this.file = path.join(dir, options.fileName ?? 'main.log');
    this.maxBytes = options.maxBytes ?? 1024 * 1024;
    this.keep = options.keep ?? 3;
    this.fs = options.fs ?? nodeFs;
    this.now = options.now ?? (() => new Date());
  }

  error(context: string, err?: unknown): void {
    this.write('error', err === undefined ? context : `${context}: ${describeError(err)}`);
  }

  warn(message: string): void {
    this.write('warn', message);
  }

  info(message: string): void {
    this.write('info', message);
  }

  /** A `.catch` handler that logs what failed instead of swallowing it. */
  failure(context: string): (err: unknown) => void {
    return (err) => this.error(context, err);
  }

  write(level: LogLevel, message: string): void {
    const line = `${this.now().toISOString()} ${level.toUpperCase()} ${message.replace(/\r?\n/g, '\n    ')}\n`;
    try {
      this.fs.mkdirSync(this.dir, { recursive: true });
      this.rotateIfFull(Buffer.byteLength(line));
      this.fs.appendFileSync(this.file, line);
    } catch (err) {
      // The log itself failed (disk full, folder not writable): the terminal is all that is left.
      console.error(`Tensorloom could not write its log (${describeError(err)}): ${line}`);
    }
  }

  /** The live file and the rotated ones, newest first. */
  files(): string[] {
    return [this.file, ...Array.from({ length: this.keep }, (_, i) => this.rotated(i + 1))];
  }

  private rotated(index: number): string {
    const ext = path.extname(this.file);
    return `${this.file.slice(0, this.file.length - ext.length)}.${index}${ext}`;
  }

  private rotateIfFull(incoming: number): void {
    let size: number;
    try {
      size = this.fs.statSync(this.file).size;
    } catch {
      return; // no live file yet
    }
    if (size + incoming <= this.maxBytes) return;
    this.fs.rmSync(this.rotated(this.keep), { force: true });
    for (let i = this.keep - 1; i >= 1; i--) {
      try {
        this.fs.renameSync(this.rotated(i), this.rotated(i + 1));
      } catch {
        /* that generation does not exist yet */
      }
    }
    if (this.keep > 0) this.fs.renameSync(this.file, this.rotated(1));
    else this.fs.rmSync(this.file, { force: true });
  }
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}
