import { InvalidArgumentError } from '@sched/core';
import { describe, expect, test } from 'vitest';
import { absoluteModuleUrl, workerFunction } from '../src/pool/worker-function.js';

describe('workerFunction', () => {
  test('needs an absolute URL and a non-empty export name', () => {
    expect(workerFunction(new URL('https://app.example/jobs.js'), 'fib')).toEqual({
      module: 'https://app.example/jobs.js',
      exportName: 'fib',
    });
    expect(absoluteModuleUrl('data:text/javascript,export%20const%20a%3D1')).toMatch(/^data:/);
    expect(() => workerFunction('./jobs.js')).toThrow(InvalidArgumentError);
    expect(() => workerFunction('/abs/jobs.js')).toThrow(InvalidArgumentError);
    expect(() => workerFunction('https://app.example/jobs.js', '')).toThrow(InvalidArgumentError);
  });
});
