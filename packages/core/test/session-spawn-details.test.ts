import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, SchedError, Session, spawn, spawnBackground, spawnForeground } from '../src/index.js';
import { TestHost } from './support/test-host.js';

describe('Session details', () => {
  it('numbers sessions with increasing ids', () => {
    const first = new Session();
    const second = new Session();

    expect(second.id).toBeGreaterThan(first.id);
  });

  it('a closed session refuses new tasks with ERR_SESSION_CLOSED naming it', () => {
    const host = new TestHost();
    const session = new Session('request');
    session.close();

    const error = (() => {
      try {
        session.spawn(host, async () => {});
      } catch (e) {
        return e;
      }
    })();

    expect(error).toBeInstanceOf(SchedError);
    expect((error as SchedError).code).toBe('ERR_SESSION_CLOSED');
    expect((error as SchedError).message).toBe(`session #${session.id} is closed`);
    expect(() => spawn(host, async () => {}, { session })).toThrow(`session #${session.id} is closed`);
  });

  it('waitUntil accepts any thenable, not only tasks', () => {
    const session = new Session();
    const thenable: PromiseLike<void> = { then: () => thenable as never };

    session.waitUntil(thenable);

    expect(session.registered()).toEqual([thenable]);
  });
});

describe('spawn options', () => {
  it('spawnForeground and spawnBackground keep the other options (label, priority)', async () => {
    const host = new TestHost();

    const fg = spawnForeground(host, async () => 1, { label: 'fg', priority: 'user-blocking', lane: 'background' });
    const bg = spawnBackground(host, async () => 2, { label: 'bg', priority: 'background', lane: 'foreground' });

    expect([fg.label, fg.priority, fg.lane]).toEqual(['fg', 'user-blocking', 'foreground']);
    expect([bg.label, bg.priority, bg.lane]).toEqual(['bg', 'background', 'background']);
    await host.runAll();
  });

  it('a bad lane is an InvalidArgumentError naming the accepted lanes', () => {
    const host = new TestHost();

    expect(() => spawn(host, async () => {}, { lane: 'side' as never })).toThrow(InvalidArgumentError);
    expect(() => spawn(host, async () => {}, { lane: 'side' as never })).toThrow(
      `Invalid lane: "side"; expected 'foreground' or 'background'.`,
    );
  });
});
