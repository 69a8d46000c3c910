import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';

/**
 * A new learner builds a Transformer encoder classifier from a blank canvas with real drags (no template),
 * picks the sentiment data and trains it. The test counts its own user actions (a drag, a click, a choice in a
 * select, a key) and holds them to 30, with no failed Train: after every action the Problems list already says
 * what stands between the graph and a run, and Train stays disabled, with its reason, until nothing does.
 */

const MAX_ACTIONS = 30;

/** The majority class's share of the held-out split, read from the bundled data as the app splits it (every tenth sentence). */
function majorityRate(): number {
  const file = JSON.parse(readFileSync('dist/web/data/sentiment.json', 'utf8')) as { examples: { text: string; label: number }[] };
  const usable = file.examples.filter((e) => typeof e.text === 'string' && e.text.trim() && Number.isInteger(e.label));
  const held = usable.filter((_, i) => i % 10 === 9);
  const counts = new Map<number, number>();
  for (const e of held) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  return Math.max(...counts.values()) / held.length;
}

class Learner {
  actions = 0;
  constructor(private readonly page: Page) {}

  async click(target: Locator) {
    this.actions++;
    await target.click();
  }

  async choose(select: Locator, value: string) {
    this.actions++;
    await select.selectOption(value);
  }

  /** One drag from the palette onto the canvas, with the mouse (press, move, release). */
  async dragBlock(kind: string, to: { x: number; y: number }) {
    this.actions++;
    const item = this.page.getByTestId(`palette-${kind}`);
    await item.scrollIntoViewIfNeeded();
    const box = (await item.boundingBox())!;
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width / 2 + 30, box.y + box.height / 2, { steps: 3 });
    await this.page.mouse.move(to.x, to.y, { steps: 10 });
    await this.page.mouse.up();
  }
}

test('blank canvas to a trained encoder classifier in at most 30 actions, every problem shown before Train', async ({ page }) => {
  test.setTimeout(600_000);
  const learner = new Learner(page);
  const problems = page.getByTestId('problems');
  const items = problems.getByTestId('problem-item');
  const codes = async () => (await problems.locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-code')))).join(' ');

  await page.goto('/');
  await learner.click(page.getByTestId('template-blank'));
  await expect(page.getByTestId('canvas')).toBeVisible();
  // An empty canvas is not “ready to train”.
  await expect(problems.locator('li[data-code="E_EMPTY_GRAPH"]')).toBeVisible();
  await expect(page.getByTestId('summary-problems')).toContainText('1 warning');
  // The studio opens with the editor in a 1,280×800 window and stays open: the canvas above it has room to build in.
  await expect(page.locator('.studio-header button[aria-expanded]')).toHaveAttribute('aria-expanded', 'true');

  await learner.click(page.locator('.react-flow__controls-zoomout'));
  await learner.click(page.locator('.react-flow__controls-zoomout'));
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  const at = (col: number, row: number) => ({ x: canvas.x + 90 + col * 175, y: canvas.y + 45 + row * 110 });
  const blocks: [string, number, number][] = [
    ['tokenInput', 0, 0],
    ['embedding', 1, 0],
    ['positionalEncoding', 2, 0],
    ['multiHeadAttention', 3, 0],
    ['addNorm', 3, 1],
    ['feedForward', 2, 1],
    ['addNorm', 1, 1],
    ['pooling', 0, 1],
    ['dense', 0, 2],
    ['classifierHead', 1, 2],
    ['target', 2, 2],
  ];
  for (const [i, [kind, col, row]] of blocks.entries()) {
    await learner.dragBlock(kind, at(col, row));
    await expect(page.locator('.react-flow__node-block')).toHaveCount(i + 1);
    // Each block arrives wired to the one before it (the selected one), so the edges grow with the blocks.
    expect(await items.count(), `problems after dropping ${kind}`).toBeGreaterThan(0);
  }
  // Twelve wires, none drawn by hand: the chain, two residuals and the labels.
  await expect(page.locator('.react-flow__edge')).toHaveCount(12);
  await page.screenshot({ path: 'test-results/blank-1-built.png' });
  // Built, but the run settings still name the default dataset, which has no class labels: listed before Train.
  await expect.poll(codes, { timeout: 30_000 }).toContain('E_LABEL_KIND');

  const studio = page.getByRole('region', { name: 'Training studio' });
  const train = studio.getByRole('button', { name: 'Train', exact: true });
  await expect(train).toBeDisabled();
  await expect(studio.getByTestId('train-blocker')).toBeVisible();

  await learner.choose(studio.getByRole('combobox', { name: 'Dataset' }), 'sentiment');
  // The fit with the new data is checked at once: the embedding's rows and the classes of the last Dense layer.
  await expect(problems.getByRole('button', { name: 'Set Vocabulary size to 2,143' })).toBeVisible({ timeout: 60_000 });
  await expect(problems.getByRole('button', { name: 'Set Units to 2' })).toBeVisible();
  await expect(train).toBeDisabled();
  await page.screenshot({ path: 'test-results/blank-2-dataset-fit.png' });
  await learner.click(problems.getByRole('button', { name: 'Set Vocabulary size to 2,143' }));
  await expect(train).toBeDisabled();
  await learner.click(problems.getByRole('button', { name: 'Set Units to 2' }));
  await expect(problems.locator('li.error')).toHaveCount(0);
  await expect(train).toBeEnabled();

  await learner.click(train);
  const status = studio.locator('.studio-status');
  await expect(status).toHaveAttribute('data-status', /running|starting|loading/, { timeout: 60_000 });
  await expect(status).toHaveAttribute('data-status', 'done', { timeout: 540_000 });
  // No failed Train: the run ended without a problem.
  await expect(studio.locator('.studio-error')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/blank-3-trained.png' });

  // At 1,280×800 the open studio shows the run controls, the loss chart and an attention map without scrolling.
  for (const part of [studio.getByRole('region', { name: 'Run controls' }), studio.locator('[data-chart="Loss"]'), studio.getByTestId('attention-glance').locator('canvas')]) {
    const box = (await part.boundingBox())!;
    expect(box.y + box.height, 'inside the window').toBeLessThanOrEqual(800);
  }
  // …and the canvas keeps a usable strip above it.
  expect((await page.getByTestId('canvas').boundingBox())!.height).toBeGreaterThanOrEqual(200);

  expect(learner.actions).toBeLessThanOrEqual(MAX_ACTIONS);
  const numbers = studio.getByTestId('validation-numbers');
  await expect(numbers).toBeVisible();
  const accuracy = Number(await numbers.getAttribute('data-accuracy'));
  const majority = majorityRate();
  console.log(`actions ${learner.actions}; held-out accuracy ${accuracy.toFixed(3)} vs majority class ${majority.toFixed(3)}`);
  expect(accuracy).toBeGreaterThan(majority);
});
