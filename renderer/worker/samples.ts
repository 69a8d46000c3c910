/**
 * What the model makes of the probe input: the engine's probe, shared with the command line's `predict`, so the
 * studio and the CLI answer the same way for every task.
 */
export { defaultProbe, referenceFor, sampleProbe } from '../../engine/runtime';
