import { describe, expect, it } from 'vitest';
import { Executor, spawnBackground, spawnForeground, spawnLabeled, TimerCancelledError } from '../src/index.js';
import { observe, TestHost } from './support/test-host.js';

describe('Executor', () => {
  it('spawns with its defaults, overridden per call', async () => {
    const host = new TestHost();
    const background = new Executor(host, { lane: 'background', priority: 'background', label: 'bg' });

    const a = background.spawn(() => 1);
    const b = background.spawn(() => 2, { priority: 'user-blocking' });
    const c = background.spawnLabeled('named', () => 3);
    const d = background.spawnWithPriority('normal', () => 4);

    expect([a.lane, a.priority, a.label]).toEqual(['background', 'background', 'bg']);
    expect([b.lane, b.priority, b.label]).toEqual(['background', 'user-blocking', 'bg']);
    expect([c.lane, c.priority, c.label]).toEqual(['background', 'background', 'named']);
    expect([d.lane, d.priority, d.label]).toEqual(['background', 'normal', 'bg']);
    expect(background.scheduler).toBe(host);
    await host.runAll();
    expect(await Promise.all([a, b, c, d])).toEqual([1, 2, 3, 4]);
  });

  it('defaults to foreground, normal, unlabelled', () => {
    const host = new TestHost();
    const t = new Executor(host).spawn(() => 1);
    expect([t.lane, t.priority, t.label]).toEqual(['foreground', 'normal', undefined]);
  });

  it('timer() and now() use the scheduler clock', async () => {
    const host = new TestHost();
    const executor = new Executor(host);
    const fired = observe(executor.timer(5));
    const controller = new AbortController();
    const aborted = observe(executor.timer(5, controller.signal));
    controller.abort(new TimerCancelledError());

    await host.advance(5);

    expect(executor.now()).toBe(5);
    expect(fired.current.status).toBe('fulfilled');
    expect((aborted.current as { reason: unknown }).reason).toBeInstanceOf(TimerCancelledError);
  });
});

describe('spawn helpers', () => {
  it('spawnForeground / spawnBackground force the lane; spawnLabeled sets the label', () => {
    const host = new TestHost();
    const f = spawnForeground(host, () => 1, { lane: 'background' });
    const b = spawnBackground(host, () => 1, { lane: 'foreground', label: 'x' });
    const l = spawnLabeled(host, 'labelled', () => 1, { lane: 'background' });
    expect([f.lane, b.lane, b.label, l.label, l.lane]).toEqual([
      'foreground',
      'background',
      'x',
      'labelled',
      'background',
    ]);
    expect(host.dispatched.map((d) => d.lane)).toEqual(['foreground', 'background', 'background']);
  });
});
