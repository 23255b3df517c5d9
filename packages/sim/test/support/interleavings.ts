import { type DecisionSource, Simulator } from '@sched/sim';

/**
 * `k` tasks spawned with plain `sim.spawn(fn)` (no lane option), each doing `m` yields. Every
 * segment (start, then after each yield) appends its task's index to the returned string, so the
 * string is the interleaving, e.g. `0110` for k = 2, m = 1.
 */
export async function yieldingTasks(sim: Simulator, k: number, m: number): Promise<string> {
  let log = '';
  const tasks = Array.from({ length: k }, (_, i) =>
    sim.spawn(async (ctx) => {
      log += i;
      for (let j = 0; j < m; j++) {
        await ctx.yieldNow();
        log += i;
      }
    }),
  );
  await sim.runUntilIdle();
  for (const task of tasks) await task;
  return log;
}

/** The interleaving of {@link yieldingTasks} on a simulator whose decisions come from `source`. */
export async function interleavingOf(source: DecisionSource, k: number, m: number): Promise<string> {
  return yieldingTasks(new Simulator({ source, trace: false }), k, m);
}

/**
 * The exact probability of every interleaving of {@link yieldingTasks} when each decision is a
 * uniform choice among the ready candidates. A task's next segment becomes ready only once its
 * previous segment ran, so the candidates at a step are exactly the unfinished tasks. Outcomes are
 * mapped through `project` (identity by default) and their probabilities summed.
 */
export function exactDistribution(
  k: number,
  m: number,
  project: (interleaving: string) => string = (s) => s,
): Map<string, number> {
  const result = new Map<string, number>();
  const done = new Array<number>(k).fill(0);
  const visit = (prefix: string, probability: number): void => {
    const ready: number[] = [];
    for (let i = 0; i < k; i++) if ((done[i] as number) <= m) ready.push(i);
    if (ready.length === 0) {
      const key = project(prefix);
      result.set(key, (result.get(key) ?? 0) + probability);
      return;
    }
    for (const i of ready) {
      done[i] = (done[i] as number) + 1;
      visit(prefix + i, probability / ready.length);
      done[i] = (done[i] as number) - 1;
    }
  };
  visit('', 1);
  return result;
}

/** Number of interleavings of `k` tasks of `m + 1` segments each: (k(m+1))! / ((m+1)!)^k. */
export function interleavingCount(k: number, m: number): number {
  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
  return factorial(k * (m + 1)) / factorial(m + 1) ** k;
}

/** Standard normal quantile for the significance level used by {@link chiSquareTest}: P(Z > z) = 1e-6. */
const Z_ONE_IN_A_MILLION = 4.7534;

/** The outcome of {@link chiSquareTest}. */
export interface ChiSquare {
  readonly statistic: number;
  readonly degreesOfFreedom: number;
  readonly critical: number;
  /** Outcomes with a positive expected probability that were never observed. */
  readonly missing: string[];
  /** Observed outcomes that have probability 0 under the expected distribution. */
  readonly unexpected: string[];
  /** True when every expected outcome was seen, none other was, and the statistic is below the critical value. */
  readonly pass: boolean;
}

/**
 * Pearson's chi-square goodness-of-fit test of `observed` counts (over `total` trials) against
 * the `expected` probabilities, at significance level 1e-6: a generator that really is uniform
 * fails it about once in a million independent tries, so a property that runs it a few dozen
 * times with fast-check-chosen seed ranges is not flaky. Cells with an expected count below 5
 * are pooled, so the chi-square approximation holds. The critical value uses the Wilson–Hilferty
 * approximation, which is slightly conservative (too high) for one degree of freedom.
 */
export function chiSquareTest(observed: Map<string, number>, expected: Map<string, number>, total: number): ChiSquare {
  const missing = [...expected].filter(([key, p]) => p > 0 && !observed.has(key)).map(([key]) => key);
  const unexpected = [...observed.keys()].filter((key) => !((expected.get(key) ?? 0) > 0));
  let statistic = 0;
  let cells = 0;
  let pooledObserved = 0;
  let pooledExpected = 0;
  for (const [key, p] of expected) {
    const e = p * total;
    const o = observed.get(key) ?? 0;
    if (e < 5) {
      pooledObserved += o;
      pooledExpected += e;
      continue;
    }
    statistic += (o - e) ** 2 / e;
    cells++;
  }
  if (pooledExpected > 0) {
    statistic += (pooledObserved - pooledExpected) ** 2 / pooledExpected;
    cells++;
  }
  const degreesOfFreedom = Math.max(1, cells - 1);
  const critical = chiSquareCritical(degreesOfFreedom, Z_ONE_IN_A_MILLION);
  return {
    statistic,
    degreesOfFreedom,
    critical,
    missing,
    unexpected,
    pass: missing.length === 0 && unexpected.length === 0 && statistic < critical,
  };
}

/** Wilson–Hilferty: the chi-square quantile with `df` degrees of freedom at normal quantile `z`. */
export function chiSquareCritical(df: number, z: number): number {
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

/** Counts how often each value occurs. */
export function tally<T>(values: Iterable<T>): Map<T, number> {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/**
 * The generator `SeededSource` replaced, rebuilt here so the tests can show they reject it:
 * pure-rand's xoroshiro128+ seeded without mixing (state `-1, ~seed, seed, 0`), with its
 * rejection-sampled uniform integer. Its first draw is a linear function of the seed, so
 * consecutive seeds walk through the candidates in lockstep.
 */
export function unmixedXoroshiro(seed: number): DecisionSource {
  let s01 = -1;
  let s00 = ~seed;
  let s11 = seed | 0;
  let s10 = 0;
  const next = (): number => {
    const out = (s00 + s10) | 0;
    const a0 = s10 ^ s00;
    const a1 = s11 ^ s01;
    const old00 = s00;
    const old01 = s01;
    s00 = (old00 << 24) ^ (old01 >>> 8) ^ a0 ^ (a0 << 16);
    s01 = (old01 << 24) ^ (old00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
    s10 = (a1 << 5) ^ (a0 >>> 27);
    s11 = (a0 << 5) ^ (a1 >>> 27);
    return out;
  };
  return {
    description: `unmixed xoroshiro128+ ${seed}`,
    choose(n: number): number {
      const maxAllowed = n > 2 ? Math.floor(0x1_0000_0000 / n) * n : 0x1_0000_0000;
      let value = next() + 0x8000_0000;
      while (value >= maxAllowed) value = next() + 0x8000_0000;
      return value % n;
    },
  };
}

/** The deliberately bad source from the issue: every choice is `seed % n`. */
export function seedModulo(seed: number): DecisionSource {
  return { description: `seed % n ${seed}`, choose: (n) => seed % n };
}
