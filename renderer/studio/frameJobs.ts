/**
 * Spreads costly UI jobs over animation frames, one job per frame: building a uPlot chart (DOM, measuring,
 * first draw), redrawing one with new points, painting a heat-map. Four charts and four heat-maps that
 * change with one worker message would otherwise be one long task of the UI thread — and while a model
 * trains in the worker, the UI thread shares the CPU with it, so tasks stretch. One job per frame also
 * keeps the cost honest: uPlot draws in a microtask after `setData`, which a per-frame time budget
 * measured around the job would not see.
 */

type Job = () => void;

const queue: { run: Job; cancelled: boolean }[] = [];
let scheduled = false;

function runFrame() {
  scheduled = false;
  try {
    while (queue.length) {
      const job = queue.shift()!;
      if (job.cancelled) continue;
      job.run();
      break;
    }
  } finally {
    // A job that throws must not strand the ones behind it.
    if (queue.some((j) => !j.cancelled)) schedule();
    else queue.length = 0;
  }
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(runFrame);
}

/** Runs `job` in a coming animation frame, after the jobs queued before it (at once where there are no frames, as in jsdom); returns a cancel. */
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
