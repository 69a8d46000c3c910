import { recurrentBuilder } from '../simpleRnn/recurrentBuild';

export const buildGru = recurrentBuilder('gru');
