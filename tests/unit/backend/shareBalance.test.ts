import { describe, expect, it } from 'vitest';
import { ShareBalance } from '../../../engine/backend/wasm/shareBalance';

/** Simulates split products where the helper needs `helperCost` ms and this thread `ownCost` ms per whole product. */
function simulate(balance: ShareBalance, key: string, helperCost: number, ownCost: number, calls: number): number {
  for (let i = 0; i < calls; i++) {
    const f = balance.fractionFor(key);
    const own = { start: 0, end: (1 - f) * ownCost };
    const helper = { start: 0.05, end: 0.05 + f * helperCost };
    balance.record(key, f, own, helper);
  }
  return balance.fractionFor(key);
}

describe('ShareBalance', () => {
  it('starts every shape at an even split', () => {
    expect(new ShareBalance().fractionFor('1/1:2048x128x128:nn')).toBe(0.5);
  });

  it('gives a slower helper less work, until both threads finish together', () => {
    const balance = new ShareBalance();
    // The helper takes twice as long per unit of work: it should end up with about a third.
    const f = simulate(balance, 'a', 20, 10, 30);
    expect(f).toBeGreaterThan(0.32);
    expect(f).toBeLessThan(0.35);
    // Both finish within a few percent of each other.
    expect(Math.abs(0.05 + f * 20 - (1 - f) * 10)).toBeLessThan(0.3);
  });

  it('gives a faster helper more work, and keeps shapes apart', () => {
    const balance = new ShareBalance();
    const fast = simulate(balance, 'fast helper', 10, 15, 30);
    expect(fast).toBeGreaterThan(0.55);
    expect(balance.fractionFor('another shape')).toBe(0.5);
  });

  it('never hands either thread everything, whatever the timings say', () => {
    const balance = new ShareBalance();
    expect(simulate(balance, 'stalled helper', 1000, 1, 50)).toBeGreaterThanOrEqual(0.2);
    expect(simulate(balance, 'stalled caller', 1, 1000, 50)).toBeLessThanOrEqual(0.8);
  });

  it('ignores timings that cannot be real', () => {
    const balance = new ShareBalance();
    balance.record('k', 0.5, { start: 5, end: 5 }, { start: 0, end: 100 });
    balance.record('k', 0.5, { start: 0, end: 10 }, { start: 3, end: 2 });
    expect(balance.fractionFor('k')).toBe(0.5);
  });
});
