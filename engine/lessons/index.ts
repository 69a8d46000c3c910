/** Guided lessons: content (one file per lesson), graph checks, Show me edits, measured observations and progress. No tfjs here; the engine's run of an observation is `observeRun` in engine/runtime.ts. */
export * from './schema';
export * from './errors';
export * from './checks';
export * from './showMe';
export * from './measure';
export * from './progress';
export { LESSONS, lessonById } from './content';
