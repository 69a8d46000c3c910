import { headBuilder } from '../shared/headBuild';

export const buildSeq2seqHead = headBuilder('seq2seq');
