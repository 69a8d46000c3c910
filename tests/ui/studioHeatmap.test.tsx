import { describe, expect, it } from 'vitest';
import { cellColour, cellPixels, headValues, heatmapLayout, heatmapSvg, transposeSteps, type HeatmapInput } from '../../renderer/studio/heatmap';

const input = (rows: string[], cols: string[], values: number[]): HeatmapInput => ({ values, rows, cols, scale: 'sequential', title: 'head 1', rowCaption: 'query', colCaption: 'key' });

describe('attention heat-map export', () => {
  it('writes one cell per weight with its tokens and value, and every axis label', () => {
    const svg = heatmapSvg(input(['T', 'h'], ['T', 'h'], [1, 0, 0.25, 0.75]), heatmapLayout(input(['T', 'h'], ['T', 'h'], [1, 0, 0.25, 0.75]), 300));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<rect x=/g)).toHaveLength(4);
    expect(svg).toContain('<title>h → T: 0.250</title>');
    expect(svg).toContain('<title>h → h: 0.750</title>');
    expect(svg).toContain('>query</text>');
    expect(svg).toContain('>key</text>');
  });

  it('escapes tokens that are markup characters, so the file stays valid XML', () => {
    const m = input(['<', '&'], ['"', "'"], [0.5, 0.5, 0.5, 0.5]);
    const svg = heatmapSvg(m, heatmapLayout(m, 200));
    expect(svg).toContain('&lt;');
    expect(svg).toContain('&amp;');
    expect(svg).not.toMatch(/>[<&]</);
    expect(() => new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement.tagName).not.toThrow();
    expect(new DOMParser().parseFromString(svg, 'image/svg+xml').getElementsByTagName('parsererror')).toHaveLength(0);
  });

  it('stands long word labels upright so they do not overlap', () => {
    const words = input(['[BOS]'], ['the', 'driver', 'went', 'to', 'market'], [0.2, 0.2, 0.2, 0.2, 0.2]);
    expect(heatmapLayout(words, 300).rotateCols).toBe(true);
    expect(heatmapLayout(input(['a', 'b'], ['a', 'b'], [0, 0, 0, 0]), 300).rotateCols).toBe(false);
  });

  it('colours more attention darker, and separates heads and time steps correctly', () => {
    const light = cellColour(0.1, 'sequential', 1);
    const dark = cellColour(0.9, 'sequential', 1);
    const sum = (c: string) => c.match(/\d+/g)!.map(Number).reduce((a, b) => a + b, 0);
    expect(sum(dark)).toBeLessThan(sum(light));
    expect(Array.from(headValues(new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]), 1, 2, 2))).toEqual([5, 6, 7, 8]);
    // steps × units → units × steps
    expect(Array.from(transposeSteps(new Float32Array([1, 2, 3, 4, 5, 6]), 3, 2))).toEqual([1, 3, 5, 2, 4, 6]);
  });

  it('paints one pixel per cell, row-major, in the colour of its value', () => {
    const m: HeatmapInput = { values: [0, 1, 0.5, Number.NaN, -0.2, 0.25], rows: ['a', 'b'], cols: ['x', 'y', 'z'], scale: 'sequential' };
    const pixels = cellPixels(m);
    expect(pixels).toHaveLength(2 * 3 * 4);
    for (let i = 0; i < 6; i++) {
      const [r, g, b] = cellColour(m.values[i] as number, 'sequential', 1).match(/\d+/g)!.map(Number);
      expect(Array.from(pixels.subarray(i * 4, i * 4 + 4))).toEqual([r, g, b, 255]);
    }
    // Weights below zero are clamped to white; a non-finite one shows as magenta, not as a plausible colour.
    expect(Array.from(pixels.subarray(16, 20))).toEqual([255, 255, 255, 255]);
    expect(Array.from(pixels.subarray(12, 16))).toEqual([255, 0, 255, 255]);
  });
});
