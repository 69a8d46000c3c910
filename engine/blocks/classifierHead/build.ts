import { headBuilder } from '../shared/headBuild';

export const buildClassifierHead = headBuilder('classification');
