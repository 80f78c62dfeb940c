/** Import/export job: collections, backups and exports through the service. */
import corpus from 'virtual:paper-lens-corpus';
import { describe, expect, it } from 'vitest';
import { readBibtex, readCsv, readRis } from '../export/readers';
import { toEntry, toSave } from '../../components/ImportPanel';
import { createService } from './service';

let n = 0;
const svc = () => createService({ corpus, version: 't', dbName: `exp-${Date.now()}-${n++}` });

describe('import into the library', () => {
  it('imported papers count as "in your library"; removing the collection removes only its papers', async () => {
    const s = svc();
    const gat = corpus.papers.find((p) => p.title === 'Graph Attention Networks')!;
    await s.handle({ type: 'save', entry: { title: 'Kept Saved Paper', arxivId: '2402.00001', url: null } });
    const entries = [
      { title: 'graph attention networks', arxivId: null, url: null },
      { title: 'Kept Saved Paper', arxivId: '2402.00001', url: null },
      { title: 'Only In The Import', arxivId: null, url: null, year: 2019, authors: ['A B'] },
      { title: 'Another Paper Only Imported', arxivId: null, url: null },
    ];
    const dry = await s.handle({ type: 'importBatch', collection: { id: 'zotero-1', name: 'My Zotero', format: 'bibtex' }, entries, dryRun: true });
    expect(dry).toMatchObject({ added: 0, matched: 2 });
    expect((await s.handle({ type: 'stats' })).imports).toBe(0);
    await s.handle({ type: 'importBatch', collection: { id: 'zotero-1', name: 'My Zotero', format: 'bibtex' }, entries });
    const ann = await s.handle({ type: 'annotate', page: { url: 'https://arxiv.org/list/cs.LG/new', site: 'arxiv', label: 'arXiv', date: null }, entries: [{ title: gat.title, arxivId: null, url: null }, { title: 'Only In The Import', arxivId: null, url: null }] });
    expect(ann.annotations.map((a) => a.libraries)).toEqual([['My Zotero'], ['My Zotero']]);
    expect((await s.handle({ type: 'listCollections' })).collections).toMatchObject([{ id: 'zotero-1', name: 'My Zotero', count: 4 }]);
    // 'Only In The Import' has now been seen on a listing too, so it stays; 'Another Paper Only Imported' goes.
    expect((await s.handle({ type: 'removeCollection', id: 'zotero-1' })).removed).toBe(1);
    expect((await s.handle({ type: 'search', query: 'Another Paper Only Imported' })).hits.map((h) => h.title)).not.toContain('Another Paper Only Imported');
    const after = await s.handle({ type: 'annotate', page: { url: 'https://arxiv.org/list/cs.LG/new', site: 'arxiv', label: 'arXiv', date: null }, entries: [{ title: 'Kept Saved Paper', arxivId: '2402.00001', url: null }] });
    expect(after.annotations[0]).toMatchObject({ libraries: [], saved: { note: '' } });
    s.close();
  });

  it('JSON backup -> import into an empty library -> identical state', async () => {
    const a = svc();
    await a.handle({ type: 'save', entry: { title: 'Saved With A Note', arxivId: '2403.00001', url: 'https://arxiv.org/abs/2403.00001' } });
    await a.handle({ type: 'setNote', paperId: 'arxiv:2403.00001', note: 'ñote ✓', tags: ['to-read'] });
    await a.handle({ type: 'annotate', page: { url: 'https://huggingface.co/papers', site: 'hf', label: 'HF Papers', date: null }, entries: [{ title: 'Seen Only Paper Title', arxivId: '2403.00002', url: null }] });
    await a.handle({ type: 'importBatch', collection: { id: 'c1', name: 'JabRef', format: 'bibtex' }, entries: [{ title: 'Imported Only Paper', arxivId: null, url: null }] });
    await a.handle({ type: 'setUserTopics', topics: [{ id: 'u-lab', label: 'Lab', color: '#112233', phrases: ['note'], exclude: [] }] });
    const { json } = await a.handle({ type: 'exportBackup', includeSightings: true });
    const before = JSON.parse(json);
    a.close();
    const b = svc();
    await b.handle({ type: 'restoreBackup', part: before });
    const again = JSON.parse((await b.handle({ type: 'exportBackup', includeSightings: true })).json);
    expect({ ...again, exportedAt: 0 }).toEqual({ ...before, exportedAt: 0 });
    expect((await b.handle({ type: 'getSettings' })).userTopics.map((t) => t.id)).toEqual(['u-lab']);
    await expect(b.handle({ type: 'restoreBackup', part: { papers: [{ id: 'x' }] } })).rejects.toThrow(/invalid record/);
    b.close();
  });

  it('exports saved papers filtered by tag', async () => {
    const s = svc();
    await s.handle({ type: 'save', entry: { title: 'Tagged Paper', arxivId: '2404.00001', url: null } });
    await s.handle({ type: 'save', entry: { title: 'Untagged Paper', arxivId: '2404.00002', url: null } });
    await s.handle({ type: 'setNote', paperId: 'arxiv:2404.00001', note: '', tags: ['keep'] });
    const all = await s.handle({ type: 'exportSaved', format: 'ris' });
    expect(all.count).toBe(2);
    const tagged = await s.handle({ type: 'exportSaved', format: 'bibtex', tag: 'keep' });
    expect(tagged.count).toBe(1);
    expect(tagged.text).toContain('eprint = {2404.00001}');
    expect(tagged.filename).toMatch(/^paper-lens-saved-\d{4}-\d{2}-\d{2}\.bib$/);
    s.close();
  });

  it('an import cancelled part-way leaves the library exactly as it was', async () => {
    const s = svc();
    await s.handle({ type: 'save', entry: { title: 'Saved Before The Import', arxivId: '2405.00001', url: null, abstract: 'A short abstract.' } });
    await s.handle({ type: 'annotate', page: { url: 'https://arxiv.org/list/cs.LG/new', site: 'arxiv', label: 'arXiv', date: null }, entries: [{ title: 'Seen Before The Import', arxivId: '2405.00002', url: null }] });
    const before = JSON.parse((await s.handle({ type: 'exportBackup', includeSightings: true })).json);
    const collection = { id: 'imp-1', name: 'Zotero', format: 'bibtex' };
    await s.handle({ type: 'importBatch', collection, entries: [
      { title: 'Saved Before The Import', arxivId: '2405.00001', url: null, abstract: 'A much longer abstract that the import brings along. '.repeat(10), authors: ['Ada Lovelace'], year: 2024 },
      { title: 'Only In The Import', arxivId: null, url: null },
    ] });
    await s.handle({ type: 'importBatch', collection, entries: [{ title: 'Seen Before The Import', arxivId: '2405.00002', url: null, year: 2023 }, { title: 'Only In The Import Too', arxivId: null, url: null }] });
    expect((await s.handle({ type: 'listCollections' })).collections).toMatchObject([{ id: 'imp-1', pending: true, count: 4 }]);
    expect(await s.handle({ type: 'importCancel', id: 'imp-1' })).toEqual({ restored: 4 });
    const after = JSON.parse((await s.handle({ type: 'exportBackup', includeSightings: true })).json);
    expect({ ...after, exportedAt: 0 }).toEqual({ ...before, exportedAt: 0 });
    expect((await s.handle({ type: 'listCollections' })).collections).toEqual([]);
    expect((await s.handle({ type: 'search', query: 'only in the import' })).hits.map((h) => h.title)).not.toContain('Only In The Import');
    const ann = await s.handle({ type: 'annotate', page: { url: 'https://huggingface.co/papers', site: 'hf', label: 'HF', date: null }, entries: [{ title: 'Saved Before The Import', arxivId: '2405.00001', url: null }] });
    expect(ann.annotations[0]).toMatchObject({ libraries: [], saved: { note: '' } });
    s.close();
  });

  it('cancelling an import keeps what the user did meanwhile: a paper it created and the user saved stays saved', async () => {
    const s = svc();
    const collection = { id: 'imp-2', name: 'Zotero', format: 'bibtex' };
    await s.handle({ type: 'importBatch', collection, entries: [
      { title: 'Created By The Import And Then Saved', arxivId: '2406.00001', url: null },
      { title: 'Created By The Import And Then Seen', arxivId: '2406.00002', url: null },
      { title: 'Created By The Import Only', arxivId: '2406.00003', url: null },
    ] });
    await s.handle({ type: 'save', entry: { title: 'Created By The Import And Then Saved', arxivId: '2406.00001', url: null } });
    await s.handle({ type: 'annotate', page: { url: 'https://arxiv.org/list/cs.CL/new', site: 'arxiv', label: 'arXiv', date: null }, entries: [{ title: 'Created By The Import And Then Seen', arxivId: '2406.00002', url: null }] });
    await s.handle({ type: 'shown', pageUrl: 'https://arxiv.org/list/cs.CL/new' });
    expect(await s.handle({ type: 'importCancel', id: 'imp-2' })).toEqual({ restored: 3 });
    const saved = await s.handle({ type: 'getPaper', paperId: 'arxiv:2406.00001' });
    expect(saved.paper).toMatchObject({ title: 'Created By The Import And Then Saved' });
    expect(saved.saved).not.toBeNull();
    expect((await s.handle({ type: 'listSaved' })).hits.map((h) => h.id)).toEqual(['arxiv:2406.00001']);
    const seen = await s.handle({ type: 'getPaper', paperId: 'arxiv:2406.00002' });
    expect(seen.seenCount).toBe(1);
    expect(seen.paper?.origins).toEqual(['seen']);
    expect((await s.handle({ type: 'getPaper', paperId: 'arxiv:2406.00003' })).paper).toBeNull();
    expect((await s.handle({ type: 'stats' })).library).toBe(1);
    s.close();
  });

  it('importing a file under a name already used replaces that collection, or adds to it', async () => {
    const s = svc();
    const first = { id: 'z1', name: 'zotero', format: 'bibtex' };
    await s.handle({ type: 'importBatch', collection: first, entries: [{ title: 'Kept In Both Exports', arxivId: null, url: null }, { title: 'Dropped From The New Export', arxivId: null, url: null }] });
    await s.handle({ type: 'importFinish', id: 'z1', mode: 'keep' });
    // The same export, updated, imported again: replace.
    await s.handle({ type: 'importBatch', collection: { id: 'z2', name: 'zotero', format: 'bibtex' }, entries: [{ title: 'Kept In Both Exports', arxivId: null, url: null }, { title: 'New In The Export', arxivId: null, url: null }] });
    await s.handle({ type: 'importFinish', id: 'z2', mode: 'replace', target: 'z1' });
    let cols = (await s.handle({ type: 'listCollections' })).collections;
    expect(cols.map((c) => [c.name, c.count, c.pending ?? false])).toEqual([['zotero', 2, false]]);
    const titles = async (q: string) => (await s.handle({ type: 'search', query: q, filters: { source: 'imported' } })).hits.map((h) => h.title);
    expect(await titles('dropped from the new export')).not.toContain('Dropped From The New Export');
    expect((await titles('kept in both exports'))[0]).toBe('Kept In Both Exports');
    // Another file added to the same collection: merge.
    await s.handle({ type: 'importBatch', collection: { id: 'z3', name: 'zotero', format: 'csv' }, entries: [{ title: 'Added Later', arxivId: null, url: null }] });
    const { id } = await s.handle({ type: 'importFinish', id: 'z3', mode: 'merge', target: cols[0]!.id });
    cols = (await s.handle({ type: 'listCollections' })).collections;
    expect(cols.map((c) => [c.id, c.name, c.count])).toEqual([[id, 'zotero', 3]]);
    const ann = await s.handle({ type: 'annotate', page: { url: 'https://arxiv.org/list/cs.LG/new', site: 'arxiv', label: 'arXiv', date: null }, entries: [{ title: 'Added Later', arxivId: null, url: null }] });
    expect(ann.annotations[0]!.libraries).toEqual(['zotero']);
    await expect(s.handle({ type: 'importFinish', id: 'z3', mode: 'keep' })).rejects.toThrow(/no import in progress/);
    s.close();
  });

  describe('tags and notes come back from an export of saved papers', () => {
    const fill = async (s: ReturnType<typeof svc>) => {
      await s.handle({ type: 'save', entry: { title: 'Tagged And Noted Paper', arxivId: '2407.00001', url: null, abstract: 'Attention is all you need for large language models.' } });
      await s.handle({ type: 'setNote', paperId: 'arxiv:2407.00001', note: 'read §3 — “key” idea, 50% faster', tags: ['to-read', 'agents'] });
      await s.handle({ type: 'save', entry: { title: 'Plain Saved Paper', arxivId: null, doi: '10.1000/plain', url: null } });
    };
    const savedOf = async (s: ReturnType<typeof svc>) =>
      (await s.handle({ type: 'listSaved' })).hits.map((h) => ({ id: h.id, tags: h.saved!.tags, note: h.saved!.note, savedAt: h.saved!.savedAt })).sort((a, b) => (a.id < b.id ? -1 : 1));

    for (const format of ['bibtex', 'csv'] as const) {
      it(`${format}: export → import into another profile → the same saved papers, tags, notes and dates; undo takes them back`, async () => {
        const a = svc();
        await fill(a);
        const want = await savedOf(a);
        const { text } = await a.handle({ type: 'exportSaved', format });
        a.close();
        const read = format === 'bibtex' ? await readBibtex(text) : readCsv(text);
        expect(read.errors).toEqual([]);
        // The file says these were saved: the import panel saves them by default.
        expect(read.entries.every((e) => e.savedAt != null)).toBe(true);
        const b = svc();
        await b.handle({ type: 'importBatch', collection: { id: 'back-1', name: 'mine', format }, entries: read.entries.map(toEntry), saves: read.entries.map(toSave) });
        expect(await savedOf(b)).toEqual(want);
        const ann = await b.handle({ type: 'annotate', page: { url: 'https://arxiv.org/list/cs.LG/new', site: 'arxiv', label: 'arXiv', date: null }, entries: [{ title: 'Tagged And Noted Paper', arxivId: '2407.00001', url: null }] });
        expect(ann.annotations[0]!.saved).toMatchObject({ tags: ['to-read', 'agents'], note: 'read §3 — “key” idea, 50% faster' });
        await b.handle({ type: 'importCancel', id: 'back-1' });
        expect(await savedOf(b)).toEqual([]);
        expect((await b.handle({ type: 'stats' })).library).toBe(0);
        b.close();
      });
    }

    it('a paper saved already keeps its note and date, gains the tags; undoing the import puts its tags back as they were', async () => {
      const s = svc();
      await s.handle({ type: 'save', entry: { title: 'Saved Here First', arxivId: '2408.00001', url: null } });
      await s.handle({ type: 'setNote', paperId: 'arxiv:2408.00001', note: 'my own note', tags: ['mine'] });
      const before = await savedOf(s);
      const backup = JSON.parse((await s.handle({ type: 'exportBackup', includeSightings: true })).json);
      const collection = { id: 'imp-s', name: 'other machine', format: 'csv' };
      // Two batches: the paper comes twice; the undo keeps its state from before the first.
      await s.handle({ type: 'importBatch', collection, entries: [{ title: 'Saved Here First', arxivId: '2408.00001', url: null }, { title: 'New From The File', arxivId: '2408.00002', url: null }], saves: [{ savedAt: 1000, tags: ['theirs'], note: 'their note' }, { savedAt: null, tags: [], note: '' }] });
      await s.handle({ type: 'importBatch', collection, entries: [{ title: 'Saved Here First', arxivId: '2408.00001', url: null }, { title: 'Not Saved From The File', arxivId: '2408.00003', url: null }], saves: [{ savedAt: null, tags: ['third'], note: 'x' }, null] });
      const mid = await savedOf(s);
      expect(mid.find((x) => x.id === 'arxiv:2408.00001')).toEqual({ ...before[0], tags: ['mine', 'theirs', 'third'], savedAt: 1000 });
      expect(mid.map((x) => x.id)).toEqual(['arxiv:2408.00001', 'arxiv:2408.00002']);
      await s.handle({ type: 'importCancel', id: 'imp-s' });
      expect(await savedOf(s)).toEqual(before);
      const after = JSON.parse((await s.handle({ type: 'exportBackup', includeSightings: true })).json);
      expect({ ...after, exportedAt: 0 }).toEqual({ ...backup, exportedAt: 0 });
      s.close();
    });

    it('RIS keywords and notes are read', () => {
      const ris = readRis('TY  - GEN\r\nTI  - A Paper\r\nKW  - to-read\r\nKW  - vision\r\nN1  - a note\r\nER  - \r\n');
      expect(ris.entries[0]).toMatchObject({ keywords: ['to-read', 'vision'], note: 'a note' });
    });
  });
});
