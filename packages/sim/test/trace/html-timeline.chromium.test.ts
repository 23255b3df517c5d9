import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderHtmlTimeline, runOne } from '@sched/sim';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_PATH as CHROMIUM, CHROMIUM_ARGS } from '../../../../scripts/chromium.mjs';
import { lostUpdate } from '../fixtures/cli-scenarios.mjs';

/** Where the screenshot is kept for people to look at (git-ignored). */
const SCREENSHOT = fileURLToPath(new URL('../../../../tmp/html-timeline.png', import.meta.url));

describe('the HTML timeline in headless Chromium', () => {
  it('renders one row per task and highlights the deviating step; saves a screenshot', async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: run \`bash scripts/ensure-chromium.sh\` (Debian's chromium package)`);
    }
    const outcome = await runOne(lostUpdate, { schedule: [2] });
    const { trace } = outcome.simulator;
    const page = join(mkdtempSync(join(tmpdir(), 'sched-html-')), 'timeline.html');
    writeFileSync(
      page,
      renderHtmlTimeline(trace.events, {
        title: 'lostUpdate — schedule 2',
        subtitle: 'racy starts first, so the increments of a and b are lost',
        spawnSite: (t) => trace.spawnSite(t),
      }),
    );
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
    try {
      const tab = await browser.newPage({ viewport: { width: 1100, height: 420 } });
      await tab.goto(pathToFileURL(page).href);
      const rows = await tab.$$eval('tr.row', (trs) =>
        trs.map((tr) => ({
          task: tr.getAttribute('data-task'),
          name: `${tr.querySelector('.task-head b')?.textContent} ${tr.querySelector('.task-head .label')?.textContent}`,
          site: tr.querySelector('.task-head .site')?.textContent ?? '',
          steps: tr.querySelectorAll('.step').length,
        })),
      );
      expect(rows.map((r) => r.task)).toEqual(['1', '2', '3']);
      expect(rows.map((r) => r.name)).toEqual(['task 1 racy', 'task 2 b', 'task 3 a']);
      for (const row of rows) expect(row.site).toMatch(/cli-scenarios\.mjs:\d+:\d+$/);
      expect(rows.map((r) => r.steps)).toEqual([2, 1, 1]);
      const deviations = await tab.$$eval('.lane .step.deviation', (els) =>
        els.map((el) => ({
          step: el.getAttribute('data-step'),
          task: el.getAttribute('data-task'),
          background: getComputedStyle(el).backgroundColor,
          border: getComputedStyle(el).borderTopColor,
          text: el.textContent,
        })),
      );
      expect(deviations).toEqual([
        {
          step: '1',
          task: '1',
          background: 'rgb(255, 233, 199)',
          border: 'rgb(217, 72, 15)',
          text: expect.stringContaining('racy read 0'),
        },
      ]);
      const plain = await tab.$eval('.lane .step:not(.deviation)', (el) => getComputedStyle(el).backgroundColor);
      expect(plain).toBe('rgb(238, 244, 251)');
      // Steps run left to right: each later step is further right.
      const lefts = await tab.$$eval('.lane .step', (els) =>
        els.map((el) => [Number(el.getAttribute('data-step')), el.getBoundingClientRect().left] as const),
      );
      const byStep = [...lefts].sort((a, b) => a[0] - b[0]).map(([, left]) => left);
      expect(byStep).toEqual([...byStep].sort((a, b) => a - b));
      mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
      await tab.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(statSync(SCREENSHOT).size).toBeGreaterThan(5000);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
