import { headBuilder } from '../lmHead/headBuild';

export const buildClassifierHead = headBuilder('classification');
