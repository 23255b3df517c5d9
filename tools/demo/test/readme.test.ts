import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { findTheRace, production } from '../src/quick-start.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const source = readFileSync(new URL('../src/quick-start.ts', import.meta.url), 'utf8');

describe('README 30-second example', () => {
  it('is exactly the tested source file', () => {
    const block = /<!-- example -->[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(source);
  });

  it('runs in production on the Node host', async () => {
    expect(await production()).toBe(70);
  });

  it('finds the race on the simulator and prints the failing seed with its replay command', async () => {
    const printed: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((text: unknown) => void printed.push(String(text)));
    try {
      await expect(findTheRace()).rejects.toThrow(/lost update: alice has (70|50)/);
    } finally {
      spy.mockRestore();
    }
    expect(printed.join('\n')).toMatch(/Failing seed: \d+\nReplay: SEED=\d+ /);
  });
});
