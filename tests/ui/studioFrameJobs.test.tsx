import { afterEach, describe, expect, it, vi } from 'vitest';

/** A fake animation-frame clock: `frame()` runs the callbacks requested so far, as one browser frame would. */
function fakeFrames() {
  let pending: FrameRequestCallback[] = [];
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => {
    pending.push(cb);
    return pending.length;
  });
  return {
    frame() {
      const now = pending;
      pending = [];
      for (const cb of now) cb(0);
    },
    get requested() {
      return pending.length;
    },
  };
}

async function freshModule() {
  vi.resetModules();
  return import('../../renderer/studio/frameJobs');
}

afterEach(() => vi.unstubAllGlobals());

describe('frame jobs', () => {
  it('runs one job per animation frame, in order, and skips cancelled ones', async () => {
    const frames = fakeFrames();
    const { inNextFrames } = await freshModule();
    const ran: string[] = [];
    inNextFrames(() => ran.push('chart 1'));
    const cancel = inNextFrames(() => ran.push('stale redraw'));
    inNextFrames(() => ran.push('chart 2'));
    cancel();
    expect(ran).toEqual([]);
    frames.frame();
    expect(ran).toEqual(['chart 1']);
    frames.frame();
    expect(ran).toEqual(['chart 1', 'chart 2']);
    expect(frames.requested).toBe(0);
  });

  it('goes on with the next job after one throws', async () => {
    const frames = fakeFrames();
    const { inNextFrames } = await freshModule();
    const ran: string[] = [];
    inNextFrames(() => {
      throw new Error('broken chart');
    });
    inNextFrames(() => ran.push('heat-map'));
    expect(() => frames.frame()).toThrow('broken chart');
    frames.frame();
    expect(ran).toEqual(['heat-map']);
  });

  it('runs a job at once where there are no animation frames', async () => {
    vi.stubGlobal('requestAnimationFrame', undefined);
    const { inNextFrames } = await freshModule();
    const ran: string[] = [];
    inNextFrames(() => ran.push('now'));
    expect(ran).toEqual(['now']);
  });
});
