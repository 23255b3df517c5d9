// Exact pieces of the HTML timeline (rows, ruler, step boxes, legend), written against the mutants
// that survived the first mutation run of src/trace (docs/mutation.md). The CSS is checked by
// html-timeline.chromium.test.ts in a real browser, not here.
import { renderHtmlTimeline } from '@sched/sim';
import { describe, expect, it } from 'vitest';
import { traceEvent } from '../support/trace-event.js';

const event = traceEvent;

const events = [
  event({ step: 1, time: 0, task: 1, label: 'a', choice: { index: 1, of: 2 } }),
  event({ step: 2, time: 0, task: 2, kind: 'resume', notes: ['x', 'y'], choice: { index: 0, of: 2 } }),
  event({ step: 3, time: 4, task: 0, label: 'timer', kind: 'timer' }),
  event({ step: 4, time: 4, task: 1, kind: 'call', lane: 'foreground', jitter: 3 }),
  event({ step: 5, time: 9, task: 2, kind: 'resume', delays: [{ ms: 2, min: 1, max: 4 }] }),
];

describe('renderHtmlTimeline: exact pieces', () => {
  // Rendered inside each test, not when the file is collected: Stryker activates a mutant only
  // for the tests it runs, so a page rendered at collection time would never contain a mutant.
  const render = (): string =>
    renderHtmlTimeline(events, { subtitle: 'seed <7>', spawnSite: (t) => (t === 1 ? 'a.ts:3:1' : undefined) });

  it('defaults the title, and escapes the subtitle', () => {
    const html = render();
    expect(
      html.startsWith('<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>sched trace</title>\n'),
    ).toBe(true);
    expect(html).toContain('<h1>sched trace</h1><p class="sub">seed &#60;7&#62;</p>\n');
    expect(renderHtmlTimeline(events, { title: 'T' })).toContain('<h1>T</h1>\n<div class="legend">');
    expect(html.endsWith('</tbody></table>\n</body></html>\n')).toBe(true);
  });

  it('puts one tick on the ruler per new virtual time, at its step’s position', () => {
    const html = render();
    expect(html).toContain(
      '<div class="ruler" style="width:600px"><span class="tick" style="left:0px">0ms</span><span class="tick" style="left:240px">4ms</span><span class="tick" style="left:480px">9ms</span></div>',
    );
  });

  it('heads each row with its name, label and site (or what stands for a missing one)', () => {
    const html = render();
    const heads = [...html.matchAll(/<tr class="row" data-task="\d+">(<th[\s\S]*?<\/th>)/g)].map((m) => m[1]);
    expect(heads).toEqual([
      '<th class="task-head"><b>task 1</b> <span class="label">a</span><div class="site">a.ts:3:1</div></th>',
      '<th class="task-head"><b>task 2</b><div class="site">spawn site not captured</div></th>',
      '<th class="task-head"><b>host</b> <span class="label">timer</span><div class="site">timers and host work</div></th>',
    ]);
  });

  it('draws each step box with its position, highlight, tooltip and extras', () => {
    const html = render();
    const boxes = [...html.matchAll(/<div class="step[\s\S]*?<\/div>/g)].map((m) => m[0]);
    expect(boxes).toEqual([
      '<div class="step deviation" data-step="1" data-task="1" style="left:0px" title="step 1 at 0ms\nstart (background)\nchoice 1 of 2\na.ts:3:1"><span class="n">#1 ▶</span> start<br><span class="n">choice 1 of 2</span></div>',
      '<div class="step deviation" data-step="4" data-task="1" style="left:360px" title="step 4 at 4ms\ncall (foreground)\n+3ms jitter\na.ts:3:1"><span class="n">#4 ·</span> call<br><span class="n">+3ms jitter</span></div>',
      '<div class="step" data-step="2" data-task="2" style="left:120px" title="step 2 at 0ms\nresume (background)\nchoice 0 of 2"><span class="n">#2 ↻</span> x; y<br><span class="n">choice 0 of 2</span></div>',
      '<div class="step deviation" data-step="5" data-task="2" style="left:480px" title="step 5 at 9ms\nresume (background)\ndelay 2ms of 1..4"><span class="n">#5 ↻</span> resume<br><span class="n">delay 2ms of 1..4</span></div>',
      '<div class="step" data-step="3" data-task="0" style="left:240px" title="step 3 at 4ms\ntimer (background)"><span class="n">#3 ⏰</span> timer</div>',
    ]);
  });

  it('counts steps, rows and deviations in the legend (singular for one)', () => {
    const html = render();
    expect(html).toContain(
      ' 5 steps, 3 rows, <span id="deviation-count">3</span> deviations from the default order</div>',
    );
    expect(renderHtmlTimeline(events.slice(0, 1))).toContain(
      ' 1 steps, 1 rows, <span id="deviation-count">1</span> deviation from the default order</div>',
    );
  });

  it('fills a lane with its task’s boxes only, one row per line, extras joined by commas', () => {
    const html = render();
    const lanes = [...html.matchAll(/<div class="lane" style="width:600px">([\s\S]*?)<\/div><\/td><\/tr>/g)].map((m) =>
      (m[1] as string).replace(/<div class="step[\s\S]*?<\/div>/g, ''),
    );
    expect(lanes).toEqual(['', '', '']);
    expect(html.match(/<\/tr>\n<tr class="row"/g)).toHaveLength(2);
    expect(html).toContain('.step{position:absolute;top:5px;width:112px;height:52px;');
    const both = renderHtmlTimeline([event({ choice: { index: 1, of: 2 }, jitter: 3 })]);
    expect(both).toContain('<br><span class="n">choice 1 of 2, +3ms jitter</span></div>');
  });

  it('gives an empty trace one step’s width and no rows', () => {
    const empty = renderHtmlTimeline([]);
    expect(empty).toContain('<div class="ruler" style="width:120px"></div>');
    expect(empty).toContain('<tbody></tbody>');
    expect(empty).toContain(' 0 steps, 0 rows, <span id="deviation-count">0</span> deviations');
  });
});
