import { expect, test } from '@playwright/test';

/**
 * A learner picks their own CSV in the run settings: it is read in the data worker, described (vocabulary,
 * classes, label kind, lengths), and the graph is checked against it at once — the Problems list names the
 * mismatch with its quick fix, and Train waits, saying why, until it is fixed. Nothing is trained here.
 */
const MOODS = ['text,label', 'a fine day,happy', 'a sad day,sad', 'an ordinary day,neutral', 'lovely fine weather,happy', 'grey sad rain,sad', 'nothing much,neutral', 'sunny and fine,happy'].join('\n');

test('a three-class file for a two-class classifier: listed with its fix before Train, and the fix lets it train', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('template-encoder-classifier').click();
  const studio = page.getByRole('region', { name: 'Training studio' });
  const train = studio.getByRole('button', { name: 'Train', exact: true });
  await expect(train).toBeEnabled();

  await studio.getByText('Bring your own data').click();
  await studio.getByLabel('Your data file').setInputFiles({ name: 'moods.csv', mimeType: 'text/csv', buffer: Buffer.from(MOODS) });

  const problems = page.getByTestId('problems');
  const mismatch = problems.locator('li[data-code="E_VOCAB_MISMATCH"]');
  await expect(mismatch).toBeVisible({ timeout: 30_000 });
  await expect(mismatch).toContainText('moods.csv');
  await expect(train).toBeDisabled();
  await expect(studio.getByTestId('train-blocker')).toHaveAttribute('data-code', 'E_VOCAB_MISMATCH');
  await page.screenshot({ path: test.info().outputPath('user-data-fit.png') });

  await mismatch.getByTestId('quick-fix').click();
  await expect(problems.locator('li[data-code="E_VOCAB_MISMATCH"]')).toHaveCount(0);
  await expect(train).toBeEnabled();
});
