/**
 * The vocabulary sizes of the bundled datasets, as the templates record them. `Template.build()` is
 * synchronous and a dataset may have to read files first, so the sizes are written down here; a test
 * checks them against the datasets, and `runTraining` refuses a graph whose sizes have drifted from its
 * dataset with E_VOCAB_MISMATCH (naming the block and the size to set).
 */
export const DATASET_SIZES = {
  'moby-dick': { vocab: 69 },
  sentiment: { vocab: 2143, classes: 2 },
  'en-ko': { source: 304, target: 510 },
  'sentences-mlm': { vocab: 3457, classes: 2 },
  /** The `sentiment` vocabulary, shared id for id so a pre-trained encoder transfers. */
  'reviews-mlm': { vocab: 2143 },
  reverse: { vocab: 27 },
} as const;
