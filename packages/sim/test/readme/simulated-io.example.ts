import { type Simulator, simulateIo, simulateIoCallback } from '@sched/sim';
import { simTest } from '@sched/sim/vitest';
import { expect } from 'vitest';

// Real code, unaware of the simulator: plain promises against an injected client.
interface Inventory {
  stock(item: string): Promise<number>;
  setStock(item: string, count: number): Promise<void>;
}

async function buy(inventory: Inventory, item: string): Promise<boolean> {
  const count = await inventory.stock(item);
  if (count === 0) return false;
  await inventory.setStock(item, count - 1);
  return true;
}

// In tests: an in-memory stub whose calls complete 1–20 ms later, as each seed decides.
function simulatedInventory(sim: Simulator, stock: Map<string, number>): Inventory {
  return {
    stock: simulateIo(sim, async (item: string) => stock.get(item) ?? 0, { latency: [1, 20] }),
    setStock: simulateIo(sim, async (item: string, n: number) => void stock.set(item, n), { latency: [1, 20] }),
  };
}

simTest('the last book is sold once', { seeds: 100 }, async (sim) => {
  const inventory = simulatedInventory(sim, new Map([['book', 1]]));
  const first = sim.spawn(() => buy(inventory, 'book'));
  const second = sim.spawn(async (ctx) => {
    await ctx.sleep(sim.delay(0, 30)); // the second request arrives 0–30 ms later
    return buy(inventory, 'book');
  });
  await sim.runUntilIdle();
  expect([await first, await second].filter(Boolean)).toHaveLength(1); // fails on some seeds
});

// Callback-style code works the same way: each callback runs as its own step.
simTest('callbacks arrive in every order', { seeds: 100 }, async (sim) => {
  const readFile = simulateIoCallback(
    sim,
    (path: string, callback: (error: Error | null, data?: string) => void) => callback(null, `<${path}>`),
    { latency: [1, 5], label: 'fs.readFile' },
  );
  const arrived: string[] = [];
  for (const path of ['a', 'b']) readFile(path, (_error, data) => arrived.push(data ?? ''));
  await sim.runUntilIdle();
  expect(arrived.sort()).toEqual(['<a>', '<b>']);
});
