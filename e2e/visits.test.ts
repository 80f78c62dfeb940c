/**
 * "Seen" means seen on an earlier visit: the same listing URL on two days, in the real extension. Day one
 * runs Chromium with its clock a day back (libfaketime), day two with the real clock, one profile.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { arxivNewListingHtml } from '../test/pages/arxiv-listing';
import { axNodes, focusAx, HAS_FAKETIME, launchWithExtension, openExtensionPage, rpc, servePage } from './harness';

mkdirSync('artifacts', { recursive: true });
const URL_ = 'https://arxiv.org/list/cs.LG/new';
const paper = (i: number, title: string) => ({ id: `2512.${String(20000 + i)}`, title, abstract: `We study ${title.toLowerCase()} with large language models and report results.` });
const A = paper(1, 'Sparse Mixture Routing for Long Context Models');
const B = paper(2, 'Calibrated Uncertainty for Retrieval Augmented Generation');
const C = paper(3, 'Only On The First Day: Graph Rewiring');
const D = paper(4, 'New On Day Two: Speculative Decoding Trees');
const E = paper(5, 'New On Day Two: Tokenizer Free Vision Language Models');
const listing = (items: Array<ReturnType<typeof paper>>) => arxivNewListingHtml([{ heading: `New submissions (showing ${items.length} of ${items.length} entries)`, items }]);

const rows = (p: Page) => p.evaluate(() => document.querySelectorAll('paper-lens-row').length);
const summary = async (p: Page) => (await axNodes(p)).find((n) => /^\d+ papers? · \d+ seen · \d+ new · \d+ saved/.test(n.name))?.name ?? '';
const hidden = (p: Page) => p.evaluate(() => [...document.querySelectorAll('dl#articles > dt')].filter((dt) => (dt as HTMLElement).style.display === 'none').map((dt) => (dt.nextElementSibling as HTMLElement).querySelector('.list-title')!.textContent!.replace(/^\s*Title:\s*/, '').trim()));

describe('seen on an earlier visit', () => {
  it.skipIf(!HAS_FAKETIME)("the same URL on two days: yesterday's papers are seen, today's new; a reload sees nothing new; hide seen hides exactly yesterday's", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paper-lens-days-'));
    // Day one, the clock a day back.
    const day1 = await launchWithExtension(dir, { clockOffset: '-1d' });
    await servePage(day1.context, URL_, listing([A, B, C]));
    const p1 = await day1.context.newPage();
    await p1.goto(URL_);
    await expect.poll(() => rows(p1)).toBe(3);
    await expect.poll(() => summary(p1)).toBe('3 papers · 0 seen · 3 new · 0 saved');
    const ext1 = await openExtensionPage(day1, 'options.html');
    await expect.poll(async () => (await rpc<{ sightings: number }>(ext1, { type: 'stats' })).data?.sightings).toBe(3);
    await day1.close({ keepProfile: true });

    // Day two, the real clock, the same profile and URL: two of yesterday's papers are back.
    const day2 = await launchWithExtension(dir);
    try {
      await servePage(day2.context, URL_, listing([A, D, B, E]));
      const p2 = await day2.context.newPage();
      await p2.goto(URL_);
      await expect.poll(() => rows(p2)).toBe(4);
      await expect.poll(() => summary(p2)).toBe('4 papers · 2 seen · 2 new · 0 saved');
      const seenBadges = (await axNodes(p2)).filter((n) => n.role === 'button' && n.name.startsWith('Already known:')).map((n) => n.name);
      expect(seenBadges).toEqual(['Already known: seen 1 day ago on arXiv cs.LG (new)', 'Already known: seen 1 day ago on arXiv cs.LG (new)']);
      await p2.screenshot({ path: 'artifacts/arxiv-day-two.png' });
      // A reload in the same visit: today's papers do not turn "seen".
      await p2.reload();
      await expect.poll(() => rows(p2)).toBe(4);
      await expect.poll(() => summary(p2)).toBe('4 papers · 2 seen · 2 new · 0 saved');
      // Hide seen: exactly yesterday's entries go, and the choice is remembered for arXiv.
      await focusAx(p2, (n) => n.role === 'combobox' && n.name === 'Which papers to show');
      await p2.keyboard.press('ArrowDown'); // dim seen
      await p2.keyboard.press('ArrowDown'); // hide seen
      await expect.poll(() => hidden(p2)).toEqual([A.title, B.title]);
      await p2.screenshot({ path: 'artifacts/arxiv-hide-seen.png' });
      await p2.reload();
      await expect.poll(() => hidden(p2)).toEqual([A.title, B.title]);
      await focusAx(p2, (n) => n.role === 'combobox' && n.name === 'Which papers to show');
      await p2.keyboard.press('ArrowUp');
      await p2.keyboard.press('ArrowUp');
      await expect.poll(async () => (await hidden(p2)).length).toBe(0);
    } finally {
      await day2.close();
    }
  });
});
