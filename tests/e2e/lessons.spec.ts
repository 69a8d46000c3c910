import { expect, test } from '@playwright/test';

/**
 * A Korean learner opens the Transformer lesson from the start screen's 배우기 and does it end to end with
 * 보여 주기 (Show me) alone: every task's checks turn green after its step, the observation trains in the
 * studio's worker, and the measured claims (held-out accuracy, the anti-diagonal of layer 2, the causal mask's
 * empty upper triangle) are shown as holding. Progress survives a reload. Screenshots are kept for review.
 */
test.use({ locale: 'ko-KR' });

/** Where the screenshots go: test-results/ unless a run names another folder (another run clears test-results/ as it starts). */
const SHOTS = process.env.TENSORLOOM_E2E_SHOTS ?? 'test-results';

test('lesson 5 in Korean, done by Show me, with its measured claims', async ({ page }) => {
  test.setTimeout(900_000);
  await page.goto('/');
  await page.evaluate(() => localStorage.removeItem('tensorloom.lessons'));
  await page.getByTestId('learn').click();
  const picker = page.getByTestId('lesson-picker');
  await expect(picker).toContainText('트랜스포머 블록 직접 만들기');
  await page.screenshot({ path: `${SHOTS}/lessons-picker-ko.png` });
  await page.getByTestId('lesson-start-transformer').click();

  const panel = page.getByTestId('lesson-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('lesson-progress')).toHaveText('과제 9개 중 0개 완료');
  // Before its step, the first task says what is missing.
  await expect(panel.getByTestId('lesson-check').first()).toContainText('아직 안 됨');
  await page.screenshot({ path: `${SHOTS}/lessons-first-task-ko.png` });

  const buildTasks = ['tokens', 'positions', 'attention', 'add-norm', 'feed-forward', 'stack', 'output'];
  for (const [i, id] of buildTasks.entries()) {
    const task = panel.getByTestId(`lesson-task-${id}`);
    await task.getByTestId('lesson-show-me').click();
    await expect(task).toHaveAttribute('data-done', 'true');
    await expect(panel.getByTestId('lesson-progress')).toHaveText(`과제 9개 중 ${i + 1}개 완료`);
  }
  // Show me is one undo step: undo takes the output blocks away again, redo brings them back.
  await page.keyboard.press('Control+z');
  await expect(panel.getByTestId('lesson-task-output')).toHaveAttribute('data-done', 'false');
  await page.keyboard.press('Control+Shift+z');
  await expect(panel.getByTestId('lesson-task-output')).toHaveAttribute('data-done', 'true');
  await page.screenshot({ path: `${SHOTS}/lessons-built-ko.png` });

  // The observation trains the learner's graph in the studio and measures the claims.
  const train = panel.getByTestId('lesson-task-train-reverse');
  await train.getByTestId('lesson-observe').click();
  await expect(train.getByTestId('lesson-claim')).toHaveCount(2);
  // Once its claims hold the task is done and the panel moves on; open it again to read what was measured.
  await expect(train).toHaveAttribute('data-done', 'true', { timeout: 400_000 });
  await train.getByRole('button', { name: '학습하고 어텐션 맵 읽기' }).click();
  await expect(train.getByTestId('lesson-result')).toBeVisible();
  for (const claim of await train.getByTestId('lesson-claim').all()) await expect(claim).toHaveAttribute('data-holds', 'true');
  await expect(train.getByTestId('lesson-result')).toContainText('반대각선');
  await page.screenshot({ path: `${SHOTS}/lessons-antidiagonal-ko.png` });

  const causal = panel.getByTestId('lesson-task-causal');
  await causal.getByRole('button', { name: '인과 마스크 (causal mask)' }).click();
  await causal.getByTestId('lesson-show-me').click();
  await causal.getByTestId('lesson-observe').click();
  await expect(causal.getByTestId('lesson-result')).toBeVisible({ timeout: 400_000 });
  for (const claim of await causal.getByTestId('lesson-claim').all()) await expect(claim).toHaveAttribute('data-holds', 'true');
  await expect(panel.getByTestId('lesson-progress')).toHaveText('과제 9개 중 9개 완료');
  await expect(panel).toContainText('레슨을 마쳤습니다.');
  await page.screenshot({ path: `${SHOTS}/lessons-done-ko.png`, fullPage: true });

  // Progress and the open lesson are remembered across a reload: the panel comes back, every task still done.
  await page.reload();
  await expect(page.getByTestId('lesson-panel').getByTestId('lesson-progress')).toHaveText('과제 9개 중 9개 완료');
});
