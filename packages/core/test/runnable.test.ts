import { describe, expect, it } from 'vitest';
import { CallRunnable, hostInfo } from '../src/host.js';

describe('CallRunnable and hostInfo', () => {
  it('runs its function and carries its metadata; kind defaults to call', () => {
    const info = hostInfo('bookkeeping', 'background');
    let calls = 0;
    const r = new CallRunnable(info, () => {
      calls++;
    });
    const t = new CallRunnable(info, () => {}, 'timer');

    r.run();

    expect(calls).toBe(1);
    expect(r.kind).toBe('call');
    expect(t.kind).toBe('timer');
    expect(r.task).toBe(info);
  });

  it('hostInfo describes work that belongs to no task (id 0)', () => {
    expect(hostInfo('x')).toEqual({
      id: 0,
      label: 'x',
      priority: 'normal',
      lane: 'foreground',
      sessionId: undefined,
      spawnLocation: undefined,
    });
    expect(hostInfo('y', 'background').lane).toBe('background');
  });
});
