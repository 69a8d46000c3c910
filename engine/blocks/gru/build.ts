import { recurrentBuilder } from '../shared/recurrentBuild';

export const buildGru = recurrentBuilder('gru');
