// SessionCleanupError's message, checked whole (docs/mutation.md, core: the survivors in
// errors/session-cleanup-error.ts were its text): the title with and without a session name,
// each part only when it has tasks, the spawn-location hint once and only when it helps.
import { afterEach, describe, expect, it } from 'vitest';
import { SPAWN_LOCATION_HINT } from '../src/host.js';
import { SchedError, SessionCleanupError, setSpawnLocationCapture, type TaskInfo } from '../src/index.js';

function info(id: number, label: string | undefined, spawnLocation: string | undefined): TaskInfo {
  return { id, label, priority: 'normal', lane: 'foreground', sessionId: 3, spawnLocation };
}

const located = info(1, 'reader', '/app/main.ts:10:5');
const unlabelled = info(2, undefined, '/app/main.ts:11:5');
const unlocated = info(4, 'writer', undefined);

afterEach(() => {
  setSpawnLocationCapture('auto');
});

describe('SessionCleanupError', () => {
  it('names an unnamed session by id and lists dangling tasks, with no hint when all are located', () => {
    const error = new SessionCleanupError(3, undefined, [located, unlabelled]);

    expect(error).toBeInstanceOf(SchedError);
    expect(error.name).toBe('SessionCleanupError');
    expect(error.code).toBe('ERR_SESSION_CLEANUP');
    expect(error.message).toBe(
      'session #3 ended with 2 dangling task(s) (not finished, awaited, detached, cancelled or registered with waitUntil):\n' +
        '  - task #1 "reader" spawned at /app/main.ts:10:5\n' +
        '  - task #2 spawned at /app/main.ts:11:5',
    );
    expect(error.sessionId).toBe(3);
    expect(error.danglingTasks).toEqual([located, unlabelled]);
    expect(error.failedTasks).toEqual([]);
  });

  it('names a named session, lists only failures when nothing dangles, with each error', () => {
    const failed = [
      { task: located, error: new TypeError('bad input') },
      { task: unlabelled, error: 'a string' },
    ];
    const error = new SessionCleanupError(7, 'import', [], failed);

    expect(error.message).toBe(
      'session #7 "import" has 2 task(s) that failed with nobody observing the error:\n' +
        '  - task #1 "reader" spawned at /app/main.ts:10:5: TypeError: bad input\n' +
        '  - task #2 spawned at /app/main.ts:11:5: a string',
    );
    expect(error.danglingTasks).toEqual([]);
    expect(error.failedTasks).toBe(failed);
  });

  it('gives both parts, dangling first, and the capture hint once after them when a task lacks a location', () => {
    setSpawnLocationCapture(false);
    const error = new SessionCleanupError(5, 's', [unlocated], [{ task: unlocated, error: new Error('boom') }]);

    expect(error.message).toBe(
      'session #5 "s" ended with 1 dangling task(s) (not finished, awaited, detached, cancelled or registered with waitUntil):\n' +
        '  - task #4 "writer" spawned at unknown location\n' +
        'session #5 "s" has 1 task(s) that failed with nobody observing the error:\n' +
        '  - task #4 "writer" spawned at unknown location: Error: boom\n' +
        `(${SPAWN_LOCATION_HINT})`,
    );
  });

  it('gives the hint for a failed task alone lacking a location, and none once capture is on', () => {
    setSpawnLocationCapture('auto');
    const withHint = new SessionCleanupError(6, undefined, [located], [{ task: unlocated, error: 1 }]);
    setSpawnLocationCapture(true);
    const withoutHint = new SessionCleanupError(6, undefined, [located], [{ task: unlocated, error: 1 }]);

    expect(withHint.message.endsWith(`: 1\n(${SPAWN_LOCATION_HINT})`)).toBe(true);
    expect(withoutHint.message.endsWith('  - task #4 "writer" spawned at unknown location: 1')).toBe(true);
  });

  it('with no tasks at all, the message is empty', () => {
    expect(new SessionCleanupError(9, undefined, []).message).toBe('');
  });
});
