import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';

/**
 * The studio's views a learner reads a model by: GPT-mini's next-token probabilities following the temperature
 * slider and its attention as a grid of every layer and head; the encoder classifier's confusion matrix over the
 * validation split; the bundled Korean font and its credit. Screenshots in English and Korean.
 */

async function openTemplate(page: Page, id: string): Promise<Locator> {
  await page.goto('/');
  await page.getByTestId(`template-${id}`).click();
  // By its class, not its name: the name changes with the language.
  const studio = page.locator('section.studio');
  const toggle = studio.locator('.studio-header button[aria-expanded]');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  return studio;
}

async function trainSteps(page: Page, studio: Locator, steps: number) {
  const input = page.getByRole('region', { name: 'Run settings' }).getByLabel('Steps', { exact: true });
  await input.fill(String(steps));
  await expect(input).toHaveValue(String(steps));
  await studio.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(studio.locator('.studio-status')).toHaveAttribute('data-status', 'done', { timeout: 110_000 });
}

async function barProbabilities(section: Locator): Promise<number[]> {
  return section.locator('.probability-bars li').evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-p'))));
}

async function setSlider(slider: Locator, value: number) {
  await slider.fill(String(value));
  await expect(slider).toHaveValue(String(value));
}

test('GPT-mini: the next-token bars follow the temperature slider, and the layers × heads grid opens a map', async ({ page }, testInfo) => {
  const studio = await openTemplate(page, 'gpt-mini');
  await trainSteps(page, studio, 6);

  await studio.getByRole('tab', { name: 'Samples' }).click();
  const bars = studio.getByRole('region', { name: 'Next-token probabilities' });
  await expect(bars.locator('.probability-bars li')).toHaveCount(10, { timeout: 30_000 });
  const temperature = studio.getByLabel('Temperature', { exact: true });
  const topP = studio.getByLabel('Top-p', { exact: true });
  await setSlider(studio.getByLabel('Top-k', { exact: true }), 0);

  await setSlider(temperature, 1);
  const atOne = await barProbabilities(bars);
  expect(atOne[0]).toBeGreaterThan(0);
  expect(atOne[0]).toBeLessThan(1);
  // Colder sharpens: the most probable token gains, the tenth loses; hotter flattens.
  await setSlider(temperature, 0.3);
  const cold = await barProbabilities(bars);
  expect(cold[0]).toBeGreaterThan(atOne[0]);
  expect(cold[9]).toBeLessThan(atOne[9]);
  await setSlider(temperature, 2);
  const hot = await barProbabilities(bars);
  expect(hot[0]).toBeLessThan(atOne[0]);
  // Temperature 0 is greedy: everything on the first bar.
  await setSlider(temperature, 0);
  expect((await barProbabilities(bars))[0]).toBe(1);
  await setSlider(temperature, 1);
  // Top-p keeps fewer tokens than the whole vocabulary, and the kept ones sum to 1.
  await setSlider(topP, 0.5);
  const kept = Number(await bars.locator('[data-kept]').getAttribute('data-kept'));
  expect(kept).toBeGreaterThanOrEqual(1);
  expect(kept).toBeLessThan(40);
  // The slider's settings go to the worker once it rests: the next sample says which it was written with.
  await expect(studio.locator('.studio-sample').first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('next-tokens-en.png') });

  await studio.getByRole('tab', { name: 'Attention' }).click();
  const grid = studio.getByRole('region', { name: 'All layers × heads' });
  const thumbs = grid.locator('figure.thumbnail');
  // Two decoder layers of four heads each.
  await expect(thumbs).toHaveCount(8, { timeout: 30_000 });
  // Each map paints in an animation frame of its own; on a busy machine that takes a moment.
  const painted = () => thumbs.locator('canvas').evaluateAll((cs) => cs.filter((c) => (c as HTMLCanvasElement).width < 300).length);
  await expect.poll(painted, { timeout: 20_000 }).toBe(8);
  await thumbs.nth(6).locator('canvas').click();
  await expect(studio.locator('.studio-maps figure[data-heatmap]')).toHaveCount(1);
  await expect(studio.locator('.studio-maps figure[data-heatmap]').first()).toHaveAttribute('data-heatmap', /layer 2 head 3$/);
  await expect(grid.locator('figure.thumbnail.selected')).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('attention-grid-en.png') });

  await page.getByRole('toolbar').getByLabel('Language').selectOption('ko');
  await expect(studio.getByRole('region', { name: '모든 층 × 헤드' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('attention-grid-ko.png') });
  await studio.getByRole('tab', { name: '샘플' }).click();
  await expect(studio.getByRole('region', { name: '다음 토큰 확률' })).toBeVisible();
  await expect(studio.getByLabel('온도', { exact: true })).toBeVisible();
  // Korean is set in the bundled font, loaded from the app's own files.
  const hangulFont = await page.evaluate(async () => {
    await document.fonts.ready;
    return {
      family: getComputedStyle(document.documentElement).fontFamily,
      loaded: document.fonts.check('13px "Noto Sans KR Variable"', '다음 토큰 확률'),
      files: performance.getEntriesByType('resource').filter((e) => /noto-sans-kr.*\.woff2$/.test(e.name)).length,
    };
  });
  expect(hangulFont.family).toMatch(/^"?Noto Sans KR Variable/);
  expect(hangulFont.loaded).toBe(true);
  expect(hangulFont.files).toBeGreaterThan(0);
  await page.screenshot({ path: testInfo.outputPath('next-tokens-ko.png') });
});

test('encoder classifier: a confusion matrix and per-class accuracy over the validation split', async ({ page }, testInfo) => {
  const studio = await openTemplate(page, 'encoder-classifier');
  await trainSteps(page, studio, 20);
  await studio.getByRole('tab', { name: 'Samples' }).click();
  const confusion = studio.getByRole('region', { name: 'Confusion matrix (validation)' });
  const matrix = confusion.locator('.confusion-matrix');
  await expect(matrix).toBeVisible({ timeout: 30_000 });
  const examples = Number(await matrix.getAttribute('data-examples'));
  expect(examples).toBeGreaterThan(0);
  const counts = await matrix.locator('td').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));
  const classes = Math.round(Math.sqrt(counts.length));
  expect(classes * classes).toBe(counts.length);
  expect(classes).toBeGreaterThanOrEqual(2);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(examples);
  await expect(confusion.locator('.confusion-per-class .probability-bars li')).toHaveCount(classes);
  await page.screenshot({ path: testInfo.outputPath('confusion-en.png') });
  await page.getByRole('toolbar').getByLabel('Language').selectOption('ko');
  await expect(studio.getByRole('region', { name: '혼동 행렬 (검증 데이터)' })).toBeVisible();
  await expect(studio.getByText('클래스별 정확도')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('confusion-ko.png') });
});

test('the built app carries Noto Sans KR as woff2 subsets, and About credits it under the SIL Open Font License 1.1', async ({ page }, testInfo) => {
  const assets = join(process.cwd(), 'dist', 'web', 'assets');
  const fonts = readdirSync(assets).filter((f) => /^noto-sans-kr-.*\.woff2$/.test(f));
  // Hangul split by unicode-range into many small files, plus Latin: the page loads only what it shows.
  expect(fonts.length).toBeGreaterThan(100);
  const bytes = fonts.reduce((sum, f) => sum + statSync(join(assets, f)).size, 0);
  expect(bytes).toBeLessThan(5 * 1024 * 1024);
  expect(readdirSync(assets).some((f) => /noto-sans-kr.*\.woff$/.test(f))).toBe(false);
  const licence = readFileSync(join(process.cwd(), 'dist', 'web', 'licences', 'noto-sans-kr-OFL.txt'), 'utf8');
  expect(licence).toContain('SIL OPEN FONT LICENSE Version 1.1');

  const studio = await openTemplate(page, 'gpt-mini');
  await studio.getByRole('tab', { name: 'About the data' }).click();
  const credit = studio.locator('[data-credits="fonts"]');
  await expect(credit).toContainText('Noto Sans KR');
  await credit.getByText('SIL Open Font License 1.1').click();
  await expect(credit.locator('pre')).toContainText('SIL OPEN FONT LICENSE Version 1.1');
  await page.screenshot({ path: testInfo.outputPath('about-font-en.png') });
  await page.getByRole('toolbar').getByLabel('Language').selectOption('ko');
  await expect(studio.getByText('함께 제공하는 글꼴')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('about-font-ko.png') });
});
