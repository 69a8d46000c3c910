import { expect, test, type Page } from '@playwright/test';
import { settledBox } from './settled';

/**
 * A learner assembles a Transformer encoder layer with the mouse alone: blocks dragged from the palette,
 * ports wired by dragging between handles, a wrong wire refused with its reason, undo/redo, a group
 * repeated ×2, and the work found again after a reload.
 */

async function dragFromPalette(page: Page, kind: string, to: { x: number; y: number }) {
  // Nothing selected: a drop then does not wire itself to the selected block (blankCanvas.spec covers that); this test wires by hand.
  await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
  const item = page.getByTestId(`palette-${kind}`);
  await item.scrollIntoViewIfNeeded();
  const box = (await item.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 30, box.y + box.height / 2, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

function handle(page: Page, nodeId: string, side: 'in' | 'out', port: string) {
  return page.getByTestId(`block-${nodeId}`).getByTestId(`handle-${side}-${port}`);
}

async function center(page: Page, nodeId: string, side: 'in' | 'out', port: string) {
  const box = (await handle(page, nodeId, side, port).boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Presses on an output handle and moves to an input handle; `release` finishes the connection. */
async function dragWire(page: Page, from: [string, string], to: [string, string], release = true) {
  const a = await center(page, from[0], 'out', from[1]);
  const b = await center(page, to[0], 'in', to[1]);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2 + 10, { steps: 6 });
  await page.mouse.move(b.x, b.y, { steps: 6 });
  if (release) await page.mouse.up();
}

async function wire(page: Page, from: [string, string], to: [string, string]) {
  const before = await page.locator('.react-flow__edge').count();
  await dragWire(page, from, to);
  await expect(page.locator('.react-flow__edge')).toHaveCount(before + 1);
}

test('build a Transformer encoder layer by dragging and wiring blocks', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('template-blank').click();
  await expect(page.getByTestId('canvas')).toBeVisible();
  // The studio opens with the editor in a 1,280×800 window and stays open: the canvas above it has room to build in.
  await expect(page.locator('.studio-header button[aria-expanded]')).toHaveAttribute('aria-expanded', 'true');

  // Zoom out a little so ten blocks fit the 1280×800 window.
  await page.locator('.react-flow__controls-zoomout').click();
  await page.locator('.react-flow__controls-zoomout').click();

  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  const col = (i: number) => canvas.x + 95 + i * 190;
  const row = (j: number) => canvas.y + 40 + j * 170;
  const layout: [string, number, number][] = [
    ['tokenInput', 0, 0],
    ['embedding', 1, 0],
    ['positionalEncoding', 2, 0],
    ['multiHeadAttention', 3, 0],
    ['addNorm', 0, 1],
    ['feedForward', 1, 1],
    ['addNorm', 2, 1],
    ['dense', 3, 1],
    ['target', 0, 2],
    ['lmHead', 3, 2],
  ];
  for (const [kind, i, j] of layout) await dragFromPalette(page, kind, { x: col(i), y: row(j) });
  await expect(page.locator('.react-flow__node-block')).toHaveCount(10);
  await page.getByRole('button', { name: 'Fit view', exact: true }).click();
  await page.waitForTimeout(400);
  await page.screenshot({ path: 'test-results/canvas-1-dropped.png' });

  await wire(page, ['tokenInput-1', 'out'], ['embedding-1', 'in']);
  await wire(page, ['embedding-1', 'out'], ['positionalEncoding-1', 'in']);

  // Token ids cannot go into attention: the connection is refused, with the reason next to the cursor.
  await dragWire(page, ['tokenInput-1', 'out'], ['multiHeadAttention-1', 'query'], false);
  const hint = page.getByTestId('connect-hint');
  await expect(hint).toBeVisible();
  await expect(hint).toContainText('Multi-Head Attention');
  await expect(hint).toContainText('expects a sequence');
  await expect(hint).toContainText('B×T ids');
  await page.screenshot({ path: 'test-results/canvas-2-refused.png' });
  await page.mouse.up();
  await expect(hint).toBeHidden();
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  await wire(page, ['positionalEncoding-1', 'out'], ['multiHeadAttention-1', 'query']);
  await wire(page, ['positionalEncoding-1', 'out'], ['addNorm-1', 'residual']);
  await wire(page, ['multiHeadAttention-1', 'out'], ['addNorm-1', 'sublayer']);
  await wire(page, ['addNorm-1', 'out'], ['feedForward-1', 'in']);
  await wire(page, ['addNorm-1', 'out'], ['addNorm-2', 'residual']);
  await wire(page, ['feedForward-1', 'out'], ['addNorm-2', 'sublayer']);
  await wire(page, ['addNorm-2', 'out'], ['dense-1', 'in']);
  await wire(page, ['dense-1', 'out'], ['lmHead-1', 'logits']);
  await wire(page, ['target-1', 'out'], ['lmHead-1', 'targets']);

  // Every edge carries its inferred shape in named dims.
  await expect(page.getByTestId('rf__edge-e-1')).toContainText('B×T ids');
  await expect(page.getByTestId('rf__edge-e-2')).toContainText('B×T×128');
  await expect(page.getByTestId('rf__edge-e-9')).toContainText('B×T×128');

  // The LM head needs one logit per vocabulary entry: set the Dense width in the inspector.
  await page.getByTestId('block-dense-1').click();
  const units = page.getByTestId('inspector').getByLabel('Units');
  await units.fill('65');
  await expect(page.getByTestId('rf__edge-e-10')).toContainText('B×T×65');

  // Attention shows its B·h·T² score memory; the summary totals the model.
  await expect(page.getByTestId('block-multiHeadAttention-1').getByTestId('block-memory')).toContainText('T²');
  await expect(page.getByTestId('summary-params')).not.toContainText(/^0 /);
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  await page.waitForTimeout(600);
  await page.screenshot({ path: 'test-results/canvas-3-wired.png' });

  // Undo steps back through the layout, the Units edit and the last wire; redo replays them.
  await page.getByTestId('canvas').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(page.locator('.react-flow__edge')).toHaveCount(11);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('rf__edge-e-10')).toContainText('B×T×128');
  await page.keyboard.press('Control+z');
  await expect(page.locator('.react-flow__edge')).toHaveCount(10);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.locator('.react-flow__edge')).toHaveCount(11);
  await page.keyboard.press('Control+y');
  await expect(page.getByTestId('rf__edge-e-10')).toContainText('B×T×65');
  await page.keyboard.press('Control+Shift+z');

  // Group the encoder layer and repeat it twice.
  const paramsBefore = await page.getByTestId('summary-params').textContent();
  await page.getByTestId('block-multiHeadAttention-1').click();
  for (const id of ['addNorm-1', 'feedForward-1', 'addNorm-2']) await page.getByTestId(`block-${id}`).click({ modifiers: ['Control'] });
  await page.keyboard.press('Control+g');
  const inspector = page.getByTestId('inspector');
  await inspector.getByLabel('Group name').fill('Encoder layer');
  await inspector.getByLabel('Group name').press('Enter');
  await inspector.getByLabel('Repeat ×N').fill('2');
  const frame = page.locator('.group-frame');
  await expect(frame).toContainText('Encoder layer');
  await expect(frame.getByTestId('group-repeat')).toHaveText('×2');
  await expect(page.getByTestId('summary-params')).not.toHaveText(paramsBefore!);
  await page.getByRole('button', { name: 'Fit view', exact: true }).click();
  await page.screenshot({ path: 'test-results/canvas-4-grouped.png' });

  // Autosave: a reload finds the same graph.
  await page.waitForTimeout(1200);
  await page.reload();
  await expect(page.locator('.react-flow__node-block')).toHaveCount(10);
  await expect(page.locator('.react-flow__edge')).toHaveCount(11);
  await expect(page.locator('.group-frame')).toContainText('Encoder layer');
  await expect(page.locator('.group-frame').getByTestId('group-repeat')).toHaveText('×2');
  await expect(page.getByTestId('rf__edge-e-10')).toContainText('B×T×65');
  await page.screenshot({ path: 'test-results/canvas-5-restored.png' });
});

test('the studio dock resizes by mouse and keyboard, the minimap makes way, templates wrap without backward edges', async ({ page }) => {
  // The web build has its own icon (no favicon 404).
  const iconResponses: number[] = [];
  page.on('response', (r) => {
    if (/\/icon\.(svg|png)$/.test(r.url())) iconResponses.push(r.status());
  });
  await page.goto('/');
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', './icon.svg');
  expect((await page.request.get('./icon.svg')).status()).toBe(200);

  await page.getByTestId('template-seq2seq-attention').click();
  await expect(page.locator('.react-flow__node-block')).toHaveCount(12);
  // A 1,280×800 window opens the editor with the studio open and compact: the canvas keeps room for the minimap.
  const studioToggle = page.locator('.studio-header button[aria-expanded]');
  await expect(studioToggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator('.react-flow__minimap')).toBeVisible();
  const openHeight = (await page.getByTestId('canvas').boundingBox())!.height;
  // View ▸ Show training studio (Ctrl+J) closes it: the canvas takes the dock's height.
  await page.keyboard.press('Control+j');
  await expect(studioToggle).toHaveAttribute('aria-expanded', 'false');
  await expect.poll(async () => (await page.getByTestId('canvas').boundingBox())!.height).toBeGreaterThan(openHeight);
  // The wrapped layout sends edges to the next row along a corridor, never back across blocks.
  await expect(page.locator('.react-flow__edge-wrap').first()).toBeVisible();
  await expect(page.locator('.react-flow__minimap')).toBeVisible();
  await page.screenshot({ path: 'test-results/canvas-6-template.png' });

  // Open the studio again.
  await page.getByRole('button', { name: /Training studio/ }).click();
  const resizer = page.getByRole('separator', { name: 'Resize the training studio' });
  await expect(resizer).toBeVisible();
  const canvasBefore = (await page.getByTestId('canvas').boundingBox())!;

  // Drag the handle up by 120 px: the studio grows by as much, the canvas gets short, and the minimap makes way.
  const box = (await resizer.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 120, { steps: 8 });
  await page.mouse.up();
  const canvasAfter = (await page.getByTestId('canvas').boundingBox())!;
  expect(Math.round(canvasBefore.height - canvasAfter.height)).toBe(120);
  await expect(page.locator('.react-flow__minimap')).toHaveCount(0);
  await page.getByRole('button', { name: 'Fit view', exact: true }).click();
  await page.waitForTimeout(400);
  await page.screenshot({ path: 'test-results/canvas-7-dock-dragged.png' });

  // Keyboard: Home gives the studio its minimum; arrows move in steps.
  await resizer.focus();
  await page.keyboard.press('Home');
  const atMin = Number(await resizer.getAttribute('aria-valuenow'));
  expect(atMin).toBe(Number(await resizer.getAttribute('aria-valuemin')));
  await page.keyboard.press('ArrowUp');
  await expect(resizer).toHaveAttribute('aria-valuenow', String(atMin + 16));
  // End gives the studio all but the canvas's minimum height.
  await page.keyboard.press('End');
  await expect.poll(async () => (await page.getByTestId('canvas').boundingBox())!.height).toBeGreaterThanOrEqual(199);
  expect((await page.getByTestId('canvas').boundingBox())!.height).toBeLessThan(260);

  // The height, and the studio being open, are remembered across a reload.
  const remembered = await resizer.getAttribute('aria-valuenow');
  await page.reload();
  await expect(studioToggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('separator', { name: 'Resize the training studio' })).toHaveAttribute('aria-valuenow', remembered!);
  expect(iconResponses.every((s) => s === 200 || s === 304)).toBe(true);
});

test('overlapping connections: the one under the pointer stands out, and a click where several meet offers a picker', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('template-encoder-classifier').click();
  await expect(page.locator('.react-flow__node-block').first()).toBeVisible();
  // With the studio open the canvas keeps the height to draw the fitted template with its ports.
  await expect(page.locator('.studio-header button[aria-expanded]')).toHaveAttribute('aria-expanded', 'true');
  await page.getByRole('button', { name: 'Fit view', exact: true }).click();
  // The token input feeds the embedding and every attention block's key ids: its connections share their start.
  const source = page.getByTestId('block-tokens').getByTestId('handle-out-out');
  // Fit view animates the viewport: click where the handle ends up, not where it was.
  const box = await settledBox(source);
  const fromTokens = await page.locator('.react-flow__edge').evaluateAll((els) => els.filter((e) => (e.getAttribute('aria-label') ?? '').includes('from tokens')).length);
  expect(fromTokens).toBeGreaterThan(1);
  await page.mouse.click(box.x + box.width + 6, box.y + box.height / 2);
  const picker = page.getByTestId('edge-picker');
  await expect(picker).toBeVisible();
  const choices = picker.getByRole('menuitem');
  expect(await choices.count()).toBeGreaterThan(1);
  await page.screenshot({ path: 'test-results/canvas-edge-picker.png' });
  const wanted = (await choices.nth(1).textContent())!;
  await choices.nth(1).click();
  await expect(picker).toBeHidden();
  await expect(page.locator('.react-flow__edge.selected')).toHaveCount(1);
  // The selected connection is the one named in the picker.
  const selected = await page.locator('.react-flow__edge.selected').getAttribute('data-id');
  expect(selected).toBeTruthy();
  expect(wanted).toContain('→');
});
