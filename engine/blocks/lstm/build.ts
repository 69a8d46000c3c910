import { recurrentBuilder } from '../shared/recurrentBuild';

export const buildLstm = recurrentBuilder('lstm');
