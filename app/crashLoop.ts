/**
 * When the page's process dies, main reloads it (the autosave brings the graph back). A page that dies
 * again within a minute is likely to die on every reload (a graph that exhausts memory as it opens, a
 * driver crash on the first frame), so the second crash stops the reloading and asks instead.
 */
export const CRASH_LOOP_WINDOW_MS = 60_000;

export type CrashResponse = 'reload' | 'ask';

export class CrashLoopGuard {
  private crashes: number[] = [];

  constructor(
    private readonly windowMs = CRASH_LOOP_WINDOW_MS,
    private readonly crashesBeforeAsking = 2,
  ) {}

  /** Counts a crash at `now` (ms) and says whether to reload quietly or to stop and ask. */
  record(now: number): CrashResponse {
    this.crashes = [...this.crashes.filter((at) => now - at < this.windowMs), now];
    return this.crashes.length >= this.crashesBeforeAsking ? 'ask' : 'reload';
  }

  /** The user chose to reopen: the count starts again. */
  reset(): void {
    this.crashes = [];
  }
}
