/**
 * A classifier's confusion matrix over the validation split, and what the studio reads off it. Plain numbers,
 * no tfjs: the worker counts the predictions (probeSample.ts) and the studio draws and summarises the counts.
 */

export interface ConfusionMatrix {
  /** Class names, in the dataset's order: row i / column i is class i. */
  classes: string[];
  /** classes × classes counts, row-major: row = the true class, column = the predicted class. */
  counts: number[];
  /** Examples counted (the sum of `counts`). */
  examples: number;
}

/** Counts (true class, predicted class) pairs; ids outside 0..classes−1 are left out. */
export function confusionMatrix(classes: readonly string[], actual: ArrayLike<number>, predicted: ArrayLike<number>): ConfusionMatrix {
  if (actual.length !== predicted.length) {
    throw new Error(`A confusion matrix pairs each true class with one prediction: ${actual.length} true classes, ${predicted.length} predictions.`);
  }
  const n = classes.length;
  const counts = new Array<number>(n * n).fill(0);
  let examples = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const p = predicted[i];
    if (!(a >= 0 && a < n && p >= 0 && p < n)) continue;
    counts[a * n + p] += 1;
    examples += 1;
  }
  return { classes: [...classes], counts, examples };
}

/** Adds two matrices over the same classes (one per validation batch). */
export function addConfusion(a: ConfusionMatrix, b: ConfusionMatrix): ConfusionMatrix {
  return { classes: a.classes, counts: a.counts.map((c, i) => c + (b.counts[i] ?? 0)), examples: a.examples + b.examples };
}

export interface ClassAccuracy {
  label: string;
  /** Validation examples of this class. */
  examples: number;
  /** Of those, how many the model put in this class. */
  correct: number;
  /** correct / examples; null for a class with no validation example. */
  accuracy: number | null;
}

/** Per class: of the examples that are this class, the share the model got right (the class's recall). */
export function perClassAccuracy(m: ConfusionMatrix): ClassAccuracy[] {
  const n = m.classes.length;
  return m.classes.map((label, i) => {
    let examples = 0;
    for (let j = 0; j < n; j++) examples += m.counts[i * n + j];
    const correct = m.counts[i * n + i];
    return { label, examples, correct, accuracy: examples > 0 ? correct / examples : null };
  });
}

/** Share of all counted examples on the diagonal; null when nothing was counted. */
export function overallAccuracy(m: ConfusionMatrix): number | null {
  const n = m.classes.length;
  let correct = 0;
  for (let i = 0; i < n; i++) correct += m.counts[i * n + i];
  return m.examples > 0 ? correct / m.examples : null;
}
