/**
 * Spreads costly UI jobs (building a uPlot chart: DOM, measuring, first draw) over animation frames, so
 * four charts appearing with the first training step do not make one long task of the UI thread. Jobs run
 * in order; each frame runs jobs until its budget is spent, and always at least one.
 */

type Job = () => void;

/** Milliseconds of jobs per frame: leaves most of a 16.7 ms frame for input, layout and paint. */
const FRAME_BUDGET_MS = 8;

const queue: { run: Job; cancelled: boolean }[] = [];
let scheduled = false;

function runFrame() {
  scheduled = false;
  const start = performance.now();
  let ran = 0;
  while (queue.length && (ran === 0 || performance.now() - start < FRAME_BUDGET_MS)) {
    const job = queue.shift()!;
    if (job.cancelled) continue;
    job.run();
    ran += 1;
  }
  if (queue.length) schedule();
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(runFrame);
}

/** Runs `job` in a coming animation frame (at once where there are no frames, as in jsdom); returns a cancel. */
export function inNextFrames(job: Job): () => void {
  if (typeof requestAnimationFrame !== 'function') {
    job();
    return () => {};
  }
  const entry = { run: job, cancelled: false };
  queue.push(entry);
  schedule();
  return () => {
    entry.cancelled = true;
  };
}
