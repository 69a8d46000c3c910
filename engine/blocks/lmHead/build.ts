import { headBuilder } from './headBuild';

export const buildLmHead = headBuilder('lm');
