import { expect, test } from '@playwright/test';
import { analyzeGraph } from '../../engine/graph/analyze';
import { templateById } from '../../engine/templates';
import { estimateTrainingMemory, formatBytes } from '../../engine/train/memory';

/**
 * The large template in the studio: the gallery offers GPT-small, its pre-flight shows the parameters and the
 * memory the engine estimates for its batch of 16 × 256 characters, and Train runs its first steps. The run is
 * stopped after the first step: a step of this model takes seconds on WebAssembly.
 */
test.setTimeout(420_000);

test('GPT-small opens from the gallery, shows its memory before the run, and trains', async ({ page }, testInfo) => {
  const doc = templateById('gpt-small')!.build();
  const analysis = analyzeGraph(doc);
  const estimate = estimateTrainingMemory(analysis, { batchSize: doc.training.batchSize, optimizer: doc.training.optimizer });

  await page.goto('/');
  await page.getByTestId('template-gpt-small').click();
  const studio = page.getByRole('region', { name: 'Training studio' });
  await expect(studio.getByRole('button', { name: 'Train', exact: true })).toBeInViewport();
  const settings = page.getByRole('region', { name: 'Run settings' });
  await expect(settings.getByLabel('Batch', { exact: true })).toHaveValue('16');

  const preflight = studio.getByRole('region', { name: 'Pre-flight check' });
  await expect(preflight).toContainText(`${(analysis.totalParameters / 1e6).toFixed(2)} M parameters`);
  await expect(preflight).toContainText(`memory ≈ ${formatBytes(estimate.totalBytes)}`);
  // Attention's B·h·T² weights (16 × 4 × 256² floats, 16 MiB a block) are the largest activation.
  await expect(preflight).toContainText('Largest activation');
  await expect(preflight).toContainText('16.0 MiB');
  await page.screenshot({ path: testInfo.outputPath('gpt-small-preflight.png') });

  await settings.getByLabel('Steps', { exact: true }).fill('50');
  await studio.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(studio.locator('.studio-status')).toContainText(/backend (wasm|webgl|webgpu|cpu)/, { timeout: 120_000 });
  await expect.poll(async () => Number(await page.getByTestId('studio-step').textContent()), { timeout: 240_000 }).toBeGreaterThanOrEqual(1);
  await studio.getByRole('button', { name: 'Stop' }).click();
  await expect(studio.locator('.studio-status')).toHaveAttribute('data-status', 'stopped', { timeout: 120_000 });
  await page.screenshot({ path: testInfo.outputPath('gpt-small-trained.png') });
});
