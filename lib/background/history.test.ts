/** History job: visits, when a page's history is written, clearing, turning off and pruning it. */
import { describe, expect, it, vi } from 'vitest';
import { Library } from '../db/library';
import { openLibraryDB, type PaperRow } from '../db/schema';
import { VISIT_WINDOW_MS } from '../types';
import { DAY, entry, mk, page } from './test-helpers';

describe('history', () => {
  it('the same listing URL on the next day: yesterday\'s papers are seen, today\'s are new; a reload in the same visit sees nothing new', async () => {
    const { s, clock } = mk();
    const list = 'https://arxiv.org/list/cs.LG/new';
    const day1 = [entry('Day One Paper A', '2503.30001'), entry('Day One Paper B', '2503.30002')];
    const first = await s.handle({ type: 'annotate', page: page(list), entries: day1 });
    expect(first.annotations.map((a) => a.seenBefore.length)).toEqual([0, 0]);
    expect(await s.handle({ type: 'shown', pageUrl: list })).toEqual({ recorded: 2 });
    // A reload ten minutes later (a new page load of the same URL): the same visit, nothing seen.
    clock.t += 10 * 60 * 1000;
    const reload = await s.handle({ type: 'annotate', page: page(list), entries: day1 });
    expect(reload.annotations.map((a) => a.seenBefore.length)).toEqual([0, 0]);
    expect(await s.handle({ type: 'shown', pageUrl: list })).toEqual({ recorded: 0 });
    // The next morning, the same URL: 48 of 50 entries are back in real life; here A comes back with C.
    clock.t += DAY;
    const load = page(list);
    const day2 = await s.handle({ type: 'annotate', page: load, entries: [entry('Day One Paper A', '2503.30001'), entry('Day Two Paper C', '2503.30003')] });
    expect(day2.annotations[0]!.seenBefore).toEqual([{ site: 'hf', label: 'HF Papers 2025-03-20', pageUrl: list, date: '2025-03-20', seenAt: clock.t - DAY - 10 * 60 * 1000 }]);
    expect(day2.annotations[1]!.seenBefore).toEqual([]);
    await s.handle({ type: 'shown', pageUrl: list });
    // The same page load re-rendering its list an hour later (client-side) is still the same visit.
    clock.t += 60 * 60 * 1000;
    const rerender = await s.handle({ type: 'annotate', page: load, entries: [entry('Day Two Paper C', '2503.30003'), entry('Day One Paper A', '2503.30001')] });
    expect(rerender.annotations.map((a) => a.seenBefore.length)).toEqual([0, 1]);
    // Another listing the same day sees both, each on its visit.
    const other = await s.handle({ type: 'annotate', page: page('https://huggingface.co/papers'), entries: [entry('Day Two Paper C', '2503.30003'), entry('Day One Paper A', '2503.30001')] });
    expect(other.annotations.map((a) => a.seenBefore.length)).toEqual([1, 2]);
    expect(other.annotations[1]!.seenBefore[0]!.seenAt).toBeGreaterThan(other.annotations[1]!.seenBefore[1]!.seenAt);
    const st = await s.handle({ type: 'stats' });
    expect(st, JSON.stringify(st)).toMatchObject({ visits: 3, sightings: 6, localPapers: 3 });
    s.close();
  });

  it('a reload after the visit window is a new visit; without a load token a reload within it is the same visit', async () => {
    const { s, clock } = mk();
    const url = 'https://huggingface.co/papers';
    await s.handle({ type: 'annotate', page: page(url, null), entries: [entry('Windowed Paper', '2503.40001')] });
    await s.handle({ type: 'shown', pageUrl: url });
    clock.t += VISIT_WINDOW_MS - 1000;
    expect((await s.handle({ type: 'annotate', page: page(url, null), entries: [entry('Windowed Paper', '2503.40001')] })).annotations[0]!.seenBefore).toEqual([]);
    await s.handle({ type: 'shown', pageUrl: url });
    clock.t += 2000;
    expect((await s.handle({ type: 'annotate', page: page(url, null), entries: [entry('Windowed Paper', '2503.40001')] })).annotations[0]!.seenBefore).toHaveLength(1);
    s.close();
  });

  it("writes a page's history once the page reports its badges shown, or when something reads it", async () => {
    const dbName = `svc-later-${Date.now()}`;
    const { s, clock } = mk({ dbName });
    const db = new Library(await openLibraryDB({ name: dbName }));
    const sightings = async () => (await db.db.getAll('sightings')).flatMap((r) => [...r.ns]);
    const a = page('https://huggingface.co/papers/date/2025-03-21');
    await s.handle({ type: 'annotate', page: a, entries: [entry('First Paper Seen Here', '2503.10001'), entry('Second Paper Seen Here', '2503.10002')] });
    // Nothing is written while the page renders its rows...
    expect(await sightings()).toEqual([]);
    // ...nor when another page says it is done...
    expect(await s.handle({ type: 'shown', pageUrl: 'https://arxiv.org/list/cs.LG/new' })).toEqual({ recorded: 0 });
    expect(await sightings()).toEqual([]);
    // ...but once this page has its badges (the URL as the page sent it: canonicalised the same way).
    expect(await s.handle({ type: 'shown', pageUrl: `${a.url}#top` })).toEqual({ recorded: 2 });
    expect(await sightings()).toHaveLength(2);
    // Waiting sightings are written before anything that reads history answers: another page's annotate, stats.
    clock.t += 1000;
    await s.handle({ type: 'annotate', page: page('https://huggingface.co/papers/date/2025-03-22'), entries: [entry('Third Paper Seen Here', '2503.10003')] });
    const other = await s.handle({ type: 'annotate', page: page('https://arxiv.org/list/cs.LG/new'), entries: [entry('Third Paper Seen Here', '2503.10003')] });
    expect(other.annotations[0]!.seenBefore.map((x) => x.pageUrl)).toEqual(['https://huggingface.co/papers/date/2025-03-22']);
    expect((await s.handle({ type: 'stats' })).sightings).toBe(4);
    expect(await sightings()).toHaveLength(4);
    db.close();
    s.close();
  });

  it('writes the history of a page that never reports shown after a while; drops it when history is turned off or cleared', async () => {
    const dbName = `svc-wait-${Date.now()}`;
    const { s } = mk({ dbName, historyWaitMs: 250 });
    const db = new Library(await openLibraryDB({ name: dbName }));
    const sightings = async () => (await db.db.getAll('sightings')).flatMap((r) => [...r.ns]);
    await s.handle({ type: 'annotate', page: page(), entries: [entry('A Tab Closed Before Its Rows', '2503.20001')] });
    expect(await sightings()).toEqual([]);
    await vi.waitFor(async () => expect(await sightings()).toHaveLength(1), { timeout: 5000, interval: 20 });
    // Cleared (or turned off) while a page was still rendering: what it showed is not written afterwards.
    await s.handle({ type: 'annotate', page: page('https://arxiv.org/list/cs.AI/new'), entries: [entry('Seen Just Before Clearing', '2503.20002')] });
    expect(await s.handle({ type: 'clearHistory' })).toEqual({ removed: 1 });
    await new Promise((r) => setTimeout(r, 400));
    await s.flush();
    expect(await sightings()).toEqual([]);
    await s.handle({ type: 'annotate', page: page('https://arxiv.org/list/cs.CL/new'), entries: [entry('Seen Just Before Turning Off', '2503.20003')] });
    await s.handle({ type: 'setHistory', enabled: false });
    await new Promise((r) => setTimeout(r, 400));
    await s.flush();
    expect(await sightings()).toEqual([]);
    const titles = (await s.handle({ type: 'search', query: 'Seen Just Before', limit: 500 })).hits.map((h) => h.title);
    expect(titles).not.toContain('Seen Just Before Clearing');
    expect(titles).not.toContain('Seen Just Before Turning Off');
    db.close();
    s.close();
  });

  it('history off: nothing is recorded; clearing history keeps saved papers', async () => {
    const { s, clock } = mk();
    await s.handle({ type: 'annotate', page: page(), entries: [entry('Seen Paper One', '2502.00001')] });
    await s.handle({ type: 'save', entry: entry('Saved Paper Two', '2502.00002') });
    clock.t += DAY;
    await s.handle({ type: 'annotate', page: page(), entries: [entry('Saved Paper Two', '2502.00002')] });
    expect((await s.handle({ type: 'stats' })).sightings).toBe(2);
    expect((await s.handle({ type: 'clearHistory' })).removed).toBe(2);
    const st = await s.handle({ type: 'stats' });
    expect(st).toMatchObject({ sightings: 0, visits: 0, saved: 1, localPapers: 1 });
    expect((await s.handle({ type: 'search', query: 'Seen Paper One' })).hits.map((h) => h.title)).not.toContain('Seen Paper One');
    expect((await s.handle({ type: 'search', query: 'Saved Paper Two' })).hits[0]!.title).toBe('Saved Paper Two');
    await s.handle({ type: 'setHistory', enabled: false });
    await s.handle({ type: 'annotate', page: page(), entries: [entry('Seen Paper Three', '2502.00003')] });
    expect((await s.handle({ type: 'stats' })).sightings).toBe(0);
    s.close();
  });

  it('history is pruned only when the user chose a limit: older sightings and papers known only from them go', async () => {
    const { s, clock } = mk();
    const start = clock.t;
    await s.handle({ type: 'annotate', page: page('https://arxiv.org/list/cs.LG/new'), entries: [entry('Old Seen Paper', '2201.00001'), entry('Old Then Saved Paper', '2201.00002'), entry('Old And Recent Paper', '2201.00003')] });
    await s.handle({ type: 'save', entry: entry('Old Then Saved Paper', '2201.00002') });
    clock.t += 3 * 365 * DAY;
    await s.handle({ type: 'annotate', page: page('https://arxiv.org/list/cs.LG/new'), entries: [entry('Old And Recent Paper', '2201.00003')] });
    await s.flush();
    // Nothing happens by itself, however old the history.
    expect((await s.handle({ type: 'stats' })).sightings).toBe(4);
    await s.handle({ type: 'updateSettings', patch: { historyYears: 2 } });
    await vi.waitFor(async () => expect((await s.handle({ type: 'stats' })).sightings).toBe(1));
    expect(await s.handle({ type: 'stats' })).toMatchObject({ localPapers: 2, saved: 1, visits: 1, historyYears: 2 });
    expect((await s.handle({ type: 'search', query: 'Old Seen Paper' })).hits.map((h) => h.title)).not.toContain('Old Seen Paper');
    const recent = await s.handle({ type: 'getPaper', paperId: 'arxiv:2201.00003' });
    expect(recent.sightings.map((x) => x.seenAt)).toEqual([start + 3 * 365 * DAY]);
    s.close();
  });

  it('a stored paper row carries its most recent sightings, newest first', async () => {
    const { s, clock } = mk();
    for (let d = 0; d < 20; d++) {
      clock.t += DAY;
      await s.handle({ type: 'annotate', page: page('https://huggingface.co/papers'), entries: [entry('Daily Paper', '2509.00001')] });
      await s.handle({ type: 'shown', pageUrl: 'https://huggingface.co/papers' });
    }
    const row = (await s.internals.ctx.lib.paperById('arxiv:2509.00001')) as PaperRow;
    expect(row.seenCount).toBe(20);
    expect(row.seen).toHaveLength(16);
    expect(row.seen.map((x) => x[1])).toEqual([...row.seen.map((x) => x[1])].sort((a, b) => b - a));
    expect(await s.handle({ type: 'getPaper', paperId: 'arxiv:2509.00001' })).toMatchObject({ seenCount: 20 });
    expect((await s.handle({ type: 'getPaper', paperId: 'arxiv:2509.00001' })).sightings).toHaveLength(16);
    s.close();
  });
});
