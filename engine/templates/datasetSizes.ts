/**
 * The vocabulary sizes of the bundled datasets, as the templates record them. `Template.build()` is
 * synchronous and a dataset may have to read files first, so the sizes are written down here; a test
 * checks them against the datasets, and `runTraining` refuses a graph whose sizes have drifted from its
 * dataset with E_VOCAB_MISMATCH (naming the block and the size to set).
 */
export const DATASET_SIZES = {
  'moby-dick': { vocab: 65 },
  sentiment: { vocab: 65, classes: 2 },
  'en-ko': { source: 65, target: 65 },
  'sentences-mlm': { vocab: 65 },
  reverse: { vocab: 27 },
} as const;
