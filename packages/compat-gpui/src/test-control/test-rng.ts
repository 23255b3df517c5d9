import { InvalidArgumentError } from '@sched/core';
import { checkNonNegativeInteger } from '@sched/core/host';
import type { TestHost } from './test-host.js';

/**
 * The test random number generator of `BackgroundExecutor.rng()`. Every draw is one recorded
 * decision of the simulator (so a seed, a schedule or a fuzzer's tape replays it), and it is
 * shared: every caller draws from the same sequence, like the `SharedRng` of Zed's scheduler.
 */
export class TestRng {
  readonly #host: TestHost;

  constructor(host: TestHost) {
    this.#host = host;
  }

  /** An integer in `[min, max)` (GPUI's `random_range(min..max)`). */
  range(min: number, max: number): number {
    checkNonNegativeInteger('min', min);
    checkNonNegativeInteger('max', max);
    if (max <= min) throw new InvalidArgumentError('max', max, `an integer > min (${min})`);
    return this.#host.delay(min, max - 1);
  }

  /** True or false, each with probability ½. */
  bool(): boolean {
    return this.#host.delay(0, 1) === 1;
  }

  /** True with probability `numerator / denominator` (GPUI's `random_ratio`). */
  ratio(numerator: number, denominator: number): boolean {
    checkNonNegativeInteger('numerator', numerator);
    checkNonNegativeInteger('denominator', denominator);
    if (denominator === 0 || numerator > denominator) {
      throw new InvalidArgumentError('denominator', denominator, `an integer ≥ numerator (${numerator}) and > 0`);
    }
    return this.range(0, denominator) < numerator;
  }
}
