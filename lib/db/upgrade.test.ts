/**
 * Upgrading a database written by the previous release (schema v2, frozen in test/legacy/) keeps every
 * paper, saved row, sighting, collection and setting, field by field; then the new code works on it.
 */
import corpus from 'virtual:paper-lens-corpus';
import fc from 'fast-check';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { Library as V2Library, type NewPaper as V2NewPaper } from '../../test/legacy/v2-library';
import { openLibraryDB as openV2, upgradeSchema as upgradeV2, type PaperLensDB as V2DB } from '../../test/legacy/v2-schema';
import { createService } from '../background/service';
import { DB_VERSION, openLibraryDB } from './schema';

let k = 0;
const freshName = () => `upgrade-${Date.now()}-${k++}`;

/** Everything a v2 database holds, as v2 shaped it (sightings without their derived id). */
async function v2Snapshot(name: string) {
  const lib = new V2Library(await openV2({ name }));
  const snap = {
    papers: (await lib.allPapers()).sort((a, b) => (a.id < b.id ? -1 : 1)),
    saved: (await lib.allSaved()).sort((a, b) => (a.paperId < b.paperId ? -1 : 1)),
    sightings: (await lib.allSightings()).map(({ id: _id, ...s }) => s).sort(bySighting),
    imports: (await lib.allImports()).sort((a, b) => (a.id < b.id ? -1 : 1)),
    settings: await lib.settings(),
    userTopics: await lib.getMeta<unknown[]>('userTopics'),
  };
  lib.close();
  return snap;
}

const bySighting = (a: { paperId: string; pageUrl: string }, b: { paperId: string; pageUrl: string }) => (a.paperId + a.pageUrl < b.paperId + b.pageUrl ? -1 : a.paperId + a.pageUrl > b.paperId + b.pageUrl ? 1 : 0);

/** The same view read from the upgraded (v3) database: each paper's sightings per page, first and last. */
async function v3AsV2(name: string) {
  const db = await openLibraryDB({ name });
  const rows = await db.getAll('papers');
  const abstracts = new Map<number, string>();
  for (const r of rows) {
    const a = await db.get('abstracts', r.n);
    if (a) abstracts.set(r.n, a);
  }
  const visits = new Map((await db.getAll('visits')).map((v) => [v.v, v]));
  const byN = new Map(rows.map((r) => [r.n, r]));
  const pages = new Map<string, { paperId: string; site: string; label: string; pageUrl: string; date: string | null; seenAt: number; lastSeenAt: number }>();
  for (const rec of await db.getAll('sightings')) {
    const v = visits.get(rec.v)!;
    for (const n of rec.ns) {
      const p = byN.get(n)!;
      const key = `${p.id}|${v.url}`;
      const cur = pages.get(key);
      if (!cur) pages.set(key, { paperId: p.id, site: v.site, label: v.label, pageUrl: v.url, date: v.date, seenAt: rec.at, lastSeenAt: rec.at });
      else {
        cur.seenAt = Math.min(cur.seenAt, rec.at);
        cur.lastSeenAt = Math.max(cur.lastSeenAt, rec.at);
      }
    }
  }
  const meta = async (key: string) => (await db.get('meta', key))?.value;
  const snap = {
    papers: rows
      .map(({ n: _n, abstractLen: _l, seen: _s, seenCount: _c, ...r }) => ({ ...r, abstract: abstracts.get(_n) ?? null }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
    saved: (await db.getAll('saved')).sort((a, b) => (a.paperId < b.paperId ? -1 : 1)),
    sightings: [...pages.values()].sort(bySighting),
    imports: (await db.getAll('imports')).sort((a, b) => (a.id < b.id ? -1 : 1)),
    settings: await meta('settings'),
    userTopics: await meta('userTopics'),
    version: db.version,
  };
  db.close();
  return snap;
}

/** Compare papers field by field with the v2 field order (JSON equality would also compare key order). */
function expectSameLibrary(v2: Awaited<ReturnType<typeof v2Snapshot>>, v3: Awaited<ReturnType<typeof v3AsV2>>): void {
  expect(v3.version).toBe(DB_VERSION);
  expect(v3.papers.length).toBe(v2.papers.length);
  v2.papers.forEach((p, i) => {
    const q = v3.papers[i]! as Record<string, unknown>;
    for (const [f, val] of Object.entries(p)) expect(q[f], `${p.id}.${f}`).toEqual(val);
  });
  expect(v3.saved).toEqual(v2.saved);
  expect(v3.sightings).toEqual(v2.sightings);
  expect(v3.imports).toEqual(v2.imports);
  // Settings: every stored one kept (v3 adds historyYears, unset until chosen).
  for (const [f, val] of Object.entries(v2.settings)) expect((v3.settings as Record<string, unknown> | undefined)?.[f] ?? (v2.settings as unknown as Record<string, unknown>)[f], f).toEqual(val);
  expect(v3.userTopics).toEqual(v2.userTopics);
}

const p2 = (id: string, title: string, extra: Partial<V2NewPaper> = {}): V2NewPaper => ({ id, title, key: title.toLowerCase().replace(/[^a-z0-9]+/g, ''), ...extra });

describe('upgrade from the previous release', () => {
  it('a v2 database written by the previous code: every record kept, then listed, searched and annotated', async () => {
    const name = freshName();
    const lib = new V2Library(await openV2({ name }));
    const papers = Array.from({ length: 40 }, (_, i) =>
      p2(i % 3 ? `arxiv:2401.${String(10000 + i)}` : `pold${i}`, `Upgraded Paper ${i} on Retrieval`, {
        arxivId: i % 3 ? `2401.${String(10000 + i)}` : null, abstract: i % 2 ? `An abstract about retrieval number ${i}.` : null, authors: i % 4 ? ['Ada Lovelace'] : [], year: 2020 + (i % 5), topics: ['rag'],
      }),
    );
    for (let i = 0; i < 10; i++) await lib.save(papers[i]!, 1000 + i);
    await lib.setNote(papers[2]!.id, 'a note ✓', ['to-read', 'x']);
    const site = (url: string) => ({ site: 'arxiv' as const, label: `arXiv ${url.split('/')[4]}`, pageUrl: url, date: '2024-01-02' });
    await lib.recordSightings(papers.slice(5, 30).map((p) => ({ paper: p, ...site('https://arxiv.org/list/cs.LG/new') })), 5000);
    await lib.recordSightings(papers.slice(20, 40).map((p) => ({ paper: p, ...site('https://arxiv.org/list/cs.IR/new') })), 6000);
    // Seen again on the first page later: v2 keeps the first and last time.
    await lib.recordSightings(papers.slice(25, 35).map((p) => ({ paper: p, ...site('https://arxiv.org/list/cs.LG/new') })), 9000);
    await lib.importPapers({ id: 'zot', name: 'My Zotero', format: 'bibtex' }, papers.slice(0, 5).concat([p2('pimp1', 'Only Imported Paper', { doi: '10.1000/xyz' })]), 7000);
    await lib.updateSettings({ historyEnabled: true, sites: { hf: false } as never, hiddenTopics: ['rl'], pageFilter: { arxiv: 'dim-seen' } });
    await lib.setMeta('userTopics', [{ id: 'u-lab', label: 'Lab', color: '#112233', phrases: ['retrieval'], exclude: [] }]);
    await lib.setMeta('snapshot', { v: 3, rev: 1, rows: '{}', index: {} });
    lib.close();
    const before = await v2Snapshot(name);
    expect(before.sightings.length).toBeGreaterThan(40);

    // The new release opens it.
    const s = createService({ corpus, version: 'next', dbName: name, now: () => 20_000 });
    expect(await s.handle({ type: 'stats' })).toMatchObject({ localPapers: 41, saved: 10, imports: 1, sightings: 25 + 20 + 10 });
    s.close();
    expectSameLibrary(before, await v3AsV2(name));

    const again = createService({ corpus, version: 'next', dbName: name, now: () => 20_000 });
    const found = await again.handle({ type: 'search', query: 'upgraded paper 33 retrieval' });
    expect(found.hits[0]!.title).toBe('Upgraded Paper 33 on Retrieval');
    expect((await again.handle({ type: 'search', query: 'only imported' })).hits[0]!.id).toBe('pimp1');
    const ann = await again.handle({ type: 'annotate', page: { url: 'https://huggingface.co/papers', site: 'hf', label: 'HF', date: null }, entries: [{ title: 'x', arxivId: '2401.10029', url: null }, { title: 'Upgraded Paper 2 on Retrieval', arxivId: '2401.10002', url: null }] });
    expect(ann.annotations[0]!.seenBefore.map((x) => x.pageUrl)).toEqual(['https://arxiv.org/list/cs.LG/new', 'https://arxiv.org/list/cs.IR/new', 'https://arxiv.org/list/cs.LG/new']);
    expect(ann.annotations[1]).toMatchObject({ saved: { note: 'a note ✓', tags: ['to-read', 'x'] }, libraries: ['My Zotero'] });
    expect((await again.handle({ type: 'getSettings' })).settings).toMatchObject({ hiddenTopics: ['rl'], sites: { hf: false, arxiv: true }, pageFilter: { arxiv: 'dim-seen' }, historyYears: null });
    again.close();
  });

  it('a v1 database (the first release) upgrades with every record intact', async () => {
    const name = freshName();
    const v1 = await openDB<V2DB>(name, 1, { upgrade: (db, o, _nv, tx) => upgradeV2(db, o, 1, tx) });
    const rows = Array.from({ length: 50 }, (_, i) => ({
      id: `p${i}`, title: `Paper ${i}`, key: `paper${i}`, arxivId: null, doi: null, url: null, abstract: null, authors: [], year: 2020,
      codeUrl: null, topics: [], origins: ['saved' as const], collections: [], addedAt: 100 + i,
    }));
    const tx = v1.transaction(['papers', 'saved', 'sightings', 'imports'], 'readwrite');
    for (const r of rows) await tx.objectStore('papers').put(r as never);
    for (const r of rows) await tx.objectStore('saved').put({ paperId: r.id, savedAt: r.addedAt, note: `n${r.id}`, tags: ['a'] });
    await tx.objectStore('sightings').put({ id: 'p1|u', paperId: 'p1', site: 'hf', label: 'HF', pageUrl: 'https://u.example/', date: null, seenAt: 5, lastSeenAt: 5 });
    await tx.objectStore('imports').put({ id: 'c1', name: 'Zotero', format: 'bibtex', count: 50, importedAt: 7 });
    await tx.done;
    v1.close();
    const after = await v3AsV2(name);
    expect(after.papers).toHaveLength(50);
    expect(after.papers.find((p) => p.id === 'p7')).toMatchObject({ ...rows[7], updatedAt: 107 });
    expect(after.saved.map((s) => s.note).sort()).toEqual(rows.map((r) => `n${r.id}`).sort());
    expect(after.sightings).toEqual([{ paperId: 'p1', site: 'hf', label: 'HF', pageUrl: 'https://u.example/', date: null, seenAt: 5, lastSeenAt: 5 }]);
    expect(after.imports).toEqual([{ id: 'c1', name: 'Zotero', format: 'bibtex', count: 50, importedAt: 7 }]);
    const db = await openLibraryDB({ name });
    expect(await db.getAllFromIndex('saved', 'byTag', 'a')).toHaveLength(50);
    db.close();
  });

  it('property: any library the previous release could write upgrades with every record kept', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('save' as const), p: fc.nat(30), t: fc.nat(1000) }),
      fc.record({ kind: fc.constant('unsave' as const), p: fc.nat(30), t: fc.nat(1000) }),
      fc.record({ kind: fc.constant('note' as const), p: fc.nat(30), note: fc.string({ maxLength: 20 }), tags: fc.array(fc.constantFrom('a', 'b', 'ü'), { maxLength: 3 }) }),
      fc.record({ kind: fc.constant('see' as const), ps: fc.array(fc.nat(30), { minLength: 1, maxLength: 8 }), page: fc.nat(3), t: fc.nat(1000) }),
      fc.record({ kind: fc.constant('import' as const), ps: fc.array(fc.nat(30), { minLength: 1, maxLength: 6 }), c: fc.nat(2), t: fc.nat(1000) }),
      fc.record({ kind: fc.constant('removeCollection' as const), c: fc.nat(2), t: fc.nat(1000) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), fc.boolean(), async (ops, withAbstracts) => {
        const name = freshName();
        const lib = new V2Library(await openV2({ name }));
        const paper = (i: number): V2NewPaper => p2(i % 2 ? `arxiv:2402.${String(10000 + i)}` : `pq${i}`, `Random Paper ${i} ${'é'.repeat(i % 3)}`, {
          arxivId: i % 2 ? `2402.${String(10000 + i)}` : null, doi: i % 5 === 0 ? `10.1/${i}` : null, abstract: withAbstracts && i % 3 ? `Abstract ${i}` : null, authors: i % 4 ? [`Author ${i}`] : [], year: i % 7 ? 2000 + i : null,
        });
        let clock = 1;
        for (const o of ops) {
          clock += 1 + ('t' in o ? o.t : 0);
          if (o.kind === 'save') await lib.save(paper(o.p), clock);
          else if (o.kind === 'unsave') await lib.unsave(paper(o.p).id, clock);
          else if (o.kind === 'note') await lib.setNote(paper(o.p).id, o.note, o.tags).catch(() => undefined);
          else if (o.kind === 'see') await lib.recordSightings([...new Set(o.ps)].map((i) => ({ paper: paper(i), site: 'hf' as const, label: `HF ${o.page}`, pageUrl: `https://huggingface.co/papers?p=${o.page}`, date: null })), clock);
          else if (o.kind === 'import') await lib.importPapers({ id: `c${o.c}`, name: `Coll ${o.c}`, format: 'csv' }, [...new Set(o.ps)].map(paper), clock);
          else await lib.removeCollection(`c${o.c}`, clock);
        }
        lib.close();
        const before = await v2Snapshot(name);
        expectSameLibrary(before, await v3AsV2(name));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 40) },
    );
  });

  it("v4 → v5: visits recorded as 'generic' on ACL Anthology pages become 'acl'; other visits and sightings are untouched", async () => {
    const name = freshName();
    const v4 = await openLibraryDB({ name, version: 4 });
    const visit = (v: number, url: string, site: string) => ({ v, url, site, label: `page ${v}`, date: null, startedAt: 1000 * v, lastAt: 1000 * v + 5, loads: [`load${v}`] });
    const rows = [visit(1, 'https://aclanthology.org/people/x/', 'generic'), visit(2, 'https://github.com/x/y', 'generic'), visit(3, 'https://arxiv.org/list/cs.CL/new', 'arxiv')];
    for (const r of rows) await v4.put('visits', r as never);
    await v4.add('sightings', { v: 1, at: 1001, ns: Uint32Array.from([1, 2]) });
    v4.close();
    const db = await openLibraryDB({ name });
    expect(db.version).toBe(DB_VERSION);
    const after = await db.getAll('visits');
    expect(after).toEqual([{ ...rows[0], site: 'acl' }, rows[1], rows[2]]);
    expect((await db.getAll('sightings')).map((x) => [x.v, x.at, [...x.ns]])).toEqual([[1, 1001, [1, 2]]]);
    db.close();
  });
});
