/** Storage job: restarts (key table and segments read back), a full disk, a worker stopped mid-write. */
import { describe, expect, it } from 'vitest';
import { DAY, entry, gat, mk, page } from './test-helpers';

describe('storage', () => {
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
