import { type DecisionSource, TapeSource } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { RecordingSource } from '../../src/decisions/recording-source.js';

describe('RecordingSource', () => {
  it('passes choices through and records each with its number of candidates', () => {
    const recording = new RecordingSource(new TapeSource([4, 1, 6]));

    const choices = [recording.choose(3), recording.choose(2), recording.choose(5), recording.choose(4)];

    expect(choices).toEqual([1, 1, 1, 0]);
    expect(recording.choices).toEqual([1, 1, 1, 0]);
    expect(recording.counts).toEqual([3, 2, 5, 4]);
  });

  it("keeps the inner source's description", () => {
    const inner: DecisionSource = { description: 'custom tape', choose: () => 1 };

    expect(new RecordingSource(inner).description).toBe('custom tape');
  });

  it('records a schedule that replays the same choices through a TapeSource', () => {
    const recording = new RecordingSource({ description: 'alternating', choose: (n) => (n > 2 ? 2 : 1) });
    const ns = [3, 2, 4, 2, 5];
    const original = ns.map((n) => recording.choose(n));

    const replay = new TapeSource(recording.choices);

    expect(ns.map((n) => replay.choose(n))).toEqual(original);
  });
});
