// `pnpm mutate core`: the scheduling logic of @sched/core (see docs/mutation.md).
import { strykerConfig } from './shared.mjs';

export default strykerConfig('core', ['packages/core/src/**/*.ts', '!packages/core/src/index.ts']);
