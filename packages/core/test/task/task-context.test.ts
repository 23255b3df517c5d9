import { describe, expect, it } from 'vitest';
import { spawn } from '../../src/index.js';
import { TestHost } from '../support/test-host.js';

describe('TaskContext', () => {
  it('works destructured: `async ({ sleep, yieldNow, signal, task }) => …`', async () => {
    for (const probe of [false, true]) {
      const host = new TestHost({ probe });
      const task = spawn(
        host,
        async ({ sleep, yieldNow, signal, task: info }) => {
          await yieldNow();
          await sleep(5);
          return { aborted: signal.aborted, label: info.label };
        },
        { label: 'destructured' },
      );
      await host.runAll();
      await host.advance(5);
      await host.runAll();

      await expect(task).resolves.toEqual({ aborted: false, label: 'destructured' });
    }
  });
});
