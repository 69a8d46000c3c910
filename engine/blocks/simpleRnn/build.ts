import { recurrentBuilder } from '../shared/recurrentBuild';

export const buildSimpleRnn = recurrentBuilder('simple');
