import { describe, expect, it } from 'vitest';
import { orthogonalBlocks } from '../../../engine/layers/recurrentInit';

/** Block b of a (u, blocks·u) row-major kernel as a u×u matrix. */
function block(values: Float32Array, units: number, blocks: number, b: number): number[][] {
  const width = units * blocks;
  return Array.from({ length: units }, (_, r) => Array.from({ length: units }, (_, c) => values[r * width + b * units + c]));
}

describe('orthogonalBlocks (recurrent kernel initialiser)', () => {
  it('every gate block is orthogonal: Q Qᵀ = I', () => {
    const units = 16;
    const blocks = 4;
    const values = orthogonalBlocks(units, blocks, 42);
    expect(values.length).toBe(units * units * blocks);
    for (let b = 0; b < blocks; b++) {
      const q = block(values, units, blocks, b);
      for (let i = 0; i < units; i++) {
        for (let j = 0; j < units; j++) {
          const dot = q[i].reduce((s, v, k) => s + v * q[j][k], 0);
          expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-5);
        }
      }
    }
  });

  it('is deterministic per seed and differs between seeds and between blocks', () => {
    const a = orthogonalBlocks(8, 3, 7);
    expect(orthogonalBlocks(8, 3, 7)).toEqual(a);
    expect(orthogonalBlocks(8, 3, 8)).not.toEqual(a);
    expect(block(a, 8, 3, 0)).not.toEqual(block(a, 8, 3, 1));
  });
});
