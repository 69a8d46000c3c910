"""The timing rule every PyTorch run of the benchmark follows, the same as the app's (bench/trainingProbe.ts)."""

import time


def settled_median_seconds(timed_step, steps, warmup, settle_ms=0, measure_ms=0):
    """The median of `timed_step(index)`'s returned durations (seconds) once settled.

    Warm-up lasts `warmup` steps and `settle_ms`; the measured steps number at least `steps` and last at least
    `measure_ms`. With neither time set, exactly `warmup + steps` steps run.
    """
    durations = []
    started = time.perf_counter()
    measuring_since = None
    limit = 50 * (warmup + steps) if settle_ms or measure_ms else warmup + steps
    for index in range(limit):
        duration = timed_step(index)
        now = time.perf_counter()
        if measuring_since is None:
            if index + 1 >= warmup and 1000 * (now - started) >= settle_ms:
                measuring_since = now
            continue
        durations.append(duration)
        if len(durations) >= steps and 1000 * (now - measuring_since) >= measure_ms:
            break
    durations.sort()
    return durations[len(durations) // 2]
