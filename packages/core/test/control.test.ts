import { attachProbe, forwardControl, probeOf } from '@sched/core/host';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, type Scheduler } from '../src/index.js';
import { TestHost, TestProbe } from './support/test-host.js';

/** A scheduler that delegates everything to another one (a logging or metrics wrapper). */
function wrap(inner: Scheduler): Scheduler {
  return {
    dispatchForeground: (r) => inner.dispatchForeground(r),
    dispatchBackground: (r) => inner.dispatchBackground(r),
    dispatchAfter: (ms, r) => inner.dispatchAfter(ms, r),
    timer: (ms, signal) => inner.timer(ms, signal),
    now: () => inner.now(),
    isMainThread: () => inner.isMainThread(),
  };
}

describe('attachProbe / forwardControl / probeOf', () => {
  it('attachProbe puts a scheduler under control, and refuses a second probe', () => {
    const host = new TestHost();
    const probe = new TestProbe();

    attachProbe(host, probe);

    expect(probeOf(host)).toBe(probe);
    expect(() => attachProbe(host, new TestProbe())).toThrow(InvalidArgumentError);
    expect(() => attachProbe(host, new TestProbe())).toThrow(
      'Invalid scheduler: [object Object]; expected a scheduler that is not under control yet.',
    );
    expect(probeOf(host)).toBe(probe);
  });

  it('the probe is hidden: copying or spreading a controlled scheduler does not copy its control', () => {
    const host = new TestHost({ probe: true });

    expect(probeOf(host)).toBeDefined();
    expect(probeOf({ ...host } as unknown as Scheduler)).toBeUndefined();
    expect(probeOf(Object.assign({}, host) as unknown as Scheduler)).toBeUndefined();
  });

  it("forwardControl gives a wrapper its inner scheduler's probe", () => {
    const host = new TestHost({ probe: true });
    const wrapper = wrap(host);

    forwardControl(wrapper, host);

    expect(probeOf(wrapper)).toBe(host.probe);
  });

  it('forwardControl from a scheduler under no control leaves the wrapper uncontrolled (and controllable)', () => {
    const host = new TestHost();
    const wrapper = wrap(host);

    forwardControl(wrapper, host);

    expect(probeOf(wrapper)).toBeUndefined();
    const probe = new TestProbe();
    attachProbe(wrapper, probe);
    expect(probeOf(wrapper)).toBe(probe);
  });

  it('probeOf(undefined) is undefined', () => {
    expect(probeOf(undefined)).toBeUndefined();
  });
});
