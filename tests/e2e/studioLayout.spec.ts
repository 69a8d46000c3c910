import { expect, test } from '@playwright/test';
import { settledBox } from './settled';

/**
 * The studio opens with the editor, and at 1,280×800 (a common laptop) as at 1,920×1,080, in English and in Korean,
 * both of these hold with nothing scrolled or closed: the fitted template is drawn with its ports (the canvas keeps
 * the height for a zoom above the level-of-detail threshold), and after a short run the run controls, the loss
 * chart and an attention heat-map are all inside the window.
 */
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

for (const lang of ['en', 'ko'] as const) {
  for (const size of SIZES) {
    test(`${lang} ${size.width}×${size.height}: ports on the canvas, and run controls, loss chart and heat-map in the window`, async ({ page }, testInfo) => {
      await page.setViewportSize(size);
      await page.goto('/');
      await page.evaluate((l) => localStorage.setItem('tensorloom.language', l), lang);
      await page.reload();
      await page.getByTestId('template-encoder-classifier').click();
      const studio = page.locator('section.studio');
      await expect(studio.locator('.studio-header button[aria-expanded]')).toHaveAttribute('aria-expanded', 'true');

      // The fitted template keeps its ports: the canvas is not drawing simplified blocks.
      const handle = page.getByTestId('block-tokens').getByTestId('handle-out-out');
      await settledBox(handle);
      await expect(page.getByTestId('canvas')).not.toHaveClass(/simplified/);
      await expect(handle).toBeVisible();
      await expect(page.getByTestId('block-loss').locator('.react-flow__handle').first()).toBeVisible();

      // A short run (30 steps of 8), so the loss chart and the attention glance have something to show.
      const settings = studio.locator('.studio-settings input');
      await settings.nth(0).fill('30');
      await settings.nth(1).fill('8');
      await studio.locator('.studio-controls button.primary').click();
      await expect(studio.locator('.studio-status')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
      const heatmap = studio.getByTestId('attention-glance').locator('canvas');
      await expect(heatmap).toBeVisible({ timeout: 30_000 });

      for (const [name, part] of [
        ['run controls', studio.locator('.studio-controls')],
        ['loss chart', studio.locator('[data-chart="Loss"]')],
        ['heat-map', heatmap],
      ] as const) {
        const box = (await settledBox(part))!;
        expect(box.y, `${name} starts inside the window`).toBeGreaterThanOrEqual(0);
        expect(box.y + box.height, `${name} ends inside the window`).toBeLessThanOrEqual(size.height);
        expect(box.x + box.width, `${name} fits the window's width`).toBeLessThanOrEqual(size.width);
      }
      // Still drawn with ports after the run.
      await expect(page.getByTestId('canvas')).not.toHaveClass(/simplified/);
      await page.screenshot({ path: testInfo.outputPath(`studio-layout-${lang}-${size.width}x${size.height}.png`) });
    });
  }
}
