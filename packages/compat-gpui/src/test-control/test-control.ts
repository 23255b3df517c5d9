import { InvalidArgumentError } from '@sched/core';
import { checkNonNegativeInteger } from '@sched/core/host';
import type { TestHost } from './test-host.js';

/**
 * The test-dispatcher state GPUI keeps once per dispatcher: whether parking is allowed, the
 * deprioritized labels, and the tick range of `blockWithTimeout`. Shared by every executor on
 * the same host, as GPUI's executors share one dispatcher.
 */
export class TestControl {
  parkingAllowed = false;
  readonly deprioritized: Set<string> = new Set();
  blockTicks: readonly [min: number, max: number] = [0, 1000];

  /** The state of `host` (created on first use). */
  static of(host: TestHost): TestControl {
    let control = controls.get(host);
    if (control === undefined) {
      control = new TestControl();
      controls.set(host, control);
    }
    return control;
  }

  setBlockTicks(min: number, max: number): void {
    checkNonNegativeInteger('min', min);
    checkNonNegativeInteger('max', max);
    if (max < min) throw new InvalidArgumentError('max', max, `an integer ≥ min (${min})`);
    this.blockTicks = [min, max];
  }

  /** True if a task with this label must wait until no other work is ready. */
  isDeprioritized(label: string | undefined): boolean {
    return label !== undefined && this.deprioritized.has(label);
  }
}

const controls = new WeakMap<TestHost, TestControl>();
