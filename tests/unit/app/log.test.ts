import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RotatingLog, type LogFs } from '../../../app/log';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorloom-log-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const at = () => new Date('2026-01-01T00:00:00.000Z');

describe('RotatingLog', () => {
  it('writes timestamped lines with the error’s stack, creating the folder', () => {
    const log = new RotatingLog(path.join(dir, 'logs'), { now: at });
    log.error('Autosave failed', new Error('ENOSPC: no space left on device'));
    log.warn('single-threaded');
    const text = fs.readFileSync(log.file, 'utf8');
    expect(text).toMatch(/^2026-01-01T00:00:00\.000Z ERROR Autosave failed: Error: ENOSPC: no space left on device\n +at /);
    expect(text.trimEnd().split('\n').at(-1)).toBe('2026-01-01T00:00:00.000Z WARN single-threaded');
  });

  it('rotates before the file outgrows its limit and keeps a bounded number of old files', () => {
    const log = new RotatingLog(dir, { maxBytes: 200, keep: 2, now: at });
    for (let i = 0; i < 40; i++) log.info(`line ${String(i).padStart(2, '0')} ${'x'.repeat(40)}`);
    const names = fs.readdirSync(dir).sort();
    expect(names).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    for (const name of names) expect(fs.statSync(path.join(dir, name)).size).toBeLessThanOrEqual(200);
    // Newest last in the live file, the one before in main.1.log.
    expect(fs.readFileSync(path.join(dir, 'main.log'), 'utf8')).toMatch(/line 39/);
    const previous = fs.readFileSync(path.join(dir, 'main.1.log'), 'utf8');
    const lastPrevious = Number(/line (\d+)[^\n]*\n$/.exec(previous)?.[1]);
    const firstLive = Number(/line (\d+)/.exec(fs.readFileSync(path.join(dir, 'main.log'), 'utf8'))?.[1]);
    expect(firstLive).toBe(lastPrevious + 1);
  });

  it('never throws when the disk refuses the line', () => {
    const failing: LogFs = {
      ...fs,
      appendFileSync: () => {
        throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
      },
    } as LogFs;
    const original = console.error;
    const printed: unknown[] = [];
    console.error = (...args: unknown[]) => printed.push(args.join(' '));
    try {
      expect(() => new RotatingLog(dir, { fs: failing }).error('lost', new Error('x'))).not.toThrow();
    } finally {
      console.error = original;
    }
    expect(String(printed[0])).toMatch(/could not write its log \(Error: EROFS/);
  });
});
