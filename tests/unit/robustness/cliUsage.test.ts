/**
 * The command line's usage errors each carry a code, say what was wrong and show the right form; numbers are held
 * to the graph format's bounds; only regular files are read, their size checked before reading. Reproducers from a
 * fuzzing run: no subject, an unknown command or option, `--steps -1` (read as “ambiguous”), `--batch 5000`
 * (trained past the format's 4,096), `--seed 1e300` (accepted), a named pipe (blocked forever) and /dev/zero
 * (725 MB read before failing).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_NUMBER_RANGES } from '../../../app/cli';
import { openModelFile } from '../../../app/files';
import { MAX_DOCUMENT_BYTES } from '../../../engine/graph/parse';
import { trainingSchema } from '../../../engine/graph/schema';
import { MODEL_FILE_LIMITS } from '../../../engine/io/modelFileLimits';
import { runCliCaptured } from '../../fixtures/cli';

const dir = mkdtempSync(join(tmpdir(), 'tensorloom-usage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = runCliCaptured;

describe('usage errors', () => {
  it.each([
    [[], 'E_USAGE_NO_COMMAND', /^No command was given\./, /train, predict, export/],
    [['trian', 'reverse'], 'E_USAGE_UNKNOWN_COMMAND', /^There is no command “trian”\./, /Did you mean train\?/],
    [['train'], 'E_USAGE_ARGUMENTS', /^Say what to train/, /tensorloom train <file\|template-id>/],
    [['train', 'reverse', 'copy'], 'E_USAGE_ARGUMENTS', /given 2 \(“reverse”, “copy”\)/, /tensorloom train <file\|template-id>/],
    [['predict', 'm.tlgraph'], 'E_USAGE_ARGUMENTS', /which model and what text/, /tensorloom predict model\.tlgraph "some text"/],
    [['export'], 'E_USAGE_ARGUMENTS', /what to export/, /--to pytorch/],
    [['templates', 'extra'], 'E_USAGE_ARGUMENTS', /takes no arguments/, /tensorloom templates \[--json\]/],
    [['train', 'reverse', '--stepz', '5'], 'E_USAGE_UNKNOWN_OPTION', /^There is no option --stepz for tensorloom train\./, /--steps N, --batch N/],
    [['train', 'reverse', '--beam', '3'], 'E_USAGE_UNKNOWN_OPTION', /^tensorloom train does not take --beam\./, /--steps N/],
    [['predict', 'm.tlgraph', 'hi', '--steps', '3'], 'E_USAGE_UNKNOWN_OPTION', /^tensorloom predict does not take --steps\./, /--beam N/],
    [['train', 'reverse', '--steps'], 'E_USAGE_OPTION_VALUE', /^--steps needs a value\./, /--steps N/],
    [['train', 'reverse', '--save', '--json'], 'E_USAGE_OPTION_VALUE', /^--save needs a value, but is followed by “--json”/, /--save out\.tlgraph/],
    [['train', 'reverse', '--json=yes'], 'E_USAGE_OPTION_VALUE', /^--json is a switch and takes no value\./, /Write --json alone/],
  ])('%j → %s with the message and the right form, exit 2', async (args, code, message, fix) => {
    const result = await cli(...(args as string[]));
    expect(result.code).toBe(2);
    expect(result.out).toEqual([]);
    const [first, ...usage] = result.err;
    expect(first.startsWith(`${code}: `), first).toBe(true);
    const [said, howToFix] = first.slice(code.length + 2).split(' Fix: ');
    expect(said).toMatch(message);
    expect(howToFix).toMatch(fix);
    expect(usage.join('\n')).toMatch(/^Usage:/);
  });

  it('prints the usage on --help and exits 0', async () => {
    const result = await cli('--help');
    expect(result).toMatchObject({ code: 0, err: [] });
    expect(result.out[0]).toMatch(/^Usage:/);
  });
});

describe('numbers within the graph format’s bounds', () => {
  it('uses the bounds of the schema for steps, batch and seed', () => {
    const bounds = (field: 'steps' | 'batchSize' | 'seed') => {
      const n = trainingSchema.shape[field].unwrap();
      return [n.minValue, n.maxValue];
    };
    expect([CLI_NUMBER_RANGES.steps.min, CLI_NUMBER_RANGES.steps.max]).toEqual(bounds('steps'));
    expect([CLI_NUMBER_RANGES.batch.min, CLI_NUMBER_RANGES.batch.max]).toEqual(bounds('batchSize'));
    expect([CLI_NUMBER_RANGES.seed.min, CLI_NUMBER_RANGES.seed.max]).toEqual([0, 2 ** 31 - 1]);
  });

  it.each([
    [['train', 'reverse', '--steps', '-1'], '--steps must be a whole number from 1 to 10,000,000, not “-1”.'],
    [['train', 'reverse', '--steps', '0'], '--steps must be a whole number from 1 to 10,000,000, not “0”.'],
    [['train', 'reverse', '--steps', '10000001'], '--steps must be a whole number from 1 to 10,000,000, not “10000001”.'],
    [['train', 'reverse', '--steps', '1.5'], '--steps must be a whole number from 1 to 10,000,000, not “1.5”.'],
    [['train', 'reverse', '--steps', '0x10'], '--steps must be a whole number from 1 to 10,000,000, not “0x10”.'],
    [['train', 'reverse', '--batch', '5000'], '--batch must be a whole number from 1 to 4,096, not “5000”.'],
    [['train', 'reverse', '--seed', '1e300'], '--seed must be a whole number from 0 to 2,147,483,647, not “1e300”.'],
    [['train', 'reverse', '--seed', '2147483648'], '--seed must be a whole number from 0 to 2,147,483,647, not “2147483648”.'],
    [['train', 'reverse', '--seed', '-3'], '--seed must be a whole number from 0 to 2,147,483,647, not “-3”.'],
    [['predict', join(dir, 'none.tlgraph'), 'hi', '--beam', '9'], '--beam must be a whole number from 1 to 8, not “9”.'],
    [['predict', join(dir, 'none.tlgraph'), 'hi', '--temperature', '-0.5'], '--temperature must be a number from 0 to 2, not “-0.5”.'],
    [['predict', join(dir, 'none.tlgraph'), 'hi', '--temperature', 'Infinity'], '--temperature must be a number from 0 to 2, not “Infinity”.'],
    [['predict', join(dir, 'none.tlgraph'), 'hi', '--top-p', '0'], '--top-p must be a number from 0.05 to 1, not “0”.'],
    [['predict', join(dir, 'none.tlgraph'), 'hi', '--top-p', '1.5'], '--top-p must be a number from 0.05 to 1, not “1.5”.'],
  ])('%j is refused before anything runs', async (args, message) => {
    const result = await cli(...(args as string[]));
    expect(result.code).toBe(2);
    expect(result.out).toEqual([]);
    expect(result.err[0]).toBe(`E_BAD_PARAM: ${message} Fix: Pass e.g. ${message.split(' ')[0]} ${CLI_NUMBER_RANGES[message.split(' ')[0].slice(2) as keyof typeof CLI_NUMBER_RANGES].example}.`);
  });
});

describe('files the command line reads', () => {
  it('refuses a named pipe without opening it (it would block) and a device without reading it', async () => {
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const piped = await cli('train', fifo, '--steps', '1');
    expect(piped.code).toBe(2);
    expect(piped.err[0]).toBe(`E_FILE_NOT_REGULAR: “${fifo}” is a named pipe, not a regular file; Tensorloom reads only regular files. Fix: Save the data to a file first and give its path.`);
    if (existsSync('/dev/zero')) {
      const zero = await cli('train', '/dev/zero', '--steps', '1');
      expect(zero.err[0]).toMatch(/^E_FILE_NOT_REGULAR: “\/dev\/zero” is a device, not a regular file/);
      const resumed = await cli('train', '--resume', '/dev/zero');
      expect(resumed.err[0]).toMatch(/^E_FILE_NOT_REGULAR: “\/dev\/zero” is a device/);
    }
    const folder = await cli('predict', dir, 'hello');
    expect(folder.err[0]).toMatch(/is a folder, not a regular file/);
    // The app's Open (Electron main) reads through the same check.
    const opened = await openModelFile(fifo);
    expect(opened.ok ? 'opened' : opened.error).toMatchObject({ code: 'E_FILE_ACCESS', message: expect.stringContaining('is a named pipe, not a regular file') });
  });

  it('checks the size before reading: a graph over 20 MiB, a model over 1.5 GiB (sparse files, never read)', async () => {
    const graph = join(dir, 'big.json');
    writeFileSync(graph, '{');
    truncateSync(graph, MAX_DOCUMENT_BYTES + 1);
    const big = await cli('train', graph, '--steps', '1');
    expect(big.code).toBe(2);
    expect(big.err[0]).toBe(
      `E_FILE_TOO_LARGE: “big.json” is 20.0 MiB (${(MAX_DOCUMENT_BYTES + 1).toLocaleString('en')} bytes); graph files are at most 20.0 MiB (${MAX_DOCUMENT_BYTES.toLocaleString('en')} bytes). Fix: Check that this is a Tensorloom graph or model file.`,
    );
    const model = join(dir, 'big.tlgraph');
    writeFileSync(model, Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    truncateSync(model, MODEL_FILE_LIMITS.fileBytes + 1);
    const huge = await cli('predict', model, 'hello');
    expect(huge.err[0]).toMatch(/^E_FILE_TOO_LARGE: “big\.tlgraph” is 1\.5 GiB \(1,610,612,737 bytes\); model files are at most 1\.5 GiB\./);
  });

  it('names a missing model by code', async () => {
    const missing = await cli('predict', join(dir, 'gone.tlgraph'), 'hello');
    expect(missing.code).toBe(2);
    expect(missing.err[0]).toMatch(/^E_FILE_NOT_FOUND: There is no file “.*gone\.tlgraph”\./);
  });
});
