import { expect, test, type Page } from '@playwright/test';
import { generateCanvasBenchDoc } from '../../bench/canvas/generate';
import { BLOCK_WIDTH, portCenterY } from '../../renderer/canvas/geometry';

/**
 * A large graph zoomed out is painted as one bitmap (renderer/canvas/OverviewCanvas.tsx): the learner still
 * finds a block's name by pointing at it, selects it with a click and opens its menu with a right-click, and
 * the minimap shows the whole graph. 126 generated blocks, restored from the autosave slot.
 */

const doc = generateCanvasBenchDoc(30);

async function openZoomedOut(page: Page) {
  await page.addInitScript(
    ([key, value]) => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem(key, value);
        sessionStorage.setItem('seeded', '1');
      }
    },
    ['tensorloom:autosave', JSON.stringify(doc)] as const,
  );
  await page.goto('/');
  await expect(page.getByTestId('overview-canvas')).toHaveAttribute('data-blocks', String(doc.nodes.length), { timeout: 60_000 });
}

/** A block's centre on screen, from the viewport's transform. */
async function blockCentre(page: Page, id: string) {
  const node = doc.nodes.find((n) => n.id === id)!;
  const style = (await page.locator('.react-flow__viewport').getAttribute('style')) ?? '';
  const [, tx, ty, zoom] = /translate\(([-\d.]+)px,\s*([-\d.]+)px\)\s*scale\(([\d.]+)\)/.exec(style)!.map(Number);
  const pane = (await page.locator('.react-flow').boundingBox())!;
  return { x: pane.x + tx + (node.position.x + BLOCK_WIDTH / 2) * zoom, y: pane.y + ty + (node.position.y + 30) * zoom };
}

test('zoomed out, a bitmap-drawn block is named on hover, selected by a click and has its context menu', async ({ page }) => {
  await openZoomedOut(page);
  // Only the bitmap draws the graph: no block elements, no edge elements.
  await expect(page.locator('.react-flow__node-block')).toHaveCount(0);
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  await page.waitForTimeout(500);

  const attention = await blockCentre(page, 'mha3');
  await page.mouse.move(attention.x - 3, attention.y);
  await page.mouse.move(attention.x, attention.y);
  await expect(page.getByTestId('hover-name')).toHaveText('Multi-Head Attention');
  await page.screenshot({ path: 'test-results/canvas-overview-hover.png' });

  await page.mouse.click(attention.x, attention.y);
  await expect(page.getByTestId('block-mha3')).toHaveClass(/selected/);
  await expect(page.getByTestId('inspector')).toContainText('Heads');

  const ff = await blockCentre(page, 'ff5');
  await page.mouse.move(ff.x, ff.y);
  await page.mouse.click(ff.x, ff.y, { button: 'right' });
  await expect(page.getByRole('menu')).toBeVisible();
  await expect(page.getByTestId('block-ff5')).toHaveClass(/selected/);
  await page.keyboard.press('Escape');

  // A click on the empty pane clears the selection: the block goes back into the bitmap.
  await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
  await expect(page.locator('.react-flow__node-block.selected')).toHaveCount(0);
});

/** The middle of the edge from one block's first output to another's first input, on screen (a bezier's middle is halfway between its ends). */
async function edgeMiddle(page: Page, source: string, target: string) {
  const s = doc.nodes.find((n) => n.id === source)!.position;
  const t = doc.nodes.find((n) => n.id === target)!.position;
  const style = (await page.locator('.react-flow__viewport').getAttribute('style')) ?? '';
  const [, tx, ty, zoom] = /translate\(([-\d.]+)px,\s*([-\d.]+)px\)\s*scale\(([\d.]+)\)/.exec(style)!.map(Number);
  const pane = (await page.locator('.react-flow').boundingBox())!;
  const x = (s.x + BLOCK_WIDTH + 6 + t.x - 6) / 2;
  const y = (s.y + t.y) / 2 + portCenterY(0);
  return { x: pane.x + tx + x * zoom, y: pane.y + ty + y * zoom };
}

test('zoomed out, a bitmap-drawn edge is named on hover, selected by a click and deleted from its context menu', async ({ page }) => {
  await openZoomedOut(page);
  await page.waitForTimeout(500);
  const edges = page.getByTestId('overview-canvas');
  await expect(edges).toHaveAttribute('data-edges', String(doc.edges.length));

  const middle = await edgeMiddle(page, 'input', 'embed');
  await page.mouse.move(middle.x, middle.y - 3);
  await page.mouse.move(middle.x, middle.y);
  await expect(page.getByTestId('hover-name')).toHaveText('Token Input → Embedding (ids)');
  await expect(page.getByTestId('canvas')).toHaveClass(/over-edge/);

  // A click selects it (Delete then removes it, as for an edge element); Undo brings it back.
  await page.mouse.click(middle.x, middle.y);
  await page.keyboard.press('Delete');
  await expect(edges).toHaveAttribute('data-edges', String(doc.edges.length - 1));
  await page.keyboard.press('Control+z');
  await expect(edges).toHaveAttribute('data-edges', String(doc.edges.length));

  // A right-click selects it and opens the menu, whose Delete removes it.
  await page.mouse.move(middle.x, middle.y);
  await page.mouse.click(middle.x, middle.y, { button: 'right' });
  await page.getByRole('menu').getByRole('menuitem', { name: /^Delete/ }).click();
  await expect(edges).toHaveAttribute('data-edges', String(doc.edges.length - 1));

  // Away from every edge and block the pointer names nothing.
  await page.mouse.move(middle.x, middle.y - 60);
  await expect(page.getByTestId('hover-name')).toHaveCount(0);
});

test('Korean: the hover name is the block’s Korean name', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'ko-KR', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await openZoomedOut(page);
  await page.waitForTimeout(500);
  const norm = await blockCentre(page, 'norm2a');
  await page.mouse.move(norm.x - 3, norm.y);
  await page.mouse.move(norm.x, norm.y);
  await expect(page.getByTestId('hover-name')).toHaveText(/[가-힣]/);
  await page.screenshot({ path: 'test-results/canvas-overview-hover-ko.png' });
  await context.close();
});
