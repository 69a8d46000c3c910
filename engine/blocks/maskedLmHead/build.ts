import { headBuilder } from '../lmHead/headBuild';

export const buildMaskedLmHead = headBuilder('masked-lm');
