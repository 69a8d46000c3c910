import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../../engine/compile/compile';
import { createDataset } from '../../../engine/data';
import { checkDatasetFit, graphFeedLengths } from '../../../engine/train/datasetFit';
import { encoderClassifier } from '../../../engine/templates/encoderClassifier';

describe('E_FEED_MISSING wording', () => {
  it('says “asks for” after a block’s (singular) name', async () => {
    const doc = encoderClassifier.build();
    const compiled = compileGraph(doc);
    try {
      // A per-token dataset has no “labels” for the classifier's Target block (labelled “Sentiment”).
      const dataset = await createDataset('reverse', { lengths: graphFeedLengths(doc), seed: 1 });
      const problems = checkDatasetFit(doc, compiled, dataset).filter((p) => p.code === 'E_FEED_MISSING');
      expect(problems).toHaveLength(1);
      expect(problems[0].nodeId).toBe('label');
      expect(problems[0].message).toMatch(/^Sentiment asks for “labels”, but the dataset “reverse”/);
    } finally {
      compiled.dispose();
    }
  });
});
