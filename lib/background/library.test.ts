/** Library job: saving, unsaving and notes, in order and across restarts. */
import { describe, expect, it } from 'vitest';
import { entry, gat, mk, page } from './test-helpers';

describe('library', () => {
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

  it('a click on an entry only ever changes that entry\'s own paper: a look-alike informs, a supplement is another item', async () => {
    const { s, sent } = mk();
    const llama = { title: 'The Llama 3 Herd of Models', arxivId: '2407.21783', url: 'https://arxiv.org/abs/2407.21783' };
    await s.handle({ type: 'save', entry: llama });
    const scholar = { url: 'https://scholar.google.com/scholar?q=llama+3', site: 'scholar' as const, label: 'Google Scholar', date: null, load: 'scholarload01' };
    const res = await s.handle({ type: 'annotate', page: scholar, entries: [
      { title: 'The Llama 3 Herd of Models: Supplementary material', arxivId: null, url: null },
      { title: 'The Lama 3 Herd of Modles', arxivId: null, url: null },
    ] });
    const [supp, typo] = res.annotations;
    expect(supp).toMatchObject({ saved: null, lookAlike: null, match: null });
    expect(supp!.paperId).not.toBe('arxiv:2407.21783');
    // A look-alike is reported, with its score; the entry itself is not saved.
    expect(typo).toMatchObject({ saved: null, lookAlike: { paperId: 'arxiv:2407.21783', saved: true } });
    expect(typo!.paperId).not.toBe('arxiv:2407.21783');
    // Starring and unstarring the look-alike entry changes that entry only.
    await s.handle({ type: 'save', entry: { title: 'The Lama 3 Herd of Modles', arxivId: null, url: null }, paperId: typo!.paperId });
    await s.handle({ type: 'unsave', paperId: typo!.paperId! });
    await s.handle({ type: 'save', entry: { title: 'The Llama 3 Herd of Models: Supplementary material', arxivId: null, url: null }, paperId: supp!.paperId });
    await s.handle({ type: 'unsave', paperId: supp!.paperId! });
    expect((await s.handle({ type: 'listSaved' })).hits.map((h) => h.id)).toEqual(['arxiv:2407.21783']);
    expect(sent.filter((m) => m.type === 'changed' && m.what === 'saved' && m.paperId === 'arxiv:2407.21783' && m.saved === null)).toEqual([]);
    s.close();
  });
});
