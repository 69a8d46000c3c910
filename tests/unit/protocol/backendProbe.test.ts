import { describe, expect, it } from 'vitest';
import { rankBackends } from '../../../renderer/worker/backendProbe';

describe('backend ranking', () => {
  it('prefers a hardware GPU, then WASM, then CPU', () => {
    expect(rankBackends({ webgpu: 'hardware', webgl: 'hardware', wasm: true })).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(rankBackends({ webgpu: 'none', webgl: 'hardware', wasm: true })).toEqual(['webgl', 'wasm', 'cpu']);
  });

  it('puts a software-rendered GPU (SwiftShader, llvmpipe) after WASM, which trains faster there', () => {
    expect(rankBackends({ webgpu: 'software', webgl: 'software', wasm: true })).toEqual(['wasm', 'webgl', 'webgpu', 'cpu']);
  });

  it('always offers the CPU backend', () => {
    expect(rankBackends({ webgpu: 'none', webgl: 'none', wasm: false })).toEqual(['cpu']);
  });
});
