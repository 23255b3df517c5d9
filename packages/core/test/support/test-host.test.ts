import { describe, expect, it } from 'vitest';
import { CallRunnable, hostInfo } from '../../src/host.js';
import type { TaskInfo } from '../../src/index.js';
import { InvalidArgumentError } from '../../src/index.js';
import { TestHost } from './test-host.js';

// The test host is itself test code: check the few guarantees the other suites rely on.

function info(id: number, priority: TaskInfo['priority'], lane: TaskInfo['lane'] = 'foreground'): TaskInfo {
  return { ...hostInfo(`r${id}`, lane), id, priority };
}

describe('TestHost', () => {
  it('runs foreground before background, by priority rank with FIFO ties', async () => {
    const host = new TestHost();
    const order: string[] = [];
    const add = (id: number, priority: TaskInfo['priority'], lane: TaskInfo['lane']): void => {
      const r = new CallRunnable(info(id, priority, lane), () => order.push(`${lane[0]}${id}`));
      if (lane === 'foreground') host.dispatchForeground(r);
      else host.dispatchBackground(r);
    };
    add(1, 'background', 'background');
    add(2, 'normal', 'foreground');
    add(3, 'user-blocking', 'foreground');
    add(4, 'normal', 'foreground');
    add(5, 'user-blocking', 'background');
    add(6, 'background', 'foreground');

    const steps = await host.runAll();

    expect(steps).toBe(6);
    expect(order).toEqual(['f3', 'f2', 'f4', 'f6', 'b5', 'b1']);
    expect(host.pending).toBe(0);
  });

  it('fires timers in deadline order with FIFO ties and moves the clock to each deadline', async () => {
    const host = new TestHost();
    const fired: Array<[string, number]> = [];
    const at = (name: string, delay: number): void => {
      host.dispatchAfter(delay, new CallRunnable(hostInfo(name), () => fired.push([name, host.now()]), 'timer'));
    };
    at('b', 20);
    at('a', 10);
    at('c', 20);
    at('late', 31);
    const cancelled = host.dispatchAfter(5, new CallRunnable(hostInfo('x'), () => fired.push(['x', host.now()])));
    expect(cancelled.cancel()).toBe(true);
    expect(cancelled.cancel()).toBe(false);

    await host.advance(30);

    expect(fired).toEqual([
      ['a', 10],
      ['b', 20],
      ['c', 20],
    ]);
    expect(host.now()).toBe(30);
    expect(host.pendingTimers).toBe(1);
  });

  it('rejects bad delays with InvalidArgumentError', () => {
    const host = new TestHost();
    expect(() => host.dispatchAfter(-1, new CallRunnable(hostInfo('x'), () => {}))).toThrow(InvalidArgumentError);
  });
});
