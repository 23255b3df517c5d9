export { loadScenarioSpec } from '../cli/scenario-spec.js';
export { directoryCorpus } from './directory-corpus.js';
export { manyParallel, type ParallelManyOptions, type ParallelManyResult } from './parallel-many.js';
export { loadScenario, type ScenarioRef } from './scenario-ref.js';
