import { expect, test, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import fs from 'node:fs';
import { planModel } from '../../engine/export/pytorch/plan';
import { readSafetensors } from '../../engine/export/pytorch/safetensors';
import { torchWeights } from '../../engine/export/pytorch/weights';
import { readModelFile } from '../../engine/io/modelFile';

/**
 * File ▸ Export… in the web build: a learner trains the reverse template a few steps, exports it to PyTorch and
 * gets one .zip holding model.py, weights.safetensors and the rest, whose weights are the ones the app trained
 * (the same the app saves in its .tlgraph). The dialog is captured in English and Korean.
 */

const STEPS = 8;

async function setNumber(page: Page, label: string, value: number) {
  const input = page.getByRole('region', { name: 'Run settings' }).getByLabel(label, { exact: true });
  await input.fill(String(value));
  await expect(input).toHaveValue(String(value));
}

async function openStudio(page: Page) {
  const studio = page.getByRole('region', { name: /Training studio|학습 스튜디오/ });
  const toggle = studio.locator('.studio-header button[aria-expanded]');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  return studio;
}

/** The toolbar's ⋯ menu (the rarer file commands), then Export…. */
async function openExportDialog(page: Page, moreLabel: string, exportLabel: string) {
  await page.getByRole('toolbar').getByLabel(moreLabel).click();
  await page.getByRole('menuitem', { name: exportLabel }).click();
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

test('File ▸ Export… downloads a PyTorch zip whose weights are the trained ones', async ({ page }, testInfo) => {
  await page.goto('/');
  await page.getByTestId('template-reverse').click();
  const studio = await openStudio(page);
  await setNumber(page, 'Steps', STEPS);
  await setNumber(page, 'Batch', 8);
  await studio.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(studio.locator('.studio-status')).toHaveAttribute('data-status', 'done', { timeout: 110_000 });

  const dialog = await openExportDialog(page, 'More file commands', 'Export…');
  await expect(dialog.getByRole('radio', { name: 'PyTorch', exact: true })).toBeChecked();
  await expect(dialog.getByTestId('export-files')).toContainText('weights.safetensors', { timeout: 60_000 });
  await expect(dialog).toContainText(`With the weights trained for ${STEPS} steps.`);
  await page.screenshot({ path: testInfo.outputPath('export-dialog-en.png') });

  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('export-write').click()]);
  expect(download.suggestedFilename()).toBe('reverse-pytorch.zip');
  const zipPath = testInfo.outputPath('reverse-pytorch.zip');
  await download.saveAs(zipPath);
  await expect(dialog).toBeHidden();
  const entries = unzipSync(new Uint8Array(fs.readFileSync(zipPath)));
  const names = Object.keys(entries).sort();
  for (const f of ['model.py', 'weights.safetensors', 'data.py', 'train.py', 'predict.py', 'README.md', 'data/vocab.json']) expect(names).toContain(`reverse-pytorch/${f}`);
  expect(new TextDecoder().decode(entries['reverse-pytorch/model.py'])).toContain('class Reverse(nn.Module):');

  // The header, read by hand as a PyTorch user's reader would: 8-byte length, JSON, then float32 data.
  const safetensors = entries['reverse-pytorch/weights.safetensors'];
  const headerLength = Number(new DataView(safetensors.buffer, safetensors.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(safetensors.subarray(8, 8 + headerLength))) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  expect(header.__metadata__).toMatchObject({ step: String(STEPS) });

  // The app's own weights: Save writes the model the worker holds.
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('toolbar').getByRole('button', { name: 'Save', exact: true }).click()]);
  const modelPath = testInfo.outputPath('reverse.tlgraph');
  await saved.saveAs(modelPath);
  const model = readModelFile(new Uint8Array(fs.readFileSync(modelPath)));
  if (!model.ok) throw new Error(model.problems.map((p) => p.message).join('\n'));
  expect(model.contents.trained!.step).toBe(STEPS);
  const expected = torchWeights(planModel(model.contents.graph).weights, model.contents.trained!.weights);
  expect(Object.keys(header).filter((k) => k !== '__metadata__')).toEqual(expected.map((t) => t.name));

  // One tensor straight from the bytes, then all of them through the reader.
  const embedding = expected.find((t) => t.shape.length === 2)!;
  const entry = header[embedding.name];
  expect(entry.dtype).toBe('F32');
  expect(entry.shape).toEqual(embedding.shape);
  const start = 8 + headerLength + entry.data_offsets[0];
  const values = new Float32Array(safetensors.slice(start, 8 + headerLength + entry.data_offsets[1]).buffer);
  expect(values).toEqual(embedding.data);
  const all = readSafetensors(safetensors).tensors;
  all.forEach((t, i) => expect(t.data).toEqual(expected[i].data));

  // The same dialog in Korean, for the record.
  await page.getByRole('toolbar').getByLabel('Language').selectOption('ko');
  const korean = await openExportDialog(page, '파일 명령 더 보기', '내보내기…');
  await expect(korean.getByTestId('export-files')).toContainText('weights.safetensors', { timeout: 60_000 });
  await expect(korean).toContainText(`${STEPS} 스텝 학습된 가중치`);
  await page.screenshot({ path: testInfo.outputPath('export-dialog-ko.png') });

  // TensorFlow.js is built in the browser's export worker too: the layers model, its shard and the layer module.
  await korean.getByRole('radio', { name: 'TensorFlow.js', exact: true }).check();
  const tfjsFiles = korean.getByTestId('export-files');
  await expect(tfjsFiles).toContainText('model.json', { timeout: 60_000 });
  await expect(tfjsFiles).toContainText('group1-shard1of1.bin');
  await expect(tfjsFiles).toContainText('tensorloom-layers.js');
});
