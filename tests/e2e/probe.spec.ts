import { expect, test, type Locator, type Page } from '@playwright/test';

/**
 * The probe keeps answering once training has ended: a learner trains the reverse template for a few steps,
 * stops it, types a sequence of their own and sees the model's output for it and the attention over it;
 * then continues the run to its last step and does the same on the finished model. The probes have other
 * lengths than the dataset's example, so a map computed on the new text is told apart by its size.
 */

async function setNumber(page: Page, label: string, value: number) {
  const input = page.getByRole('region', { name: 'Run settings' }).getByLabel(label, { exact: true });
  await input.fill(String(value));
  await expect(input).toHaveValue(String(value));
}

async function currentStep(page: Page): Promise<number> {
  return Number(await page.getByTestId('studio-step').textContent());
}

/** Types a probe, applies it, and checks the newest sample and the attention maps are computed on it. */
async function probeAnswers(studio: Locator, text: string, step: number) {
  await studio.getByRole('tab', { name: 'Samples' }).click();
  await studio.getByLabel('Probe input').fill(text);
  await studio.getByRole('button', { name: 'Apply' }).click();
  const newest = studio.locator('.studio-sample').first();
  await expect(newest).toContainText(`${text} →`, { timeout: 30_000 });
  await expect(newest).toContainText(`step ${step}`);
  // The model writes one symbol for each symbol of the probe.
  const output = ((await newest.locator('strong').textContent()) ?? '').trim();
  expect(output).toHaveLength(text.length);

  await studio.getByRole('tab', { name: 'Attention' }).click();
  const maps = studio.locator('.studio-heatmap canvas');
  await expect(maps.first()).toHaveAttribute('aria-label', new RegExp(`: ${text.length} × ${text.length} heat-map$`), { timeout: 30_000 });
  for (const label of await maps.evaluateAll((canvases) => canvases.map((c) => c.getAttribute('aria-label') ?? ''))) {
    expect(label).toMatch(new RegExp(`: ${text.length} × ${text.length} heat-map$`));
  }
}

test('the probe answers after Stop and after Finish, with samples and attention on the new text', async ({ page }, testInfo) => {
  await page.goto('/');
  await page.getByTestId('template-reverse').click();
  const studio = page.getByRole('region', { name: 'Training studio' });
  // Open from the start in a 1,280×800 window; opened by hand where it is not.
  const toggle = studio.locator('.studio-header button[aria-expanded]');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await setNumber(page, 'Steps', 2000);
  await studio.getByRole('button', { name: 'Train', exact: true }).click();
  await expect.poll(() => currentStep(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(10);
  await studio.getByRole('button', { name: 'Stop' }).click();
  await expect(studio.locator('.studio-status')).toHaveAttribute('data-status', 'stopped', { timeout: 30_000 });
  const stoppedAt = await currentStep(page);
  await studio.getByRole('tab', { name: 'Samples' }).click();
  const defaultProbe = await studio.getByLabel('Probe input').inputValue();
  expect(defaultProbe.length).toBeGreaterThan(0);

  const afterStop = defaultProbe.length === 4 ? 'abc' : 'abcd';
  await probeAnswers(studio, afterStop, stoppedAt);
  await page.screenshot({ path: testInfo.outputPath('probe-after-stop.png') });

  // Continue to a few steps further; the run then finishes on its own.
  await setNumber(page, 'Steps', stoppedAt + 10);
  await studio.getByRole('button', { name: 'Continue' }).click();
  await expect(studio.locator('.studio-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  expect(await currentStep(page)).toBe(stoppedAt + 10);

  const afterFinish = afterStop.length === 3 ? '5d2a8' : '5d2';
  await probeAnswers(studio, afterFinish, stoppedAt + 10);
  await page.screenshot({ path: testInfo.outputPath('probe-after-finish.png') });
});
