/**
 * Badges on real listing pages in Debian Chromium, pages served under their real URLs.
 * Badge rows live in closed shadow roots, so the test reads them the way assistive technology
 * does (the accessibility tree over CDP) and clicks them by their boxes.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSeedDir } from '../lib/corpus/node';
import { createTagger, TAXONOMY } from '../lib/topics/classifier';
import { TAG_INLINE } from '../lib/background/annotate';
import { LIMITS } from '../lib/messages';
import { hfListingHtml } from '../test/pages/hf-listing';
import { arxivNewListingHtml } from '../test/pages/arxiv-listing';
import { axNodes, clickAx, focusAx, FIXTURES, HAS_SHARED, launchWithExtension, openExtensionPage, rpc, servePage, type Launched } from './harness';

mkdirSync('artifacts', { recursive: true });
const corpus = compileSeedDir('seeds');
const multi = corpus.papers.filter((p) => p.listings.length > 1);
const seedA = multi[0]!;
const seedB = multi[1]!;
const ownPapers = [
  { id: '2503.00001', title: 'A Completely New Paper On Sparse Adapters' },
  { id: '2503.00002', title: seedA.title, summary: seedA.abstract },
  { id: '2503.00003', title: 'Another Fresh Result About Diffusion Samplers' },
  { id: '2503.00004', title: seedB.title },
  { id: '2503.00005', title: 'Quantized Transformers at Two Bits' },
];
const OWN_URL = 'https://huggingface.co/papers/date/2025-03-20';

const rowCount = (p: Page) => p.evaluate(() => document.querySelectorAll('paper-lens-row').length);
const summary = async (p: Page) => (await axNodes(p)).find((n) => /^\d+ papers? · \d+ seen · \d+ new · \d+ saved/.test(n.name))?.name ?? '';

/** New papers on the big listing: more than lib/background/annotate.ts TAG_INLINE. */
const MANY = TAG_INLINE + 20;
/** More entries awaiting topics than one request may carry (LIMITS.maxEntriesPerAnnotate): they go in several. */
const HUGE = LIMITS.maxEntriesPerAnnotate + 200;
const listingOf = (n: number, from: number) => Array.from({ length: n }, (_, i) => ({
  id: `2505.${String(from + i).padStart(5, '0')}`,
  title: i % 2 ? `Instruction tuning of large language models for reasoning, study ${i + 1}` : `Speech recognition with self-supervised audio transformers, part ${i + 1}`,
  abstract: i % 2 ? 'We fine-tune large language models with reinforcement learning from human feedback and evaluate them on reasoning benchmarks.' : 'We pretrain self-supervised speech encoders and fine-tune them for automatic speech recognition of low-resource languages.',
}));

describe('badges on listings', () => {
  let l: Launched;
  beforeAll(async () => {
    l = await launchWithExtension();
    await servePage(l.context, OWN_URL, hfListingHtml(ownPapers));
    await servePage(l.context, 'https://huggingface.co/papers/date/2025-03-21', hfListingHtml([{ id: '2503.00001', title: ownPapers[0]!.title }], { dark: true }));
    await servePage(l.context, 'https://arxiv.org/list/cs.LG/new', arxivNewListingHtml([{ heading: 'New submissions (showing 3 of 3 entries)', items: [
      { id: '2503.00001', title: ownPapers[0]!.title, abstract: 'We propose sparse adapters for efficient fine-tuning of large language models with few trainable parameters.' },
      { id: '2503.01002', title: seedB.title },
      { id: '2503.01003', title: 'Graph Learning for Weather Forecasting' },
    ] }]));
    if (HAS_SHARED) {
      await servePage(l.context, 'https://huggingface.co/papers?date=2024-08-01', { file: join(FIXTURES, 'huggingface/hf_papers_2024-08-01_ssr.html') });
      await servePage(l.context, 'https://arxiv.org/list/cs.CL/recent', { file: join(FIXTURES, 'arxiv/arxiv_list_cs.CL_recent_2026-07-28.html') });
      await servePage(l.context, /^https:\/\/arxiv\.org\/search\/.*/, { file: join(FIXTURES, 'arxiv/arxiv_search_abstract_200results_2025-12.html') });
      await servePage(l.context, 'https://dblp.org/search?q=calefato', { file: join(FIXTURES, 'dblp/dblp_search_calefato_2024-01.html') });
      await servePage(l.context, 'https://openaccess.thecvf.com/CVPR2019?day=all', { file: join(FIXTURES, 'cvf/cvf_openaccess_CVPR2019_2019-06.html') });
    }
    // A listing of more new papers than annotate classifies in its answer (the rest come in a second request).
    await servePage(l.context, 'https://arxiv.org/list/cs.CL/new', arxivNewListingHtml([{ heading: `New submissions (showing ${MANY} of ${MANY} entries)`, items: listingOf(MANY, 30000) }]));
    await servePage(l.context, 'https://arxiv.org/list/cs.AI/new', arxivNewListingHtml([{ heading: `New submissions (showing ${HUGE} of ${HUGE} entries)`, items: listingOf(HUGE, 10000) }]));
    // Pages of those sites that are no listings.
    await servePage(l.context, 'https://dblp.org/db/conf/nips/index.html', '<html><body><h1>NeurIPS</h1><ul class="publ-list"><li><a href="https://dblp.org/db/conf/nips/neurips2023.html">NeurIPS 2023</a></li></ul></body></html>');
    await servePage(l.context, 'https://openaccess.thecvf.com/menu', '<html><body><div id="content"><dl><dd><a href="/CVPR2024">CVPR 2024</a></dd></dl></div></body></html>');
  });
  afterAll(async () => {
    await l?.close();
  });

  it.skipIf(!HAS_SHARED)('every entry of the real HF and arXiv pages gets one badge row, right after its title', async () => {
    for (const [url, n, shot, first] of [
      ['https://huggingface.co/papers?date=2024-08-01', 13, 'hf-real.png', 'article'],
      ['https://arxiv.org/list/cs.CL/recent', 50, 'arxiv-recent.png', 'dl#articles > dt'],
      ['https://arxiv.org/search/?query=distributed+systems&searchtype=abstract&size=200', 200, 'arxiv-search.png', 'li.arxiv-result'],
    ] as const) {
      const page = await l.context.newPage();
      await page.goto(url);
      await expect.poll(() => rowCount(page), { timeout: 20_000 }).toBe(n);
      const placed = await page.evaluate(() =>
        [...document.querySelectorAll('paper-lens-row')].every((h) => {
          const prev = h.previousElementSibling;
          return !!prev && (prev.tagName === 'H3' || prev.classList.contains('list-title') || prev.classList.contains('title'));
        }),
      );
      expect(placed).toBe(true);
      await expect.poll(() => summary(page), { timeout: 20_000 }).toMatch(new RegExp(`^${n} papers`));
      // The saved pages load no external CSS here: show the entries themselves, not the page chrome.
      await page.locator(first).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: `artifacts/${shot}` });
      await page.close();
    }
  });

  it.skipIf(!HAS_SHARED)('dblp and CVF open access: every entry of the real pages gets one badge row; their other pages get none and no error', async () => {
    // dblp lists ten of these papers twice (the CoRR preprint and the published version): 30 entries,
    // 20 papers, each second copy marked "also #N on this page" and counted once by the summary.
    for (const [url, n, papers, shot, first, under] of [
      ['https://dblp.org/search?q=calefato', 30, '20 papers · .* · 10 listed again$', 'dblp-search.png', 'li.entry cite', 'CITE'],
      ['https://openaccess.thecvf.com/CVPR2019?day=all', 1294, '1,?294 papers', 'cvf-cvpr2019.png', 'dt.ptitle', 'DT'],
    ] as const) {
      const page = await l.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url);
      await expect.poll(() => rowCount(page), { timeout: 60_000 }).toBe(n);
      const placed = await page.evaluate((tag) => [...document.querySelectorAll('paper-lens-row')].every((h) => h.previousElementSibling?.tagName === tag), under);
      expect(placed).toBe(true);
      await expect.poll(() => summary(page), { timeout: 20_000 }).toMatch(new RegExp(`^${papers}`));
      await page.locator(first).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: `artifacts/${shot}` });
      expect(errors.filter((e) => !/mathjax|\$ is not defined|jQuery/i.test(e))).toEqual([]);
      await page.close();
    }
    for (const url of ['https://dblp.org/db/conf/nips/index.html', 'https://openaccess.thecvf.com/menu']) {
      const page = await l.context.newPage();
      await page.goto(url);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await rowCount(page), url).toBe(0);
      expect(await page.evaluate(() => document.getElementsByTagName('paper-lens-summary').length), url).toBe(0);
      await page.close();
    }
  });

  /**
   * Open a listing of new papers and wait until its rows carry every chip the topic model gives its
   * entries. Shadow rows come last in the accessibility tree: the chips of all rows are counted together.
   */
  async function expectEveryChip(url: string, listing: Array<{ id: string; title: string; abstract: string }>, timeout: number): Promise<void> {
    const page = await l.context.newPage();
    await page.goto(url);
    await expect.poll(() => rowCount(page), { timeout }).toBe(listing.length);
    const labels = new Set(TAXONOMY.map((t) => t.label));
    const chips = async () => (await axNodes(page)).filter((n) => n.role === 'button' && labels.has(n.name)).length;
    const tagger = createTagger();
    const perEntry = listing.map((e) => tagger.tag(e.title, e.abstract).length);
    expect(perEntry.slice(TAG_INLINE).every((k) => k > 0)).toBe(true);
    await expect.poll(chips, { timeout }).toBe(perEntry.reduce((a, b) => a + b, 0));
    await page.close();
    // The papers are stored with their abstracts (a large batch sends them in 'details', after the answer).
    const ext = await openExtensionPage(l, 'popup.html');
    const abstractOf = async (id: string) => ((await rpc<{ paper: { abstract: string | null } | null }>(ext, { type: 'getPaper', paperId: `arxiv:${id}` })).data?.paper?.abstract ?? null);
    for (const e of [listing[0]!, listing[listing.length - 1]!]) await expect.poll(() => abstractOf(e.id), { timeout }).toBe(e.abstract);
    await ext.close();
  }

  it('a listing with more new papers than the answer classifies: every row gets its topic chips', async () => {
    // The rows past TAG_INLINE get theirs from a second request.
    await expectEveryChip('https://arxiv.org/list/cs.CL/new', listingOf(MANY, 30000), 20_000);
  });

  it('a listing with more new papers than one request may carry: every row still gets its chips', async () => {
    await expectEveryChip('https://arxiv.org/list/cs.AI/new', listingOf(HUGE, 10000), 60_000);
  });

  it('rows are drawn into space reserved before the first layout: inserting them moves nothing on the page', async () => {
    const movedBy = async (keepReservation: boolean) => {
      const page = await l.context.newPage();
      await page.addInitScript((keep: boolean) => {
        // Where each card's last line is at DOMContentLoaded, before any row exists. The control
        // run takes the reservation rule out first: its rows then take part in the layout.
        document.addEventListener('DOMContentLoaded', () => {
          if (!keep) document.getElementById('paper-lens-reserve')?.remove();
          (window as unknown as { __before: number[] }).__before = [...document.querySelectorAll('article')].map((a) => Math.round(a.lastElementChild!.getBoundingClientRect().top));
        });
      }, keepReservation);
      await page.goto(OWN_URL);
      await expect.poll(() => rowCount(page)).toBe(5);
      const moved = await page.evaluate(() => {
        const before = (window as unknown as { __before: number[] }).__before;
        const now = [...document.querySelectorAll('article')].map((a) => Math.round(a.lastElementChild!.getBoundingClientRect().top));
        return now.filter((y, i) => y !== before[i]).length;
      });
      await page.close();
      return moved;
    };
    expect(await movedBy(true)).toBe(0);
    expect(await movedBy(false)).toBeGreaterThan(0);
  });

  it('each row lies exactly in its reserved space, whatever the card layout around the title', async () => {
    // Five cards laid out five ways: block with a positive and with a negative title margin, a flex
    // column with a gap, a one-column grid, a flex column without gap.
    const css = `<style>
      article:nth-child(2) h3 { margin-bottom: -4px; }
      article:nth-child(3) .body { display: flex; flex-direction: column; gap: 8px; }
      article:nth-child(4) .body { display: grid; } article:nth-child(4) h3 { margin-bottom: 9px; }
      article:nth-child(5) .body { display: flex; flex-direction: column; } article:nth-child(5) h3 { margin-bottom: 12px; }
    </style>`;
    const url = 'https://huggingface.co/papers/date/2025-03-22';
    const papers = ownPapers.map((p, i) => ({ id: `2503.0090${i}`, title: `Layout probe paper number ${i + 1} on card geometry` }));
    await servePage(l.context, url, hfListingHtml(papers).replace('</head>', `${css}</head>`));
    const page = await l.context.newPage();
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        (window as unknown as { __before: number[] }).__before = [...document.querySelectorAll('article .meta')].map((m) => m.getBoundingClientRect().top);
      });
    });
    await page.goto(url);
    await expect.poll(() => rowCount(page)).toBe(5);
    const got = await page.evaluate(() =>
      [...document.querySelectorAll('article')].map((a, i) => {
        const h3 = a.querySelector('h3')!.getBoundingClientRect();
        const host = a.querySelector('paper-lens-row')!.getBoundingClientRect();
        const meta = a.querySelector('.meta')!.getBoundingClientRect().top;
        const before = (window as unknown as { __before: number[] }).__before[i]!;
        return { top: Math.round(host.top - (h3.bottom - 27)), height: Math.round(host.height), metaMoved: Math.round(meta - before) };
      }),
    );
    expect(got).toEqual(Array.from({ length: 5 }, () => ({ top: 0, height: 27, metaMoved: 0 })));
    await page.screenshot({ path: 'artifacts/hf-own-layouts.png' });
    await page.close();
  });

  it('a seed paper shows its corpus listings (in corpus, not seen); a star click saves everywhere', async () => {
    const page = await l.context.newPage();
    await page.goto(OWN_URL);
    await expect.poll(() => rowCount(page)).toBe(5);
    const dates = [...new Set(seedA.listings.map((x) => x.date).filter(Boolean))].join(', ');
    await expect.poll(async () => (await axNodes(page)).some((n) => n.role === 'button' && n.name.startsWith(`Already known: in corpus · ${seedA.listings.length} listings${dates ? ` (${dates})` : ''}`))).toBe(true);
    // A fresh profile has seen nothing: the two seed papers are "in corpus", not "seen".
    expect(await summary(page)).toBe('5 papers · 0 seen · 5 new · 0 saved · 2 in corpus');
    await page.screenshot({ path: 'artifacts/hf-own-light.png' });
    // The "seen" popover lists the places, over the cards below (the row's host lets it out).
    await clickAx(page, (n) => n.role === 'button' && n.name.startsWith('Already known: in corpus'));
    await expect.poll(async () => (await axNodes(page)).some((n) => n.role === 'dialog' && n.name === 'Where this paper is known from')).toBe(true);
    await page.screenshot({ path: 'artifacts/hf-own-popover.png' });
    await page.keyboard.press('Escape');

    // Save the first (new) paper by clicking its star.
    await clickAx(page, (n) => n.role === 'button' && n.name === 'Save to Paper Lens');
    await expect.poll(async () => (await axNodes(page)).filter((n) => n.role === 'button' && /^Saved .* — unsave$/.test(n.name)).length).toBe(1);
    await expect.poll(() => summary(page)).toBe('5 papers · 0 seen · 5 new · 1 saved · 2 in corpus');

    // A second tab with another listing showing the same paper (arXiv) shows it saved; so does the popup.
    const arxiv = await l.context.newPage();
    await arxiv.goto('https://arxiv.org/list/cs.LG/new');
    await expect.poll(() => rowCount(arxiv)).toBe(3);
    await expect.poll(async () => (await axNodes(arxiv)).filter((n) => n.role === 'button' && /^Saved .* — unsave$/.test(n.name)).length).toBe(1);
    await arxiv.screenshot({ path: 'artifacts/arxiv-own-light.png' });
    const popup = await openExtensionPage(l, 'popup.html');
    await expect.poll(() => popup.getByTestId('results').textContent()).toContain(ownPapers[0]!.title);

    // Unsave in the arXiv tab: the HF tab's star empties without a reload.
    await clickAx(arxiv, (n) => n.role === 'button' && /^Saved .* — unsave$/.test(n.name));
    await expect.poll(async () => (await axNodes(page)).filter((n) => n.role === 'button' && n.name === 'Save to Paper Lens').length).toBe(5);
    // Save again from arXiv and see ★ on a fresh load of the HF page.
    await clickAx(arxiv, (n) => n.role === 'button' && n.name === 'Save to Paper Lens');
    await page.reload();
    await expect.poll(async () => (await axNodes(page)).filter((n) => n.role === 'button' && /^Saved .* — unsave$/.test(n.name)).length).toBe(1);
    await Promise.all([arxiv.close(), popup.close()]);
    await page.close();
  });

  it('the same paper twice on a page: each copy says so first, before its corpus listings, and the summary counts it once', async () => {
    const url = 'https://huggingface.co/papers/date/2025-03-22';
    await servePage(l.context, url, hfListingHtml([
      { id: '2503.00002', title: seedA.title, summary: seedA.abstract },
      { id: '2503.00101', title: 'Yet Another Fresh Result About Retrieval Heads' },
      { id: '2503.00002', title: seedA.title, summary: seedA.abstract },
    ]));
    const page = await l.context.newPage();
    await page.goto(url);
    await expect.poll(() => rowCount(page)).toBe(3);
    const seen = async () => (await axNodes(page)).filter((n) => n.role === 'button' && n.name.startsWith('Already known:')).map((n) => n.name);
    await expect.poll(async () => (await seen()).length).toBe(2);
    const names = await seen();
    expect(names[0]).toMatch(/^Already known: also #3 on this page · in corpus · /);
    expect(names[1]).toMatch(/^Already known: also #1 on this page · in corpus · /);
    // The summary counts papers: two, one of them listed again.
    expect(await summary(page)).toMatch(/^2 papers · 1 seen · 1 new · 0 saved · 1 in corpus · 1 listed again$/); // seen: the earlier tests' pages list it
    await page.screenshot({ path: 'artifacts/hf-repeat.png' });
    await page.close();
  });

  it('the page cannot tell which entries were starred, filtered or highlighted: its elements and the row hosts look the same', async () => {
    const page = await l.context.newPage();

    await page.goto(OWN_URL);
    await expect.poll(() => rowCount(page)).toBe(5);
    await page.waitForTimeout(300);
    const look = () =>
      page.evaluate(() => ({
        hosts: [...document.querySelectorAll('paper-lens-row')].map((h) => `${[...h.attributes].map((a) => `${a.name}=${a.value}`).join(' ')} ${Math.round(h.getBoundingClientRect().height)}`),
        entries: [...document.querySelectorAll('article')].map((a) => [...a.attributes].map((x) => `${x.name}=${x.value}`).join(' ')),
      }));
    const before = await look();
    expect(new Set(before.hosts).size, before.hosts.join("\n")).toBe(1); // every host alike, whatever its row shows
    // Star and unstar; filter to "saved only" and back; highlight a topic and clear it.
    const savedCount = async () => (await axNodes(page)).filter((n) => n.role === 'button' && /^Saved .* — unsave$/.test(n.name)).length;
    const saved0 = await savedCount();
    await clickAx(page, (n) => n.role === 'button' && n.name === 'Save to Paper Lens');
    await expect.poll(savedCount).toBe(saved0 + 1);
    expect(await look()).toEqual(before);
    await focusAx(page, (n) => n.role === 'combobox' && n.name === 'Which papers to show');
    await page.keyboard.press('End'); // for you (dim the rest)
    await page.keyboard.press('ArrowUp'); // saved only
    await expect.poll(() => page.evaluate(() => [...document.querySelectorAll('article')].filter((a) => (a as HTMLElement).style.display === 'none').length)).toBe(5 - saved0 - 1);
    await page.keyboard.press('Home'); // all
    await expect.poll(() => page.evaluate(() => [...document.querySelectorAll('article')].filter((a) => (a as HTMLElement).style.display === 'none').length)).toBe(0);
    expect(await look(), 'after the filter').toEqual(before);
    await clickAx(page, (n) => n.role === 'button' && /^Saved .* — unsave$/.test(n.name));
    await expect.poll(savedCount).toBe(saved0);
    const labels = new Set(TAXONOMY.map((t) => t.label));
    const chip = (await axNodes(page)).find((n) => n.role === 'button' && labels.has(n.name))!;
    await clickAx(page, (n) => n.name === chip.name);
    await clickAx(page, (n) => n.name === chip.name);
    await page.waitForTimeout(200);
    expect(await look()).toEqual(before);
    await page.close();
  });

  it("a page's history is written once its badges are on screen, without waiting for a reader", async () => {
    const url = 'https://huggingface.co/papers/date/2025-03-25';
    await servePage(l.context, url, hfListingHtml([
      { id: '2503.07001', title: 'History Written After The Rows One' },
      { id: '2503.07002', title: 'History Written After The Rows Two' },
    ]));
    // Straight from the database, in the worker (no request that would write waiting sightings first).
    const stored = () =>
      l.context.serviceWorkers()[0]!.evaluate(
        (pageUrl) =>
          new Promise<number>((resolve, reject) => {
            const open = indexedDB.open('paper-lens');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const db = open.result;
              const tx = db.transaction(['visits', 'sightings']);
              const visits = tx.objectStore('visits').getAll();
              const all = tx.objectStore('sightings').getAll();
              tx.oncomplete = () => {
                const here = new Set((visits.result as Array<{ v: number; url: string }>).filter((v) => v.url === pageUrl).map((v) => v.v));
                resolve((all.result as Array<{ v: number; ns: Uint32Array }>).filter((s) => here.has(s.v)).reduce((n, s) => n + s.ns.length, 0));
                db.close();
              };
              tx.onerror = () => reject(tx.error);
            };
          }),
        url,
      );
    const page = await l.context.newPage();
    const t0 = Date.now();
    await page.goto(url);
    await expect.poll(() => summary(page)).toMatch(/^2 papers/);
    // Well before the background's 10 s fallback: the page said its rows were shown.
    await expect.poll(stored, { timeout: 5_000 }).toBe(2);
    expect(Date.now() - t0).toBeLessThan(9_000);
    await page.close();
  });

  it('a client-side list swap gets badges on the new entries, with no duplicates', async () => {
    const page = await l.context.newPage();
    await page.goto(OWN_URL);
    await expect.poll(() => rowCount(page)).toBe(5);
    await page.evaluate(() => {
      history.pushState({}, '', '/papers/week/2025-W12');
      const main = document.querySelector('main')!;
      main.replaceChildren();
      for (let i = 0; i < 7; i++) {
        const a = document.createElement('article');
        a.innerHTML = `<h3><a href="/papers/2503.1000${i}">Weekly paper number ${i}</a></h3>`;
        main.appendChild(a);
      }
    });
    await expect.poll(() => rowCount(page)).toBe(7);
    const perArticle = await page.evaluate(() => [...document.querySelectorAll('article')].map((a) => a.querySelectorAll('paper-lens-row').length));
    expect(perArticle).toEqual([1, 1, 1, 1, 1, 1, 1]);
    await expect.poll(() => summary(page)).toMatch(/^7 papers/);
    await page.close();
  });

  it('follows a dark page theme', async () => {
    const page = await l.context.newPage();
    await page.goto('https://huggingface.co/papers/date/2025-03-21');
    await expect.poll(() => rowCount(page)).toBe(1);
    await page.waitForTimeout(300);
    await page.screenshot({ path: 'artifacts/hf-own-dark.png' });
    // The summary collapses to a small pill (it must never sit over titles for long).
    await clickAx(page, (n) => n.role === 'button' && n.name === 'Collapse the Paper Lens summary');
    await expect.poll(async () => (await axNodes(page)).some((n) => n.role === 'button' && /^Paper Lens: 1 paper · .* Show the summary$/.test(n.name))).toBe(true);
    await page.close();
  });
});
