import corpus from 'virtual:paper-lens-corpus';
import { describe, expect, it, vi } from 'vitest';
import { Library } from '../db/library';
import { openLibraryDB, type PaperRow } from '../db/schema';
import { gate } from '../guard';
import { envelope, LIMITS, PROTOCOL, type Broadcast, type EntryInfo, type PageInfo } from '../messages';
import { TOPIC_MODEL_VERSION } from '../topics/classifier';
import { VISIT_WINDOW_MS } from '../types';
import { createService } from './service';

let n = 0;
const DAY = 24 * 3600 * 1000;
/** A service on a fresh database with a clock the test moves. */
const mk = (over: Partial<Parameters<typeof createService>[0]> = {}) => {
  const sent: Broadcast[] = [];
  const clock = { t: Date.UTC(2026, 2, 20, 8) };
  const s = createService({ corpus, version: 'test', dbName: `svc-${Date.now()}-${n++}`, broadcast: (m) => sent.push(m), now: () => clock.t, ...over });
  return { s, sent, clock };
};
let loads = 0;
/** A page of a new page load (each call: a new load token, as a new content script makes). */
const page = (url = 'https://huggingface.co/papers/date/2025-03-20', load: string | null = `load${String(++loads).padStart(6, '0')}`): PageInfo => ({
  url, site: 'hf', label: 'HF Papers 2025-03-20', date: '2025-03-20', ...(load ? { load } : {}),
});
const entry = (title: string, arxivId: string | null = null): EntryInfo => ({ title, arxivId, url: null });
const sorsa = corpus.papers.find((p) => p.title.startsWith('SORSA'))!;
const gat = corpus.papers.find((p) => p.title === 'Graph Attention Networks')!;

describe('message gate', () => {
  const ok = envelope({ type: 'ping' });
  it('accepts this extension, rejects others, oversized and malformed messages', () => {
    expect(gate(ok, { id: 'me' }, 'me')).toEqual({ ok: true, request: { type: 'ping' } });
    expect(gate(ok, { id: 'other' }, 'me')).toEqual({ ok: false, error: 'sender is not this extension' });
    expect(gate(ok, {}, 'me').ok).toBe(false);
    expect(gate(envelope({ type: 'shown', pageUrl: 'https://huggingface.co/papers' }), { id: 'me' }, 'me')).toEqual({ ok: true, request: { type: 'shown', pageUrl: 'https://huggingface.co/papers' } });
    const withLoad = gate(envelope({ type: 'annotate', page: page('https://arxiv.org/list/cs.LG/new', 'abcdef123456'), entries: [] }), { id: 'me' }, 'me');
    expect(withLoad).toMatchObject({ ok: true, request: { page: { load: 'abcdef123456' } } });
    expect(gate(envelope({ type: 'updateSettings', patch: { historyYears: 2 } }), { id: 'me' }, 'me')).toMatchObject({ ok: true, request: { patch: { historyYears: 2 } } });
    const huge = envelope({ type: 'annotate', page: page(), entries: [entry('x'.repeat(LIMITS.maxMessageBytes))] });
    expect(gate(huge, { id: 'me' }, 'me')).toEqual({ ok: false, error: 'message too large' });
    for (const bad of [
      null, 42, 'ping', { protocol: 'other', request: { type: 'ping' } }, { protocol: PROTOCOL }, { protocol: PROTOCOL, request: { type: 'drop tables' } },
      envelope({ type: 'ping', extra: 1 } as never),
      envelope({ type: 'annotate', page: { ...page(), url: 'javascript:alert(1)' }, entries: [] }),
      envelope({ type: 'annotate', page: { ...page(), load: 'x y' }, entries: [] }),
      envelope({ type: 'annotate', page: page(), entries: [{ title: '' }] } as never),
      envelope({ type: 'annotate', page: page(), entries: Array.from({ length: LIMITS.maxEntriesPerAnnotate + 1 }, () => entry('t')) }),
      envelope({ type: 'shown', pageUrl: 'javascript:alert(1)' }),
      envelope({ type: 'shown', pageUrl: 'https://huggingface.co/papers', extra: true } as never),
      envelope({ type: 'shown' } as never),
      envelope({ type: 'save', entry: { title: 'x', arxivId: 'not-an-id' } } as never),
      envelope({ type: 'unsave', paperId: '../../etc' } as never),
      envelope({ type: 'setNote', paperId: 'p1', note: 'x'.repeat(LIMITS.maxNote + 1) }),
      envelope({ type: 'search', query: 'q', limit: 10_000 }),
      envelope({ type: 'updateSettings', patch: { historyYears: 0 } } as never),
      envelope({ type: 'updateSettings', patch: { historyYears: 'forever' } } as never),
    ]) {
      const g = gate(bad, { id: 'me' }, 'me');
      expect(g.ok, JSON.stringify(bad)?.slice(0, 80)).toBe(false);
    }
  });
});

describe('the background service', () => {
  it('annotates a seed paper with its corpus listings, repeats and topics; a fresh profile has seen nothing', async () => {
    const { s } = mk();
    const res = await s.handle({ type: 'annotate', page: page(), entries: [entry(sorsa.title), entry('A Paper Nobody Has Seen Before At All', '2503.00001'), entry(`  ${sorsa.title.toUpperCase()} `)] });
    const [a, b, c] = res.annotations;
    expect(a!.paperId).toBe(sorsa.id);
    expect(a!.match).toMatchObject({ kind: 'exact', title: sorsa.title });
    expect(a!.corpus).toEqual([{ listing: '001_c06ef7874d86d66c', position: 1, date: 'Mar 13' }]);
    // In the bundled corpus is not "seen": nothing was seen on an earlier visit.
    expect(res.annotations.map((x) => x.seenBefore)).toEqual([[], [], []]);
    expect(a!.repeats).toEqual([2]);
    expect(c!.repeats).toEqual([0]);
    expect(c!.paperId).toBe(sorsa.id);
    expect(b).toMatchObject({ paperId: 'arxiv:2503.00001', match: null, corpus: [], seenBefore: [], saved: null });
    expect(a!.topics.map((t) => t.id)).toContain('peft');
    s.close();
  });

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
    const sightings = () => db.db.getAll('sightings');
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
    const sightings = () => db.db.getAll('sightings');
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

  it('matches a paper written differently on another site to the corpus paper', async () => {
    const { s } = mk();
    const res = await s.handle({ type: 'annotate', page: page(), entries: [entry('[PDF] graph attention networks')] });
    expect(res.annotations[0]!.paperId).toBe(gat.id);
    expect(res.annotations[0]!.corpus.length).toBe(gat.listings.length);
    s.close();
  });

  it('saves and unsaves, broadcasting each change; state survives a restart (new service, same database)', async () => {
    const name = `svc-persist-${Date.now()}`;
    const { s, sent } = mk({ dbName: name });
    const saved = await s.handle({ type: 'save', entry: entry(gat.title) });
    expect(saved.paperId).toBe(gat.id);
    expect(sent.at(-1)).toMatchObject({ type: 'changed', what: 'saved', paperId: gat.id, saved: { note: '' } });
    const newOne = await s.handle({ type: 'save', entry: { title: 'My Own Paper', arxivId: '2501.12345', url: 'https://arxiv.org/abs/2501.12345' } });
    expect(newOne.paperId).toBe('arxiv:2501.12345');
    await s.handle({ type: 'setNote', paperId: gat.id, note: 'classic' });
    await s.handle({ type: 'unsave', paperId: 'arxiv:2501.12345' });
    expect(sent.at(-1)).toMatchObject({ type: 'changed', what: 'saved', paperId: 'arxiv:2501.12345', saved: null });
    s.close();
    const { s: s2 } = mk({ dbName: name });
    const ann = await s2.handle({ type: 'annotate', page: page(), entries: [entry(gat.title), entry('My Own Paper', '2501.12345')] });
    expect(ann.annotations[0]!.saved).toMatchObject({ note: 'classic' });
    expect(ann.annotations[1]!.saved).toBeNull();
    expect((await s2.handle({ type: 'stats' })).saved).toBe(1);
    const list = await s2.handle({ type: 'listSaved' });
    expect(list.hits.map((h) => h.id)).toEqual([gat.id]);
    s2.close();
  });

  it('papers stored with topics from an older classifier are re-tagged once after an update', async () => {
    const dbName = `svc-retag-${Date.now()}`;
    const { s: first } = mk({ dbName });
    const title = 'QLoRA: Efficient Finetuning of Quantized LLMs';
    await first.handle({ type: 'save', entry: entry(title, '2305.14314') });
    first.close();
    const lib = new Library(await openLibraryDB({ name: dbName }));
    const row = (await lib.paperById('arxiv:2305.14314'))!;
    await lib.write(async (w) => w.putPaper({ ...row, topics: ['gnn'] }, null, false));
    await lib.setMeta('topicModel', 'rules-old');
    const { s } = mk({ dbName });
    await s.handle({ type: 'stats' });
    await vi.waitFor(async () => expect(await lib.getMeta('topicModel')).toBe(TOPIC_MODEL_VERSION));
    const after = (await lib.paperById('arxiv:2305.14314'))!;
    expect(after.topics).toEqual(expect.arrayContaining(['peft', 'quantization']));
    expect(after.topics).not.toContain('gnn');
    const ann = await s.handle({ type: 'annotate', page: page(), entries: [entry(title, '2305.14314')] });
    expect(ann.annotations[0]!.topics.map((t) => t.id)).toEqual(after.topics);
    expect(ann.annotations[0]!.saved).not.toBeNull();
    // The search index was rebuilt with the new topics.
    expect((await s.handle({ type: 'search', query: 't:peft qlora' })).hits.map((h) => h.id)).toContain('arxiv:2305.14314');
    expect((await s.handle({ type: 'search', query: 't:gnn qlora' })).hits.map((h) => h.id)).not.toContain('arxiv:2305.14314');
    lib.close();
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

  it('concurrency: 10 pages save and unsave 500 papers interleaved; the final state equals the sequential result', async () => {
    const dbName = `svc-conc-${Date.now()}`;
    const { s } = mk({ dbName });
    const ops: Array<{ page: number; paper: number; save: boolean }> = [];
    for (let step = 0; step < 3; step++) for (let p = 0; p < 500; p++) ops.push({ page: (p + step) % 10, paper: p, save: (p + step) % 3 !== 2 });
    const expected = new Map<number, boolean>();
    for (const o of ops) expected.set(o.paper, o.save);
    await Promise.all(
      ops.map((o) =>
        o.save ? s.handle({ type: 'save', entry: entry(`Concurrent Paper Number ${o.paper}`, `2504.${String(10000 + o.paper)}`) }) : s.handle({ type: 'unsave', paperId: `arxiv:2504.${String(10000 + o.paper)}` }),
      ),
    );
    const savedIds = new Set((await s.handle({ type: 'listSaved', limit: 500 })).hits.map((h) => h.id));
    for (const [p, want] of expected) expect(savedIds.has(`arxiv:2504.${String(10000 + p)}`)).toBe(want);
    expect((await s.handle({ type: 'stats' })).saved).toBe([...expected.values()].filter(Boolean).length);
    s.close();
    const { s: reopened } = mk({ dbName });
    const fromDb = new Set((await reopened.handle({ type: 'listSaved', limit: 500 })).hits.map((h) => h.id));
    expect(fromDb).toEqual(savedIds);
    reopened.close();
  });
});

describe('restarts and failures', () => {
  it('a restarted service answers exactly as the running one (key table from its logs, after compaction, and after merges)', async () => {
    const dbName = `svc-restart-${Date.now()}`;
    const { s, clock } = mk({ dbName });
    await s.handle({ type: 'save', entry: entry(gat.title) });
    await s.handle({ type: 'importBatch', collection: { id: 'c1', name: 'Lib', format: 'bibtex' }, entries: [entry('Imported Before Restart')] });
    // Enough visits for the key table to compact (20,000 keys) and segments to merge (8 per level).
    for (let v = 0; v < 12; v++) {
      clock.t += DAY;
      const url = `https://arxiv.org/list/cs.LG/new?v=${v}`;
      const entries = Array.from({ length: 1000 }, (_, i) => entry(`Synthetic paper ${v} ${i} on sparse attention`, `25${String(v + 1).padStart(2, '0')}.${String(10000 + i)}`));
      await s.handle({ type: 'annotate', page: page(url), entries });
      await s.handle({ type: 'shown', pageUrl: url });
    }
    await s.flush();
    const { ctx } = s.internals;
    expect(ctx.segList.length).toBeLessThan(12);
    expect(ctx.segList.some((x) => x.level === 1)).toBe(true);
    const probe = [entry(gat.title), entry('Synthetic paper 3 7 on sparse attention', '2504.10007'), entry('imported before restart'), entry('Never Seen Anywhere')];
    clock.t += DAY;
    const p2 = page('https://huggingface.co/papers/date/2025-06-02');
    await s.handle({ type: 'setHistory', enabled: false });
    const expected = await s.handle({ type: 'annotate', page: p2, entries: probe });
    const want = await s.handle({ type: 'search', query: 'synthetic 3 7 sparse' });
    const wantStats = await s.handle({ type: 'stats' });
    s.close();
    const { s: again } = mk({ dbName });
    again.internals.ctx.timings.x = 0;
    const got = await again.handle({ type: 'annotate', page: p2, entries: probe });
    expect(got.annotations).toEqual(expected.annotations);
    expect(got.annotations[1]!.seenBefore).toHaveLength(1);
    expect(got.annotations[0]!.saved).not.toBeNull();
    expect(got.annotations[2]!.libraries).toEqual(['Lib']);
    expect(await again.handle({ type: 'search', query: 'synthetic 3 7 sparse' })).toMatchObject({ hits: want.hits, total: want.total });
    expect(await again.handle({ type: 'stats' })).toEqual(wantStats);
    again.close();
  });

  it('a full disk: the write fails with a clear message to every tab, nothing already stored is lost, later writes work', async () => {
    const dbName = `svc-quota-${Date.now()}`;
    const { s, sent } = mk({ dbName });
    await s.handle({ type: 'save', entry: entry('Saved Before The Disk Filled', '2507.00001') });
    const put = IDBObjectStore.prototype.put;
    let fail = true;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (fail && this.name === 'saved') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
    try {
      await expect(s.handle({ type: 'save', entry: entry('Saved While The Disk Was Full', '2507.00002') })).rejects.toThrow(/storage is full/);
    } finally {
      IDBObjectStore.prototype.put = put;
      fail = false;
    }
    expect(sent.some((m) => m.type === 'storageError' && /storage is full/.test(m.message))).toBe(true);
    expect((await s.handle({ type: 'listSaved' })).hits.map((h) => h.title)).toEqual(['Saved Before The Disk Filled']);
    expect((await s.handle({ type: 'stats' })).localPapers).toBe(1);
    await s.handle({ type: 'save', entry: entry('Saved While The Disk Was Full', '2507.00002') });
    s.close();
    const { s: again } = mk({ dbName });
    expect((await again.handle({ type: 'listSaved' })).hits.map((h) => h.title).sort()).toEqual(['Saved Before The Disk Filled', 'Saved While The Disk Was Full']);
    expect((await again.handle({ type: 'stats' })).localPapers).toBe(2);
    again.close();
  });

  it('a worker stopped in the middle of writing loses at most that write', async () => {
    const dbName = `svc-stop-${Date.now()}`;
    const { s } = mk({ dbName });
    await s.handle({ type: 'save', entry: entry('Committed Paper', '2508.00001') });
    const url = 'https://arxiv.org/list/cs.LG/new';
    await s.handle({ type: 'annotate', page: page(url), entries: Array.from({ length: 300 }, (_, i) => entry(`Paper In Flight ${i}`, `2508.${String(10100 + i)}`)) });
    const inFlight = s.handle({ type: 'shown', pageUrl: url });
    s.close(); // the worker goes away while the history is being written
    await inFlight.catch(() => undefined);
    const { s: again } = mk({ dbName });
    const st = await again.handle({ type: 'stats' });
    // Either the whole page's history is there or none of it; the saved paper always is.
    expect([1, 301]).toContain(st.localPapers);
    expect(st.sightings).toBe(st.localPapers - 1);
    expect((await again.handle({ type: 'listSaved' })).hits.map((h) => h.title)).toEqual(['Committed Paper']);
    again.close();
  });
});

describe('helpers', () => {
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
    expect((await s.handle({ type: 'getPaper', paperId: 'arxiv:2509.00001' })).sightings).toHaveLength(20);
    s.close();
  });
});
