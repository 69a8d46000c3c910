import { headBuilder } from '../lmHead/headBuild';

export const buildSeq2seqHead = headBuilder('seq2seq');
