import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { documentsOnCommandLine, isDocumentPath, SystemOpenRequests } from '../../../app/systemFiles';

const cwd = path.resolve('/home/ada/models');

describe('documentsOnCommandLine', () => {
  it('finds .tlgraph documents, resolving relative paths from the starting folder', () => {
    expect(documentsOnCommandLine(['/opt/Tensorloom/tensorloom', 'gpt.tlgraph', '/tmp/Old.TLGRAPH.json'], cwd)).toEqual([path.join(cwd, 'gpt.tlgraph'), path.resolve('/tmp/Old.TLGRAPH.json')]);
  });

  it('skips the executable, the app folder of an unpackaged run, switches, other files and other schemes', () => {
    const argv = ['/usr/bin/electron', '.', '--enable-logging', '--inspect=9229', 'notes.txt', 'https://example.com/x.tlgraph', '-psn_0_12345', '', 'a\0.tlgraph'];
    expect(documentsOnCommandLine(argv, cwd)).toEqual([]);
    expect(documentsOnCommandLine(['x.tlgraph'], cwd)).toEqual([]);
  });

  it('reads file:// URLs (Linux desktop files pass %U) and names each file once', () => {
    const file = path.join(cwd, 'with space.tlgraph');
    expect(documentsOnCommandLine(['exe', pathToFileURL(file).href, file, 'with space.tlgraph'], cwd)).toEqual([file]);
  });
});

describe('isDocumentPath', () => {
  it('accepts the registered type and older graphs only', () => {
    expect(['a.tlgraph', 'B.TLGRAPH', 'c.tlgraph.json'].every(isDocumentPath)).toBe(true);
    expect(['a.json', 'a.tlgraph.bak', 'a.tlgraph.zip', 'tlgraph'].some(isDocumentPath)).toBe(false);
  });
});

describe('SystemOpenRequests', () => {
  it('gives each path an opaque id that answers once', () => {
    const requests = new SystemOpenRequests();
    const id = requests.add('/home/ada/models/gpt.tlgraph');
    expect(id).not.toContain('gpt');
    expect(id.length).toBeLessThanOrEqual(64);
    expect(requests.take(id)).toBe(path.resolve('/home/ada/models/gpt.tlgraph'));
    expect(requests.take(id)).toBeNull();
    expect(requests.take('system-unknown')).toBeNull();
  });
});
