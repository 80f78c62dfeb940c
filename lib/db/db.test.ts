import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { Library } from './library';
import { DB_VERSION, describeStorageError, openLibraryDB, upgradeSchema, type PaperLensDB } from './schema';

let n = 0;
const freshName = () => `test-db-${Date.now()}-${n++}`;
const paper = (i: number) => ({ id: `p${i}`, title: `Paper ${i}`, key: `paper${i}`, arxivId: `2401.${String(10000 + i)}` });

describe('library store operations', () => {
  it('saves, notes, unsaves; unsaving a paper only saved removes its record', async () => {
    const lib = new Library(await openLibraryDB({ name: freshName() }));
    const { paper: row, saved } = await lib.save(paper(1), 1000);
    expect(row.origins).toEqual(['saved']);
    expect(saved).toEqual({ paperId: 'p1', savedAt: 1000, note: '', tags: [] });
    // Saving again keeps the original savedAt.
    expect((await lib.save(paper(1), 2000)).saved.savedAt).toBe(1000);
    expect(await lib.setNote('p1', 'read later', ['todo', ' todo ', 'x'])).toMatchObject({ note: 'read later', tags: ['todo', 'x'] });
    await expect(lib.setNote('nope', 'x')).rejects.toThrow(/not saved/);
    expect(await lib.unsave('p1')).toBe(true);
    expect(await lib.getPaper('p1')).toBeUndefined();
    expect(await lib.unsave('p1')).toBe(false);
    lib.close();
  });

  it('records one sighting per paper per page, and clearing history keeps saved papers', async () => {
    const lib = new Library(await openLibraryDB({ name: freshName() }));
    const page = { site: 'arxiv' as const, label: 'arXiv cs.LG (new)', date: '2025-03-13' };
    await lib.recordSightings([{ paper: paper(1), ...page, pageUrl: 'https://arxiv.org/list/cs.LG/new#item3' }, { paper: paper(2), ...page, pageUrl: 'https://arxiv.org/list/cs.LG/new' }], 1000);
    await lib.recordSightings([{ paper: paper(1), ...page, pageUrl: 'https://arxiv.org/list/cs.LG/new' }], 2000);
    const s1 = await lib.sightingsOf('p1');
    expect(s1).toHaveLength(1);
    expect(s1[0]).toMatchObject({ seenAt: 1000, lastSeenAt: 2000, pageUrl: 'https://arxiv.org/list/cs.LG/new' });
    await lib.save(paper(2), 3000);
    expect((await lib.getPaper('p2'))!.origins).toEqual(['seen', 'saved']);
    const cleared = await lib.clearHistory();
    expect(cleared).toEqual({ sightings: 2, papers: ['p1'] });
    expect(await lib.getPaper('p1')).toBeUndefined();
    expect((await lib.getPaper('p2'))!.origins).toEqual(['saved']);
    expect(await lib.getSaved('p2')).toBeTruthy();
    expect(await lib.counts()).toEqual({ papers: 1, saved: 1, sightings: 0, imports: 0 });
    lib.close();
  });

  it('recording with the caller\'s in-memory rows stores exactly what recording from the database does', async () => {
    const page = { site: 'hf' as const, label: 'HF Papers', date: null };
    const views = [
      [{ paper: paper(1), ...page, pageUrl: 'https://huggingface.co/papers?date=2025-03-13' }, { paper: paper(2), ...page, pageUrl: 'https://huggingface.co/papers?date=2025-03-13' }],
      // the same paper twice in one batch, a paper seen again on another page, one seen again with an abstract
      [{ paper: paper(3), ...page, pageUrl: 'https://huggingface.co/papers?date=2025-03-14' }, { paper: paper(3), ...page, pageUrl: 'https://huggingface.co/papers?date=2025-03-14' }, { paper: paper(1), ...page, pageUrl: 'https://huggingface.co/papers?date=2025-03-14' }],
      [{ paper: { ...paper(2), abstract: 'Now with an abstract.' }, ...page, pageUrl: 'https://huggingface.co/papers?date=2025-03-13' }, { paper: paper(1), ...page, pageUrl: 'https://huggingface.co/papers?date=2025-03-14' }],
    ];
    const fromDb = new Library(await openLibraryDB({ name: freshName() }));
    const fromMemory = new Library(await openLibraryDB({ name: freshName() }));
    const papers = new Map<string, Awaited<ReturnType<Library['allPapers']>>[number]>();
    const sightings = new Map<string, Awaited<ReturnType<Library['allSightings']>>[number]>();
    const known = { paper: (id: string) => papers.get(id), sighting: (_p: string, id: string) => sightings.get(id) };
    for (const [i, items] of views.entries()) {
      const a = await fromDb.recordSightings(items, 1000 * (i + 1));
      const b = await fromMemory.recordSightings(items, 1000 * (i + 1), known);
      expect(b).toEqual(a);
      for (const r of b.papers) papers.set(r.id, r);
      for (const r of b.sightings) sightings.set(r.id, r);
    }
    expect(await fromMemory.allPapers()).toEqual(await fromDb.allPapers());
    expect(await fromMemory.allSightings()).toEqual(await fromDb.allSightings());
    // Nothing new about paper 1 in the last view: its row was not rewritten; paper 2 got its abstract.
    expect((await fromDb.getPaper('p1'))!.updatedAt).toBe(1000);
    expect(await fromDb.getPaper('p2')).toMatchObject({ abstract: 'Now with an abstract.', updatedAt: 3000 });
    expect((await fromDb.sightingsOf('p1')).map((x) => x.lastSeenAt).sort()).toEqual([1000, 3000]);
    expect(await fromDb.counts()).toEqual({ papers: 3, saved: 0, sightings: 4, imports: 0 });
    fromDb.close();
    fromMemory.close();
  });

  it('lists saved papers newest first, with paging; settings have defaults and persist', async () => {
    const lib = new Library(await openLibraryDB({ name: freshName() }));
    for (let i = 0; i < 5; i++) await lib.save(paper(i), 1000 + i);
    expect((await lib.savedNewestFirst(2)).map((s) => s.paperId)).toEqual(['p4', 'p3']);
    expect((await lib.savedNewestFirst(2, 2)).map((s) => s.paperId)).toEqual(['p2', 'p1']);
    expect((await lib.settings()).historyEnabled).toBe(true);
    await lib.updateSettings({ historyEnabled: false, sites: { hf: false } as never });
    const s = await lib.settings();
    expect(s.historyEnabled).toBe(false);
    expect(s.sites).toEqual({ hf: false, arxiv: true, scholar: true, acl: true });
    lib.close();
  });

  it('migrates a schema v1 database with every record intact', async () => {
    const name = freshName();
    const v1 = await openDB<PaperLensDB>(name, 1, { upgrade: (db, o, nv, tx) => upgradeSchema(db, o, 1, tx) });
    const rows = Array.from({ length: 50 }, (_, i) => ({
      id: `p${i}`, title: `Paper ${i}`, key: `paper${i}`, arxivId: null, doi: null, url: null, abstract: null, authors: [], year: 2020,
      codeUrl: null, topics: [], origins: ['saved' as const], collections: [], addedAt: 100 + i,
    }));
    const tx = v1.transaction(['papers', 'saved', 'sightings', 'imports'], 'readwrite');
    for (const r of rows) await tx.objectStore('papers').put(r as never);
    for (const r of rows) await tx.objectStore('saved').put({ paperId: r.id, savedAt: r.addedAt, note: `n${r.id}`, tags: ['a'] });
    await tx.objectStore('sightings').put({ id: 'p1|u', paperId: 'p1', site: 'hf', label: 'HF', pageUrl: 'u', date: null, seenAt: 5, lastSeenAt: 5 });
    await tx.objectStore('imports').put({ id: 'c1', name: 'Zotero', format: 'bibtex', count: 50, importedAt: 7 });
    await tx.done;
    v1.close();
    const lib = new Library(await openLibraryDB({ name }));
    expect(lib.db.version).toBe(DB_VERSION);
    const papers = await lib.allPapers();
    expect(papers).toHaveLength(50);
    expect(papers.find((p) => p.id === 'p7')).toMatchObject({ ...rows[7], updatedAt: 107 });
    expect((await lib.allSaved()).map((s) => s.note).sort()).toEqual(rows.map((r) => `n${r.id}`).sort());
    expect(await lib.allSightings()).toHaveLength(1);
    expect(await lib.allImports()).toEqual([{ id: 'c1', name: 'Zotero', format: 'bibtex', count: 50, importedAt: 7 }]);
    expect(await lib.db.getAllFromIndex('saved', 'byTag', 'a')).toHaveLength(50);
    lib.close();
  });

  it('a database from a newer version gives a clear message', async () => {
    const name = freshName();
    (await openDB(name, DB_VERSION + 5)).close();
    await expect(openLibraryDB({ name })).rejects.toThrow(/newer version of the extension/);
    expect(describeStorageError(Object.assign(new Error('x'), { name: 'QuotaExceededError' })).kind).toBe('quota');
  });
});
