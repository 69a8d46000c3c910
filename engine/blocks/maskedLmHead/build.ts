import { headBuilder } from '../shared/headBuild';

export const buildMaskedLmHead = headBuilder('masked-lm');
