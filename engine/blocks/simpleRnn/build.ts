import { recurrentBuilder } from './recurrentBuild';

export const buildSimpleRnn = recurrentBuilder('simple');
