import { headBuilder } from '../shared/headBuild';

export const buildLmHead = headBuilder('lm');
