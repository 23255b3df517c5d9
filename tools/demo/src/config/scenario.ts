import { type Simulator, simulateIoCallback } from '@sched/sim';
import { type Config, loadConfig, loadConfigOrdered, type ReadFile } from './config-loader.js';

const FILES = new Map([
  ['/etc/app/defaults.json', '{"port": 80, "log": "info"}'],
  ['/etc/app/site.json', '{"port": 8080}'],
  ['/home/app/local.json', '{"log": "debug"}'],
]);

/** Thrown when a layer that comes later in the list did not override an earlier one. */
export class WrongLayerError extends Error {
  constructor(config: Config) {
    super(`merged config is ${JSON.stringify(config)}: a later layer was overridden by an earlier one`);
    this.name = 'WrongLayerError';
  }
}

/**
 * Loads three layers through a simulated `fs.readFile` (1–6 ms per read) and checks that later
 * layers win. Default simulator options, no tasks at all: every callback is its own step.
 */
export async function configScenario(sim: Simulator, fixed = false): Promise<Config> {
  const readFile: ReadFile = simulateIoCallback(
    sim,
    (path: string, callback: (error: Error | null, data?: string) => void) => {
      const data = FILES.get(path);
      if (data === undefined) callback(new Error(`ENOENT: no such file or directory, open '${path}'`));
      else callback(null, data);
    },
    { latency: [1, 6], label: 'fs.readFile' },
  );
  const load = fixed ? loadConfigOrdered : loadConfig;
  let result: { error: Error | null; config?: Config } | undefined;
  load({ readFile }, [...FILES.keys()], (error, config) => {
    result = config === undefined ? { error } : { error, config };
  });
  await sim.runUntilIdle();
  if (result === undefined) throw new Error('loadConfig never called back');
  if (result.error !== null) throw result.error;
  const config = result.config ?? {};
  if (config.port !== 8080 || config.log !== 'debug') throw new WrongLayerError(config);
  return config;
}
