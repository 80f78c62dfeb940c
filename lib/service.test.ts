import corpus from 'virtual:paper-lens-corpus';
import { describe, expect, it, vi } from 'vitest';
import { Library } from './db/library';
import { openLibraryDB } from './db/schema';
import { gate } from './guard';
import { envelope, LIMITS, PROTOCOL, type Broadcast, type EntryInfo, type PageInfo } from './messages';
import { createService } from './service';
import { TOPIC_MODEL_VERSION } from './topics/classifier';

let n = 0;
const mk = (over: Partial<Parameters<typeof createService>[0]> = {}) => {
  const sent: Broadcast[] = [];
  let t = 1_000_000;
  const s = createService({ corpus, version: 'test', dbName: `svc-${Date.now()}-${n++}`, broadcast: (m) => sent.push(m), now: () => ++t, ...over });
  return { s, sent };
};
const page = (url = 'https://huggingface.co/papers/date/2025-03-20'): PageInfo => ({ url, site: 'hf', label: 'HF Papers 2025-03-20', date: '2025-03-20' });
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
    const huge = envelope({ type: 'annotate', page: page(), entries: [entry('x'.repeat(LIMITS.maxMessageBytes))] });
    expect(gate(huge, { id: 'me' }, 'me')).toEqual({ ok: false, error: 'message too large' });
    for (const bad of [
      null, 42, 'ping', { protocol: 'other', request: { type: 'ping' } }, { protocol: PROTOCOL }, { protocol: PROTOCOL, request: { type: 'drop tables' } },
      envelope({ type: 'ping', extra: 1 } as never),
      envelope({ type: 'annotate', page: { ...page(), url: 'javascript:alert(1)' }, entries: [] }),
      envelope({ type: 'annotate', page: page(), entries: [{ title: '' }] } as never),
      envelope({ type: 'annotate', page: page(), entries: Array.from({ length: LIMITS.maxEntriesPerAnnotate + 1 }, () => entry('t')) }),
      envelope({ type: 'shown', pageUrl: 'javascript:alert(1)' }),
      envelope({ type: 'shown', pageUrl: 'https://huggingface.co/papers', extra: true } as never),
      envelope({ type: 'shown' } as never),
      envelope({ type: 'save', entry: { title: 'x', arxivId: 'not-an-id' } } as never),
      envelope({ type: 'unsave', paperId: '../../etc' } as never),
      envelope({ type: 'setNote', paperId: 'p1', note: 'x'.repeat(LIMITS.maxNote + 1) }),
      envelope({ type: 'search', query: 'q', limit: 10_000 }),
    ]) {
      const g = gate(bad, { id: 'me' }, 'me');
      expect(g.ok, JSON.stringify(bad)?.slice(0, 80)).toBe(false);
    }
  });
});

describe('the background service', () => {
  it('annotates a seed paper with its corpus listings, repeats and first sightings', async () => {
    const { s } = mk();
    const res = await s.handle({ type: 'annotate', page: page(), entries: [entry(sorsa.title), entry('A Paper Nobody Has Seen Before At All', '2503.00001'), entry(`  ${sorsa.title.toUpperCase()} `)] });
    const [a, b, c] = res.annotations;
    expect(a!.paperId).toBe(sorsa.id);
    expect(a!.match).toMatchObject({ kind: 'exact', title: sorsa.title });
    expect(a!.corpus).toEqual([{ listing: '001_c06ef7874d86d66c', position: 1, date: 'Mar 13' }]);
    expect(a!.repeats).toEqual([2]);
    expect(c!.repeats).toEqual([0]);
    expect(c!.paperId).toBe(sorsa.id);
    expect(b).toMatchObject({ paperId: 'arxiv:2503.00001', match: null, corpus: [], seenBefore: [], saved: null });
    expect(a!.topics.map((t) => t.id)).toContain('peft');
    // Seen on another page later: the earlier sighting is reported; the current page is not.
    const again = await s.handle({ type: 'annotate', page: page('https://arxiv.org/list/cs.LG/new'), entries: [entry('Another title', '2503.00001')] });
    expect(again.annotations[0]!.seenBefore).toMatchObject([{ site: 'hf', label: 'HF Papers 2025-03-20', pageUrl: 'https://huggingface.co/papers/date/2025-03-20' }]);
    const same = await s.handle({ type: 'annotate', page: page(), entries: [entry('A Paper Nobody Has Seen Before At All', '2503.00001')] });
    expect(same.annotations[0]!.seenBefore.map((x) => x.pageUrl)).toEqual(['https://arxiv.org/list/cs.LG/new']);
    s.close();
  });

  it("writes a page's history once the page reports its badges shown, or when something reads it", async () => {
    const dbName = `svc-later-${Date.now()}`;
    const { s } = mk({ dbName });
    const db = new Library(await openLibraryDB({ name: dbName }));
    const a = page('https://huggingface.co/papers/date/2025-03-21');
    await s.handle({ type: 'annotate', page: a, entries: [entry('First Paper Seen Here', '2503.10001'), entry('Second Paper Seen Here', '2503.10002')] });
    // Nothing is written while the page renders its rows...
    expect(await db.allSightings()).toEqual([]);
    // ...nor when another page says it is done...
    expect(await s.handle({ type: 'shown', pageUrl: 'https://arxiv.org/list/cs.LG/new' })).toEqual({ recorded: 0 });
    expect(await db.allSightings()).toEqual([]);
    // ...but once this page has its badges (the URL as the page sent it: canonicalised the same way).
    expect(await s.handle({ type: 'shown', pageUrl: `${a.url}#top` })).toEqual({ recorded: 2 });
    expect((await db.allSightings()).map((x) => x.paperId).sort()).toEqual(['arxiv:2503.10001', 'arxiv:2503.10002']);
    // Waiting sightings are written before anything that reads history answers: another page's annotate,
    // stats, search.
    await s.handle({ type: 'annotate', page: page('https://huggingface.co/papers/date/2025-03-22'), entries: [entry('Third Paper Seen Here', '2503.10003')] });
    const other = await s.handle({ type: 'annotate', page: page('https://arxiv.org/list/cs.LG/new'), entries: [entry('Third Paper Seen Here', '2503.10003')] });
    expect(other.annotations[0]!.seenBefore.map((x) => x.pageUrl)).toEqual(['https://huggingface.co/papers/date/2025-03-22']);
    expect((await s.handle({ type: 'stats' })).sightings).toBe(4);
    expect(await db.allSightings()).toHaveLength(4);
    db.close();
    s.close();
  });

  it('writes the history of a page that never reports shown after a while; drops it when history is turned off or cleared', async () => {
    const dbName = `svc-wait-${Date.now()}`;
    const { s } = mk({ dbName, historyWaitMs: 250 });
    const db = new Library(await openLibraryDB({ name: dbName }));
    await s.handle({ type: 'annotate', page: page(), entries: [entry('A Tab Closed Before Its Rows', '2503.20001')] });
    expect(await db.allSightings()).toEqual([]);
    await vi.waitFor(async () => expect(await db.allSightings()).toHaveLength(1), { timeout: 5000, interval: 20 });
    // Cleared (or turned off) while a page was still rendering: what it showed is not written afterwards.
    await s.handle({ type: 'annotate', page: page('https://arxiv.org/list/cs.AI/new'), entries: [entry('Seen Just Before Clearing', '2503.20002')] });
    expect(await s.handle({ type: 'clearHistory' })).toEqual({ removed: 1 });
    await new Promise((r) => setTimeout(r, 400));
    await s.flush();
    expect(await db.allSightings()).toEqual([]);
    await s.handle({ type: 'annotate', page: page('https://arxiv.org/list/cs.CL/new'), entries: [entry('Seen Just Before Turning Off', '2503.20003')] });
    await s.handle({ type: 'setHistory', enabled: false });
    await new Promise((r) => setTimeout(r, 400));
    await s.flush();
    expect(await db.allSightings()).toEqual([]);
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
    const lib = new Library(await openLibraryDB({ name: dbName }));
    const title = 'QLoRA: Efficient Finetuning of Quantized LLMs';
    await lib.save({ id: 'arxiv:2305.14314', title, key: title.toLowerCase(), arxivId: '2305.14314', topics: ['gnn'] });
    await lib.setMeta('topicModel', 'rules-old');
    const { s } = mk({ dbName });
    await s.handle({ type: 'stats' });
    await vi.waitFor(async () => expect(await lib.getMeta('topicModel')).toBe(TOPIC_MODEL_VERSION));
    const row = await lib.getPaper('arxiv:2305.14314');
    expect(row!.topics).toEqual(expect.arrayContaining(['peft', 'quantization']));
    expect(row!.topics).not.toContain('gnn');
    const ann = await s.handle({ type: 'annotate', page: page(), entries: [entry(title, '2305.14314')] });
    expect(ann.annotations[0]!.topics.map((t) => t.id)).toEqual(row!.topics);
    expect(ann.annotations[0]!.saved).not.toBeNull();
    s.close();
  });

  it('history off: nothing is recorded; clearing history keeps saved papers', async () => {
    const { s } = mk();
    await s.handle({ type: 'annotate', page: page(), entries: [entry('Seen Paper One', '2502.00001')] });
    await s.handle({ type: 'save', entry: entry('Saved Paper Two', '2502.00002') });
    await s.handle({ type: 'annotate', page: page(), entries: [entry('Saved Paper Two', '2502.00002')] });
    expect((await s.handle({ type: 'stats' })).sightings).toBe(2);
    expect((await s.handle({ type: 'clearHistory' })).removed).toBe(2);
    const st = await s.handle({ type: 'stats' });
    expect(st).toMatchObject({ sightings: 0, saved: 1, localPapers: 1 });
    await s.handle({ type: 'setHistory', enabled: false });
    await s.handle({ type: 'annotate', page: page(), entries: [entry('Seen Paper Three', '2502.00003')] });
    expect((await s.handle({ type: 'stats' })).sightings).toBe(0);
    s.close();
  });

  it('concurrency: 10 pages save and unsave 500 papers interleaved; the final state equals the sequential result', async () => {
    const dbName = `svc-conc-${Date.now()}`;
    const { s } = mk({ dbName });
    const ops: Array<{ page: number; paper: number; save: boolean }> = [];
    for (let step = 0; step < 3; step++) for (let p = 0; p < 500; p++) ops.push({ page: (p + step) % 10, paper: p, save: (p + step) % 3 !== 2 });
    const expected = new Map<number, boolean>();
    for (const o of ops) expected.set(o.paper, o.save);
    // Fire every request at once, as 10 tabs would; each page's requests arrive in order.
    await Promise.all(
      ops.map((o) =>
        o.save ? s.handle({ type: 'save', entry: entry(`Concurrent Paper Number ${o.paper}`, `2504.${String(10000 + o.paper)}`) }) : s.handle({ type: 'unsave', paperId: `arxiv:2504.${String(10000 + o.paper)}` }),
      ),
    );
    const savedIds = new Set((await s.handle({ type: 'listSaved', limit: 500 })).hits.map((h) => h.id));
    for (const [p, want] of expected) expect(savedIds.has(`arxiv:2504.${String(10000 + p)}`)).toBe(want);
    expect((await s.handle({ type: 'stats' })).saved).toBe([...expected.values()].filter(Boolean).length);
    s.close();
    // What was committed to the database is the same.
    const { s: reopened } = mk({ dbName });
    const fromDb = new Set((await reopened.handle({ type: 'listSaved', limit: 500 })).hits.map((h) => h.id));
    expect(fromDb).toEqual(savedIds);
    reopened.close();
  });
});

describe('cold start from the snapshot', () => {
  it('a restarted service answers from the snapshot exactly as from the full load', async () => {
    const dbName = `svc-snap-${Date.now()}`;
    const { s } = mk({ dbName });
    await s.handle({ type: 'save', entry: entry(gat.title) });
    await s.handle({ type: 'annotate', page: page('https://arxiv.org/list/cs.LG/new'), entries: [entry('Paper Seen Before Restart', '2506.00001'), entry(sorsa.title)] });
    await s.handle({ type: 'importBatch', collection: { id: 'c1', name: 'Lib', format: 'bibtex' }, entries: [entry('Imported Before Restart')] });
    const probe = [entry(gat.title), entry('Paper Seen Before Restart', '2506.00001'), entry('imported before restart'), entry('Never Seen Anywhere')];
    const p2 = page('https://huggingface.co/papers/date/2025-06-02');
    const { s: full } = mk({ dbName });
    await full.handle({ type: 'annotate', page: p2, entries: probe });
    expect(full.timings().snapshot).toBe(0);
    await full.handle({ type: 'setHistory', enabled: false }); // no more writes: the snapshot stays current
    await full.flush();
    const expected = await full.handle({ type: 'annotate', page: p2, entries: probe });
    const fullStats = await full.handle({ type: 'stats' });
    full.close();
    s.close();
    const { s: fast } = mk({ dbName });
    const got = await fast.handle({ type: 'annotate', page: p2, entries: probe });
    expect(fast.timings().snapshot).toBe(1);
    const strip = (a: typeof got.annotations) => a.map((x) => ({ ...x, seenBefore: x.seenBefore.map((y) => ({ ...y, seenAt: 0 })) }));
    expect(strip(got.annotations)).toEqual(strip(expected.annotations));
    expect(got.annotations[1]!.seenBefore.map((x) => x.pageUrl)).toEqual(['https://arxiv.org/list/cs.LG/new']);
    // Other requests wait for every row (read in the background after the first answers).
    const { storageBytes: _a, ...fastStats } = (await fast.handle({ type: 'stats' })) as unknown as Record<string, unknown>;
    const { storageBytes: _b, ...wantStats } = fullStats as unknown as Record<string, unknown>;
    expect(fastStats).toEqual(wantStats);
    expect((await fast.handle({ type: 'search', query: 'imported before restart' })).hits[0]?.title).toBe('Imported Before Restart');
    // A write after the snapshot makes it stale: the next start does the full load.
    await fast.handle({ type: 'unsave', paperId: gat.id });
    fast.close();
    const { s: after } = mk({ dbName });
    const again = await after.handle({ type: 'annotate', page: p2, entries: [entry(gat.title)] });
    expect(after.timings().snapshot).toBe(0);
    expect(again.annotations[0]!.saved).toBeNull();
    after.close();
  });
});
