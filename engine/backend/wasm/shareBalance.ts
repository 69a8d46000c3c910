/** The helper's share of a product never leaves this range, so one bad timing cannot starve either thread. */
const MIN_FRACTION = 0.2;
const MAX_FRACTION = 0.8;
/** How much of each measured correction is applied: timings are noisy, so the share moves in steps. */
const DAMPING = 0.5;

/** When one thread started and finished its part of a product, in wall-clock milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

/** Milliseconds on a clock the helper thread shares: each thread's time origin plus its monotonic clock. */
export function wallClock(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * How much of a product the helper thread takes, learned per product shape. Two halves are rarely equal work:
 * this thread also copies the helper's operands in and its result out, the helper starts a little late, and on
 * a shared machine either core may run slower for a while. After each split product the share moves so both
 * threads would have finished together, in proportion to how long each took per unit of work.
 *
 * The share only decides which thread computes which rows, columns or batches; every result element is computed
 * the same way either way, so results do not depend on timing (depth splits, which would change the order of
 * a sum, keep a fixed half and are not recorded).
 */
export class ShareBalance {
  private readonly fractions = new Map<string, number>();

  /** The helper's share for products under `key`: a half until a product of that shape has been timed. */
  fractionFor(key: string): number {
    return this.fractions.get(key) ?? 0.5;
  }

  /**
   * Records a split product: the helper took `helperFraction` of the work (as split, after rounding to whole
   * panels or batches); `own` and `helper` are when each thread computed its part.
   */
  record(key: string, helperFraction: number, own: Interval, helper: Interval): void {
    const ownMs = own.end - own.start;
    const helperMs = helper.end - helper.start;
    if (!(ownMs > 0 && helperMs > 0 && helperFraction > 0 && helperFraction < 1)) return;
    // Positive when this thread waited for the helper.
    const lateMs = helper.end - own.end;
    // Moving a fraction δ of the work changes the helper's time by δ·helperMs/helperFraction and this
    // thread's by −δ·ownMs/(1 − helperFraction); choose δ that closes the gap.
    const perUnit = helperMs / helperFraction + ownMs / (1 - helperFraction);
    const current = this.fractionFor(key);
    const next = current - (DAMPING * lateMs) / perUnit;
    this.fractions.set(key, Math.min(MAX_FRACTION, Math.max(MIN_FRACTION, next)));
  }
}
