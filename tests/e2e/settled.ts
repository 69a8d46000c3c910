import type { Locator } from '@playwright/test';

/**
 * The canvas settles over a few frames after a template loads or Fit view runs (React Flow measures the blocks,
 * then the viewport animates): read positions and counts only once two reads 150 ms apart agree.
 */
export async function settledBox(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  let previous = await locator.boundingBox();
  for (let i = 0; i < 60; i++) {
    await locator.page().waitForTimeout(150);
    const next = await locator.boundingBox();
    if (next && previous && next.x === previous.x && next.y === previous.y && next.width === previous.width && next.height === previous.height) return next;
    previous = next;
  }
  throw new Error('The element kept moving for 9 s.');
}

export async function settledCount(locator: Locator): Promise<number> {
  let previous = await locator.count();
  for (let i = 0; i < 60; i++) {
    await locator.page().waitForTimeout(150);
    const next = await locator.count();
    if (next === previous && next > 0) return next;
    previous = next;
  }
  throw new Error('The number of elements kept changing for 9 s.');
}
