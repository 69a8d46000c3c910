import { expect, test, type Page } from '@playwright/test';

/**
 * A learner trains the GPT-mini template on the Moby-Dick characters in the studio: the loss chart grows
 * and the loss falls, the attention heat-map changes between snapshots, and Pause, Resume and Stop do what
 * they say. The translation template shows a beam-search output and a source × target alignment map.
 * Runs are kept short (GPT-mini: batch 4, stopped after a few dozen steps; the translator: 120, which it needs
 * to write words) so they finish within a minute or so on WASM.
 */

async function openTemplate(page: Page, id: string) {
  await page.goto('/');
  await page.getByTestId(`template-${id}`).click();
  const studio = page.getByRole('region', { name: 'Training studio' });
  // A 1,280×800 window has room for the studio and the canvas: it is open from the start, no click needed.
  await expect(studio.locator('.studio-header button[aria-expanded]')).toHaveAttribute('aria-expanded', 'true');
  await expect(studio.getByRole('button', { name: 'Train', exact: true })).toBeInViewport();
}

async function setNumber(page: Page, label: string, value: number) {
  const input = page.getByRole('region', { name: 'Run settings' }).getByLabel(label, { exact: true });
  await input.fill(String(value));
  await expect(input).toHaveValue(String(value));
}

async function currentStep(page: Page): Promise<number> {
  const text = await page.getByTestId('studio-step').textContent({ timeout: 60_000 });
  return Number(text);
}

async function heatmapPixels(page: Page): Promise<string> {
  return page.locator('.studio-heatmap canvas').first().evaluate((c: HTMLCanvasElement) => c.toDataURL());
}

test('train GPT-mini live: loss falls, attention changes, pause / resume / stop', async ({ page }) => {
  await openTemplate(page, 'gpt-mini');
  const studio = page.getByRole('region', { name: 'Training studio' });
  // Room to spare: the run is stopped by hand a few steps after Resume, wherever the pause fell (later on a
  // busy machine, where the heat-map takes longer to change).
  await setNumber(page, 'Steps', 200);
  await setNumber(page, 'Batch', 4);
  await setNumber(page, 'Warm-up steps', 2);
  await expect(studio.getByRole('region', { name: 'Pre-flight check' })).toContainText('parameters');
  // The picker shows the dataset's size, licence and a few examples (built in the worker).
  await expect(studio.getByRole('region', { name: 'Dataset' })).toContainText('licence');
  await expect(studio.getByRole('list', { name: 'Examples' }).locator('li')).toHaveCount(3, { timeout: 30_000 });

  await studio.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(studio.locator('.studio-status')).toContainText(/backend (wasm|webgl|webgpu|cpu)/, { timeout: 60_000 });

  // The attention tab shows maps with characters of the probe on the axes; they change as the model learns.
  await studio.getByRole('tab', { name: 'Attention' }).click();
  await expect(studio.locator('.studio-heatmap canvas').first()).toBeVisible({ timeout: 60_000 });
  const firstMap = await heatmapPixels(page);
  await expect.poll(async () => (await heatmapPixels(page)) !== firstMap, { timeout: 60_000 }).toBe(true);
  await page.screenshot({ path: 'test-results/studio-attention.png' });

  // Pause: the step counter holds still; Resume: it moves on.
  await studio.getByRole('button', { name: 'Pause' }).click();
  await expect(studio.locator('.studio-status')).toHaveAttribute('data-status', 'paused', { timeout: 30_000 });
  const pausedAt = await currentStep(page);
  await page.waitForTimeout(1500);
  expect(await currentStep(page)).toBe(pausedAt);
  await studio.getByRole('button', { name: 'Resume' }).click();
  await expect.poll(() => currentStep(page), { timeout: 60_000 }).toBeGreaterThan(pausedAt);

  await studio.getByRole('tab', { name: 'Charts' }).click();
  await expect.poll(() => currentStep(page), { timeout: 90_000 }).toBeGreaterThanOrEqual(pausedAt + 8);
  await studio.getByRole('button', { name: 'Stop' }).click();
  await expect(studio.locator('.studio-status')).toHaveAttribute('data-status', 'stopped', { timeout: 30_000 });

  // The loss chart holds every step so far — progress messages are throttled but carry every step since
  // the previous one — and the loss fell from the first step to the last.
  const summary = studio.locator('.studio-chart-summary');
  const stoppedAt = await currentStep(page);
  expect(stoppedAt).toBeGreaterThanOrEqual(pausedAt + 8);
  expect(Number(await summary.getAttribute('data-points'))).toBe(stoppedAt);
  expect(Number(await summary.getAttribute('data-last-loss'))).toBeLessThan(Number(await summary.getAttribute('data-first-loss')));
  await expect(studio.locator('[data-chart="Loss"] canvas')).toBeVisible();
  await page.screenshot({ path: 'test-results/studio-charts.png' });
  const [png] = await Promise.all([page.waitForEvent('download'), studio.locator('[data-chart="Loss"]').getByRole('button', { name: 'PNG' }).click()]);
  expect(png.suggestedFilename()).toBe('loss.png');

  await studio.getByRole('tab', { name: 'Samples' }).click();
  await expect(studio.locator('.studio-sample[data-kind="lm"]').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/studio-samples.png' });
});

test('translation template: greedy and beam translations in Korean beside the reference, and a source × target alignment map', async ({ page }) => {
  await openTemplate(page, 'transformer-translate');
  const studio = page.getByRole('region', { name: 'Training studio' });
  // The template's own batch (32) and learning rate (0.002) with a short warm-up: by step ~60 the decoder
  // has moved past emitting [EOS] first and writes Korean sentences (subject, place, verb); 120 steps take
  // about a minute on WASM. A small batch with a large learning rate stays stuck on [EOS] far longer.
  await setNumber(page, 'Steps', 120);
  await setNumber(page, 'Batch', 32);
  await setNumber(page, 'Learning rate', 0.002);
  await setNumber(page, 'Warm-up steps', 20);
  await studio.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(studio.locator('.studio-status')).toHaveAttribute('data-status', 'done', { timeout: 110_000 });

  await studio.getByRole('tab', { name: 'Samples' }).click();
  // The newest sample is the one taken at the last step.
  const sample = studio.locator('.studio-sample[data-kind="seq2seq"]').first();
  await expect(sample).toBeVisible();
  await expect(sample).toContainText('step 120');
  // Both decoders write real target words: Hangul only (the target vocabulary is Korean), no special token
  // such as [UNK] or [EOS], and not the “nothing yet” placeholder.
  const koreanWords = /^[\uAC00-\uD7A3]+( [\uAC00-\uD7A3]+)*$/;
  for (const decode of ['greedy', 'beam']) {
    const text = (await sample.locator(`td[data-decode="${decode}"]`).textContent())?.trim() ?? '';
    expect(text, `${decode} translation`).toMatch(koreanWords);
  }
  // The probe defaults to the first validation pair, so its reference is known and shown beside the output.
  const probe = await studio.getByLabel('Probe input').first().inputValue();
  expect(probe.length).toBeGreaterThan(0);
  await expect(sample.locator('tr', { hasText: 'source' })).toContainText(probe);
  const rows = await sample.locator('tr th').allTextContents();
  expect(rows).toEqual(['source', 'greedy', 'beam', 'reference']);
  const reference = (await sample.locator('tr', { hasText: 'reference' }).locator('td').textContent())?.trim() ?? '';
  expect(reference).toMatch(koreanWords);
  await page.screenshot({ path: 'test-results/studio-translation-samples.png' });

  await studio.getByRole('tab', { name: 'Attention' }).click();
  await expect(studio.getByText('rows: target (query)')).toBeVisible();
  await expect(studio.getByRole('combobox', { name: 'Attention block' })).toHaveValue(/cross/i);
  await expect(studio.locator('.studio-heatmap canvas').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/studio-alignment.png' });

  // Heat-maps export as SVG (and PNG) through the platform: a download in the browser.
  const [svg] = await Promise.all([page.waitForEvent('download'), studio.locator('.studio-heatmap').first().getByRole('button', { name: 'SVG' }).click()]);
  expect(svg.suggestedFilename()).toMatch(/^attention-cross-attention-layer-1-head-1\.svg$/);
});
