import { describe, expect, it } from 'vitest';
import { tickLabel, tickLabels } from '../../renderer/studio/chartData';

describe('chart tick labels', () => {
  it('tells apart the ticks of a small learning rate, which three decimals would all round to 0', () => {
    const ticks = [0.0001, 0.0002, 0.0003, 0.0004, 0.0005].map((v) => tickLabel(v, 'en'));
    expect(new Set(ticks).size).toBe(5);
    expect(ticks).toEqual(['1e-4', '2e-4', '3e-4', '4e-4', '5e-4']);
    expect(tickLabel(0.00025, 'en')).toBe('2.5e-4');
    // Floating-point noise from uPlot's tick arithmetic does not show.
    expect(tickLabel(0.1 + 0.2, 'en')).toBe('0.3');
    expect(tickLabel(0.0001 * 3, 'en')).toBe('3e-4');
  });

  it('writes ordinary losses, accuracies and perplexities as numbers, grouped in the UI language', () => {
    expect([0, 0.002, 0.5, 1, 7, 10].map((v) => tickLabel(v, 'en'))).toEqual(['0', '0.002', '0.5', '1', '7', '10']);
    expect(tickLabel(12_345, 'en')).toBe('12,345');
    expect(tickLabel(1234, 'ko')).toBe('1,234');
  });

  it('leaves blank the ticks a log axis has no room to label', () => {
    expect(tickLabels([0.5, null, null, 1, null, 5, 10], 'en')).toEqual(['0.5', '', '', '1', '', '5', '10']);
  });
});
