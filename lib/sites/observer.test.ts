import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { hfListingHtml } from '../../test/pages/hf-listing';
import { adapterFor, type PaperEntry } from './index';
import { observeEntries } from './observer';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

function setup(html: string, startUrl = 'https://huggingface.co/papers/date/2025-01-02', scanSliceMs?: number) {
  const { document } = parseHTML(html) as unknown as { document: Document };
  let url = startUrl;
  let valid = true;
  const batches: Array<{ titles: string[]; navigated: boolean; url: string }> = [];
  const navs: string[] = [];
  const obs = observeEntries({
    document,
    getUrl: () => url,
    pickAdapter: (u) => adapterFor(u),
    onBatch: (entries: PaperEntry[], info) => batches.push({ titles: entries.map((e) => e.title), navigated: info.navigated, url: info.url }),
    onNavigate: (u) => navs.push(u),
    isValid: () => valid,
    isOwnNode: (n) => (n as Element).tagName?.toLowerCase() === 'paper-lens-row',
    debounceMs: 5,
    maxWaitMs: 20,
    urlPollMs: 10,
    scanSliceMs,
  });
  return { document, obs, batches, navs, setUrl: (u: string) => (url = u), invalidate: () => (valid = false) };
}

function card(doc: Document, id: string, title: string): Element {
  const a = doc.createElement('article');
  const h3 = doc.createElement('h3');
  const link = doc.createElement('a');
  link.setAttribute('href', `/papers/${id}`);
  link.textContent = title;
  h3.appendChild(link);
  a.appendChild(h3);
  return a;
}

describe('entry observer', () => {
  it('reports the initial entries once, then only new or replaced ones', async () => {
    const t = setup(hfListingHtml([{ id: '2501.00001', title: 'One' }, { id: '2501.00002', title: 'Two' }]));
    t.obs.scan();
    expect(t.batches).toEqual([{ titles: ['One', 'Two'], navigated: true, url: 'https://huggingface.co/papers/date/2025-01-02' }]);
    const main = t.document.querySelector('main')!;
    main.appendChild(card(t.document, '2501.00003', 'Three'));
    await wait(60);
    expect(t.batches.at(-1)!.titles).toEqual(['Three']);
    // Our own badge rows never trigger a scan.
    const n = t.batches.length;
    main.appendChild(t.document.createElement('paper-lens-row'));
    await wait(60);
    expect(t.batches.length).toBe(n);
    // Moving an already-reported element is not a new entry; replacing its title is.
    const first = main.querySelector('article')!;
    main.appendChild(first);
    await wait(60);
    expect(t.batches.length).toBe(n);
    first.querySelector('h3 a')!.textContent = 'One (renamed)';
    await wait(60);
    expect(t.batches.at(-1)!.titles).toEqual(['One (renamed)']);
    t.obs.stop();
  });

  it('a client-side navigation that swaps the list reports the new entries, no duplicates', async () => {
    const t = setup(hfListingHtml([{ id: '2501.00001', title: 'One' }]));
    t.obs.scan();
    const main = t.document.querySelector('main')!;
    t.setUrl('https://huggingface.co/papers/week/2025-W01');
    while (main.firstChild) main.removeChild(main.firstChild);
    main.appendChild(card(t.document, '2501.00010', 'Weekly A'));
    main.appendChild(card(t.document, '2501.00011', 'Weekly B'));
    await wait(80);
    expect(t.navs).toEqual(['https://huggingface.co/papers/week/2025-W01']);
    const after = t.batches.slice(1);
    expect(after.flatMap((b) => b.titles)).toEqual(['Weekly A', 'Weekly B']);
    expect(after[0]!.navigated).toBe(true);
    t.obs.stop();
  });

  it('reads a long listing in slices, reports it as one batch in page order, and reads again what changed meanwhile', async () => {
    const papers = Array.from({ length: 300 }, (_, i) => ({ id: `2501.${String(10000 + i)}`, title: `Paper ${i}` }));
    // One element per slice: every slice is a task of its own.
    const t = setup(hfListingHtml(papers), undefined, 0);
    t.obs.scan();
    expect(t.batches).toEqual([]);
    t.document.querySelector('main')!.appendChild(card(t.document, '2501.99999', 'Added while reading'));
    for (let k = 0; k < 100 && t.batches.length < 2; k++) await wait(20);
    expect(t.batches[0]!.titles).toEqual(papers.map((p) => p.title));
    expect(t.batches[0]!.navigated).toBe(true);
    expect(t.batches.slice(1).flatMap((b) => b.titles)).toEqual(['Added while reading']);
    t.obs.stop();
  });

  it('stops when the context is invalidated', async () => {
    const t = setup(hfListingHtml([{ id: '2501.00001', title: 'One' }]));
    t.obs.scan();
    t.invalidate();
    t.document.querySelector('main')!.appendChild(card(t.document, '2501.00003', 'Three'));
    await wait(60);
    t.obs.scan();
    expect(t.batches.length).toBe(1);
  });
});
