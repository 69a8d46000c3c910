import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';

/**
 * Trained models last: a learner trains GPT-mini for a few steps, reloads the page and finds the model and
 * its curves again (the last checkpoint, kept in IndexedDB), saves it as one .tlgraph, opens that file again
 * and sees the curves; a damaged file is refused with its coded problems and changes nothing; a block is
 * frozen from the inspector. Screens are captured in English and Korean.
 */

const STEPS = 12;

async function setNumber(page: Page, label: string, value: number) {
  const input = page.getByRole('region', { name: 'Run settings' }).getByLabel(label, { exact: true });
  await input.fill(String(value));
  await expect(input).toHaveValue(String(value));
}

function studioOf(page: Page) {
  return page.getByRole('region', { name: /Training studio|학습 스튜디오/ });
}

async function openStudio(page: Page) {
  const studio = studioOf(page);
  const toggle = studio.locator('.studio-header button[aria-expanded]');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  return studio;
}

/** The checkpoint the page keeps in IndexedDB, as a byte count (0 when there is none). */
async function storedCheckpointBytes(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('tensorloom', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('autosave');
        open.onerror = () => resolve(0);
        open.onsuccess = () => {
          const get = open.result.transaction('autosave', 'readonly').objectStore('autosave').get('checkpoint');
          get.onsuccess = () => {
            const value = get.result as Uint8Array | undefined;
            open.result.close();
            resolve(value?.byteLength ?? 0);
          };
          get.onerror = () => resolve(0);
        };
      }),
  );
}

test('a trained model survives a reload, saves as one .tlgraph and opens again with its curves', async ({ page }, testInfo) => {
  await page.goto('/');
  await page.getByTestId('template-gpt-mini').click();
  const studio = await openStudio(page);
  await setNumber(page, 'Steps', STEPS);
  await setNumber(page, 'Batch', 4);
  await setNumber(page, 'Warm-up steps', 2);
  await studio.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(studio.locator('.studio-status')).toHaveAttribute('data-status', 'done', { timeout: 110_000 });
  await expect(studio.locator('.studio-chart-summary')).toHaveAttribute('data-points', String(STEPS));

  // The run's last checkpoint is kept beside the graph autosave; a reload brings back both.
  await expect.poll(() => storedCheckpointBytes(page), { timeout: 30_000 }).toBeGreaterThan(100_000);
  await page.reload();
  await expect(page.getByRole('status')).toContainText(`trained up to step ${STEPS}`);
  await expect(page.getByTestId('canvas')).toBeVisible();
  const restored = await openStudio(page);
  await expect(restored.locator('.studio-status')).toHaveAttribute('data-status', 'loaded', { timeout: 60_000 });
  await expect(restored.locator('.studio-runs-table tr[data-run]')).toHaveCount(1);
  await expect(restored.locator('[data-chart="Loss"] canvas')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('restored-after-reload.png') });

  // Save: one .tlgraph download holding graph, weights and runs.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('toolbar').getByRole('button', { name: 'Save', exact: true }).click()]);
  expect(download.suggestedFilename()).toBe('GPT-mini.tlgraph');
  const saved = testInfo.outputPath('GPT-mini.tlgraph');
  await download.saveAs(saved);
  expect([...fs.readFileSync(saved).subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);

  // A damaged copy is refused with its coded problems, and the open graph stays as it was.
  const damaged = testInfo.outputPath('damaged.tlgraph');
  fs.writeFileSync(damaged, fs.readFileSync(saved).subarray(0, 2000));
  const nodesBefore = await page.locator('.react-flow__node').count();
  const [badChooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open…' }).click()]);
  await badChooser.setFiles(damaged);
  const refusal = page.getByTestId('file-problems');
  await expect(refusal).toContainText('Could not open damaged.tlgraph');
  await expect(refusal.getByTestId('file-problem').first()).toContainText(/E_MODEL_/);
  await page.screenshot({ path: testInfo.outputPath('refused-file.png') });
  await refusal.getByRole('button', { name: 'Close' }).click();
  await expect(page.locator('.react-flow__node')).toHaveCount(nodesBefore);

  // Start afresh, then open the saved file: the graph, the trained model and the run's curves come back.
  await page.getByRole('toolbar').getByRole('button', { name: 'Templates', exact: true }).click();
  await page.getByTestId('template-blank').click();
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open…' }).click()]);
  await chooser.setFiles(saved);
  await expect(page.getByRole('status')).toContainText(`trained for ${STEPS} steps`);
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  const reopened = await openStudio(page);
  await expect(reopened.locator('.studio-status')).toHaveAttribute('data-status', 'loaded', { timeout: 60_000 });
  await expect(reopened.locator('.studio-runs-table tr[data-run]')).toHaveCount(1);
  await expect(reopened.locator('[data-chart="Loss"] canvas')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('reopened-with-curves.png') });

  // Load weights from… into a wider feed-forward: the dialog says what loads and what does not, and why,
  // before anything changes; Confirm makes them the start of the next run.
  await page.locator('.react-flow__node').filter({ has: page.locator('[data-kind="feedForward"]') }).first().click();
  const hidden = page.getByTestId('inspector').getByLabel('Hidden width');
  await hidden.fill('256');
  await hidden.blur();
  await page.getByRole('toolbar').locator('.file-menu summary').click();
  const [weightsChooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('menuitem', { name: 'Load weights from…' }).click()]);
  await weightsChooser.setFiles(saved);
  const review = page.getByTestId('weight-transfer');
  await expect(review.getByTestId('transfer-loads')).toBeVisible({ timeout: 60_000 });
  await expect(review.getByTestId('transfer-loads')).toContainText('Token embedding');
  const skipped = review.getByTestId('transfer-skipped');
  await expect(skipped).toContainText('Feed-forward');
  await expect(skipped.locator('li[data-code="SHAPE_MISMATCH"]').first()).toContainText('shapes differ');
  await page.screenshot({ path: testInfo.outputPath('load-weights-en.png') });
  await page.getByRole('toolbar').getByLabel('Language').selectOption('ko');
  await expect(review).toContainText('불러올 블록');
  await page.screenshot({ path: testInfo.outputPath('load-weights-ko.png') });
  await page.getByRole('toolbar').getByLabel('언어').selectOption('en');
  const loads = await review.getByTestId('transfer-loads').locator('li').count();
  await review.getByRole('button', { name: 'Use these weights' }).click();
  await expect(review).toBeHidden();
  await expect(page.getByRole('status')).toContainText(`The next run starts from the weights of GPT-mini.tlgraph (${loads} blocks)`);
});

test('a reload in the middle of training brings back the last checkpoint: its step, its curve and Continue', async ({ page }, testInfo) => {
  await page.goto('/');
  await page.getByTestId('template-gpt-mini').click();
  const studio = await openStudio(page);
  await setNumber(page, 'Steps', 5000);
  await setNumber(page, 'Batch', 4);
  // A checkpoint every six seconds of training instead of the default two minutes.
  await setNumber(page, 'Checkpoint every (min)', 0.1);
  await studio.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(studio.locator('.studio-status')).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
  await expect.poll(() => storedCheckpointBytes(page), { timeout: 60_000, intervals: [1_000] }).toBeGreaterThan(100_000);
  await expect(studio.locator('.studio-status')).toHaveAttribute('data-status', 'running');
  const stepAtReload = Number(await page.getByTestId('studio-step').textContent());

  await page.reload();
  const notice = page.getByRole('status');
  await expect(notice).toContainText(/trained up to step \d+/);
  const restoredStep = Number(/step (\d+)/.exec((await notice.textContent()) ?? '')?.[1]);
  expect(restoredStep).toBeGreaterThan(0);
  expect(restoredStep).toBeLessThanOrEqual(stepAtReload);
  const restored = await openStudio(page);
  await expect(restored.locator('.studio-status')).toHaveAttribute('data-status', 'loaded', { timeout: 60_000 });
  await expect(restored.locator('.studio-status')).toContainText(`trained ${restoredStep.toLocaleString('en-US')} steps`);
  // The interrupted run is kept as far as the checkpoint had it, and its curve is drawn.
  await expect(restored.locator('.studio-runs-table tr[data-run]')).toHaveCount(1);
  await expect(restored.locator('.studio-runs-table tr[data-run]')).toContainText('Stopped');
  await expect(restored.locator('[data-chart="Loss"] canvas')).toBeVisible();
  // The interval is part of the document: it survived the reload too.
  await expect(restored.getByLabel('Checkpoint every (min)', { exact: true })).toHaveValue('0.1');
  await expect(restored.locator('.studio-continue-note')).toHaveAttribute('data-continue', 'available');
  await page.screenshot({ path: testInfo.outputPath('restored-mid-run.png') });

  // Continue goes on from the checkpoint's step, not from step 1.
  await restored.getByRole('button', { name: 'Continue' }).click();
  await expect(restored.locator('.studio-status')).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
  await expect(restored.locator('.studio-chart-summary')).toContainText(`at step ${restoredStep + 1} →`, { timeout: 60_000 });
  await restored.getByRole('button', { name: 'Stop' }).click();
  await expect(restored.locator('.studio-status')).toHaveAttribute('data-status', 'stopped', { timeout: 60_000 });
});

test('freeze a block from the inspector: badge on the block, trainable and frozen parameters counted apart, in English and Korean', async ({ page }, testInfo) => {
  await page.goto('/');
  await page.getByTestId('template-gpt-mini').click();
  const params = page.getByTestId('summary-params');
  await expect(params).toContainText('parameters');
  // Closed, the studio leaves the canvas the height to draw blocks in full (badges and all) once fitted again.
  await page.locator('.studio-header button[aria-expanded="true"]').click();
  await page.getByRole('button', { name: 'Fit view', exact: true }).click();
  const block = page.locator('.react-flow__node[data-id]').filter({ has: page.locator('[data-kind="embedding"]') }).first();
  await block.click();
  await page.getByLabel('Freeze weights').check();
  await expect(block.getByTestId('frozen-badge')).toHaveText('Frozen');
  await expect(params).toContainText(/trainable · [\d,]+ frozen params/);
  await page.getByRole('toolbar').locator('.file-menu summary').click();
  await page.screenshot({ path: testInfo.outputPath('frozen-en.png') });
  await page.getByRole('toolbar').locator('.file-menu summary').click();

  await page.getByRole('toolbar').getByLabel('Language').selectOption('ko');
  await expect(block.getByTestId('frozen-badge')).toHaveText('고정');
  await expect(page.getByLabel('가중치 고정')).toBeChecked();
  await expect(params).toContainText(/학습 [\d,]+개 · 고정 [\d,]+개/);
  await page.getByRole('toolbar').locator('.file-menu summary').click();
  await page.screenshot({ path: testInfo.outputPath('frozen-ko.png') });
  await page.getByRole('toolbar').locator('.file-menu summary').click();
  await page.getByRole('toolbar').getByLabel('언어').selectOption('en');
});
