// The ratios-against-targets chart: claims written by the harness parse back to the same
// figures, targets are scored in the right direction, and the SVG shows every target.

import { describe, expect, it } from 'vitest';
import { describeRow, parseClaims, renderChart, scoreTargets } from '../lib/chart.mjs';
import { claimSentence } from '../lib/format.mjs';

type ClaimInput = Parameters<typeof claimSentence>[0];

function claim(partial: Partial<ClaimInput>): ClaimInput {
  return {
    subject: '@sched',
    other: 'peer',
    otherRole: 'peer',
    unit: 'ns',
    better: 'lower',
    speedup: 2,
    lo: 1.5,
    hi: 2.5,
    withinNoise: false,
    ...partial,
  } as ClaimInput;
}

function section(group: string, lines: string[]): string {
  return [
    `<!-- bench:${group}:start -->`,
    `### ${group}`,
    '',
    ...lines.map((l) => `- ${l}`),
    `<!-- bench:${group}:end -->`,
  ].join('\n');
}

describe('parseClaims', () => {
  it('reads back what claimSentence writes: faster, slower, floor multiples, metric rows', () => {
    const doc = [
      '- @sched is 9.00× faster than outside (not in a section)',
      section('g1', [
        claimSentence(claim({ subject: 'A · sim', other: 'A · fast-check', speedup: 7.5 })),
        claimSentence(claim({ subject: 'A · sim', other: 'fastq (promise API)', speedup: 0.5, lo: 0.4, hi: 0.6 })),
        claimSentence(claim({ subject: 'A · sim', other: 'A · await null', otherRole: 'floor', speedup: 0.25 })),
      ]),
      section('g2', [
        claimSentence(claim({ subject: 'pool', other: 'piscina', unit: 'µs p50', better: 'lower', speedup: 1.25 })),
        claimSentence(
          claim({
            subject: 'spawn',
            other: 'native',
            otherRole: 'floor',
            unit: 'B/task',
            better: 'lower',
            speedup: 0.5,
          }),
        ),
      ]),
    ].join('\n\n');

    const claims = parseClaims(doc);

    expect(claims.map((c) => [c.group, c.subject, c.other, c.kind, Number(c.value.toFixed(3))])).toEqual([
      ['g1', 'A · sim', 'A · fast-check', 'speedup', 7.5],
      ['g1', 'A · sim', 'fastq (promise API)', 'speedup', 0.5],
      ['g1', 'A · sim', 'A · await null', 'floor', 4],
      ['g2', 'pool', 'piscina', 'speedup', 1.25],
      ['g2', 'spawn', 'native', 'floor', 2],
    ]);
  });
});

describe('scoreTargets and the chart', () => {
  const claims = parseClaims(
    section('g', [
      claimSentence(claim({ subject: 'sim', other: 'fast-check fc.scheduler()', speedup: 10 })),
      claimSentence(claim({ subject: 'sim', other: 'await null (floor)', otherRole: 'floor', speedup: 0.25 })),
    ]),
  );
  const rows = scoreTargets(
    [
      { label: 'vs fast-check', group: 'g', subject: 'sim', other: 'fast-check', kind: 'speedup', target: 20 },
      { label: 'vs floor', group: 'g', subject: 'sim', other: 'await null', kind: 'floor', target: 5 },
      { label: 'not measured', group: 'other', subject: 'sim', other: 'x', kind: 'speedup', target: 1 },
    ],
    claims,
  );

  it('scores a speedup as figure ÷ target and a floor multiple as target ÷ figure', () => {
    expect(rows.map((r) => [r.score, r.met])).toEqual([
      [0.5, false],
      [1.25, true],
      [undefined, false],
    ]);
    expect(rows.map(describeRow)).toEqual([
      '10.0× faster · target ≥ 20× faster',
      '4.00× the floor · target ≤ 5× the floor',
      'no figure in docs/benchmarks.md · target ≥ 1× faster',
    ]);
  });

  it('draws one labelled row per target, coloured by whether it is met', () => {
    const svg = renderChart(rows, { title: 'T', subtitle: 'S' });

    expect(svg.startsWith('<svg')).toBe(true);
    for (const label of ['vs fast-check', 'vs floor', 'not measured']) expect(svg).toContain(`>${label}</text>`);
    expect(svg.match(/fill="#c0392b"/g)).toHaveLength(2); // the missed target: bar and text
    expect(svg.match(/fill="#2e8b57"/g)).toHaveLength(2);
    expect(svg).toContain('no figure in docs/benchmarks.md');
  });
});
