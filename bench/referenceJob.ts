/** The benchmark's training job: the `gpt-mini` template's shape, trained with Adam at batch 32. */
export interface ReferenceJob {
  vocab: number;
  context: number;
  dModel: number;
  heads: number;
  blocks: number;
  ffn: number;
  batch: number;
}

export const referenceJob: ReferenceJob = {
  vocab: 65,
  context: 64,
  dModel: 128,
  heads: 4,
  blocks: 2,
  ffn: 512,
  batch: 32,
};

/**
 * Training FLOPs per token: matmul work only (elementwise ops are lower order), forward counted once and the
 * backward pass as twice the forward (a gradient for each matmul operand). Per block and token, forward:
 * Q/K/V and output projections 8·d², FFN 4·d·ffn, attention scores and weighted sum 4·T·d; plus the output
 * head 2·d·vocab. The embedding lookup is a gather, not counted.
 */
export function trainingFlopsPerToken(job: ReferenceJob): number {
  const { vocab, context: T, dModel: d, blocks, ffn } = job;
  const forward = blocks * (8 * d * d + 4 * d * ffn + 4 * T * d) + 2 * d * vocab;
  return 3 * forward;
}
