import { recurrentBuilder } from '../simpleRnn/recurrentBuild';

export const buildLstm = recurrentBuilder('lstm');
