/**
 * "For you" in Chromium: a fresh profile gets a hint and no marks; with a few saved papers, the entry of
 * a listing that looks like them gets a "for you" chip naming the nearest saved paper, the summary
 * counts it, and "for you (dim the rest)" dims the others. A save on the page updates the marks.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arxivNewListingHtml } from '../test/pages/arxiv-listing';
import { axNodes, focusAx, launchWithExtension, openExtensionPage, rpc, servePage, type Launched } from './harness';

mkdirSync('artifacts', { recursive: true });

const LIB = [
  { title: 'Low-Rank Adapters for Parameter-Efficient Fine-Tuning of Language Models', abstract: 'We fine-tune large language models with low-rank adapters inserted into the attention layers, training under one percent of the parameters while matching full fine-tuning on instruction following.', arxivId: '2501.00011' },
  { title: 'Quantized Low-Rank Adaptation of Language Models at Four Bits', abstract: 'Low-rank adapters on a four-bit quantized base language model give parameter-efficient fine-tuning of a 65B model on one GPU without losing accuracy.', arxivId: '2501.00012' },
  { title: 'Prompt Tuning of Frozen Language Models Scales With Size', abstract: 'Soft prompts learned by backpropagation condition frozen language models; this parameter-efficient tuning closes the gap to full fine-tuning as the models grow.', arxivId: '2501.00013' },
];
const ITEMS = [
  { id: '2503.02001', title: 'Galaxy Rotation Curves Without Dark Matter', abstract: 'We fit the rotation curves of spiral galaxies with a modified gravity model and compare them with dark matter halo fits.' },
  { id: '2503.02002', title: 'Sparse Low-Rank Adapters for Efficient Fine-Tuning of Language Models', abstract: 'We fine-tune language models with sparse low-rank adapters, training few parameters of the base model while matching full fine-tuning.' },
  ...Array.from({ length: 8 }, (_, i) => ({ id: `2503.0201${i}`, title: `Regional Weather Forecasting From Station Data, Part ${i + 1}`, abstract: 'Station observations of temperature and pressure are interpolated to forecast the regional weather for the next days with kriging.' })),
];
const URL_ = 'https://arxiv.org/list/cs.CL/new';
const summary = async (p: Page) => (await axNodes(p)).find((n) => /^\d+ papers? · /.test(n.name))?.name ?? '';
const forYouChips = async (p: Page) => (await axNodes(p)).filter((n) => n.name.startsWith('For you: ')).map((n) => n.name);
const dimmed = (p: Page) => p.evaluate(() => [...document.querySelectorAll('dt')].filter((dt) => (dt as HTMLElement).style.opacity === '0.45').length);

describe('"for you" on a listing', () => {
  let l: Launched;
  beforeAll(async () => {
    l = await launchWithExtension();
    await servePage(l.context, URL_, arxivNewListingHtml([{ heading: 'New submissions', items: ITEMS }]));
  });
  afterAll(async () => {
    await l?.close();
  });

  it('a hint with an empty library; marks and "dim the rest" once a few papers are saved', async () => {
    const first = await l.context.newPage();
    await first.goto(URL_);
    await expect.poll(() => first.evaluate(() => document.querySelectorAll('paper-lens-row').length), { timeout: 20_000 }).toBe(ITEMS.length);
    await expect.poll(async () => (await axNodes(first)).some((n) => /save papers to see which entries are “for you”/.test(n.name)), { timeout: 10_000 }).toBe(true);
    expect(await forYouChips(first)).toEqual([]);
    await first.close();

    const ext = await openExtensionPage(l, 'popup.html');
    for (const p of LIB) expect((await rpc(ext, { type: 'save', entry: { title: p.title, abstract: p.abstract, arxivId: p.arxivId, url: `https://arxiv.org/abs/${p.arxivId}` } })).ok).toBe(true);
    await ext.close();

    const page = await l.context.newPage();
    await page.goto(URL_);
    await expect.poll(() => forYouChips(page), { timeout: 20_000 }).toEqual([`For you: Looks like your saved “${LIB[0]!.title}”`]);
    await expect.poll(() => summary(page)).toMatch(/ · 1 for you/);
    await focusAx(page, (n) => n.role === 'combobox' && n.name === 'Which papers to show');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown'); // … saved only, for you (dim the rest)
    await expect.poll(() => dimmed(page)).toBe(ITEMS.length - 1);
    await page.screenshot({ path: 'artifacts/for-you.png' });
    // Back to all; the choice is remembered per site, so leave it as we found it.
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowUp');
    await expect.poll(() => dimmed(page)).toBe(0);
    await page.close();
  });
});
