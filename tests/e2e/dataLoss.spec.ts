import { expect, test, type Page } from '@playwright/test';
import { settledCount } from './settled';

/**
 * No action loses work in the web build: a template chosen over unsaved edits asks Save / Don't save / Cancel
 * and is undoable, Open asks first, a reload asks (the browser's own question), and a graph restored after a
 * reload counts as unsaved, so leaving again still asks. (Electron's window close asks the same question through
 * the main process; its handler is unit-tested there.)
 */

const blocks = (page: Page) => page.locator('.react-flow__node-block');

/** An edit the learner typed: renames the graph in the inspector. */
async function rename(page: Page, name: string) {
  const field = page.getByTestId('graph-name');
  await field.fill(name);
  await field.press('Tab');
  await expect(page.locator('.doc-name')).toHaveText(name);
}

test('a template over unsaved edits asks first, and Undo brings the old graph back', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('template-reverse').click();
  await expect(blocks(page).first()).toBeVisible();
  // The template's blocks appear over a few frames: count them once they are all there.
  const before = await settledCount(blocks(page));
  await rename(page, 'My reverser');

  await page.getByRole('toolbar').getByRole('button', { name: 'Templates', exact: true }).click();
  await page.getByTestId('template-encoder-classifier').click();
  const dialog = page.getByTestId('unsaved-dialog');
  await expect(dialog).toContainText('Save the changes to “My reverser”?');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  // Cancel: nothing replaced; the start screen offers the way back to the graph.
  await page.getByRole('button', { name: 'Continue where you left off' }).click();
  await expect(page.locator('.doc-name')).toHaveText('My reverser');
  await expect(blocks(page)).toHaveCount(before);

  await page.getByRole('toolbar').getByRole('button', { name: 'Templates', exact: true }).click();
  await page.getByTestId('template-encoder-classifier').click();
  await dialog.getByRole('button', { name: 'Don’t save' }).click();
  await expect(page.locator('.doc-name')).toHaveText('Encoder classifier');
  await page.screenshot({ path: 'test-results/dataloss-template.png' });

  await page.getByRole('toolbar').getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(page.locator('.doc-name')).toHaveText('My reverser');
  await expect(blocks(page)).toHaveCount(before);
});

test('Open asks before unsaved edits go', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('template-reverse').click();
  await rename(page, 'Keep me');
  let chooser = false;
  page.on('filechooser', () => (chooser = true));
  await page.getByRole('toolbar').getByRole('button', { name: 'Open…', exact: true }).click();
  const dialog = page.getByTestId('unsaved-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(chooser).toBe(false);
  await expect(page.locator('.doc-name')).toHaveText('Keep me');
});

test('a reload with unsaved edits asks, and the restored graph still counts as unsaved', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('template-reverse').click();
  await rename(page, 'Unsaved work');
  // Let the autosave (a moment after each edit) write the recovery copy.
  await page.waitForTimeout(1000);

  const asked: string[] = [];
  const answerEach = (accept: boolean) => {
    page.removeAllListeners('dialog');
    page.on('dialog', (d) => {
      asked.push(d.type());
      void (accept ? d.accept() : d.dismiss());
    });
  };
  answerEach(false);
  await page.reload({ timeout: 3_000 }).catch(() => undefined);
  expect(asked).toEqual(['beforeunload']);
  await expect(page.locator('.doc-name')).toHaveText('Unsaved work');

  answerEach(true);
  await page.reload();
  await expect(page.locator('.doc-name')).toHaveText('Unsaved work');
  expect(asked).toEqual(['beforeunload', 'beforeunload']);

  // Restored, not saved: leaving again still asks (a click first, as a learner would, gives the page a gesture).
  await page.getByTestId('canvas').click({ position: { x: 20, y: 20 } });
  answerEach(false);
  await page.reload({ timeout: 3_000 }).catch(() => undefined);
  expect(asked).toEqual(['beforeunload', 'beforeunload', 'beforeunload']);
  await expect(page.locator('.doc-name')).toHaveText('Unsaved work');
});
