import fc from 'fast-check';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { Library, mergePaper, sameApartFromTime, withSighting } from './library';
import { coalesce } from './ranges';
import { DB_VERSION, describeStorageError, openLibraryDB, SEEN_KEEP, type PaperRow } from './schema';

let k = 0;
const freshName = () => `db-${Date.now()}-${k++}`;
const row = (n: number, over: Partial<PaperRow> = {}): PaperRow => ({
  ...mergePaper(undefined, { id: `p${n}`, title: `Paper ${n}`, key: `paper${n}` }, 'seen', 1000 + n, n).row,
  ...over,
});

describe('sameApartFromTime (whether a history write puts a row again)', () => {
  const arbRow = fc.record({
    n: fc.integer({ min: 1, max: 50 }),
    title: fc.constantFrom('A', 'B'),
    arxivId: fc.constantFrom(null, '2501.00001'),
    authors: fc.array(fc.constantFrom('x', 'y'), { maxLength: 2 }),
    topics: fc.array(fc.constantFrom('llm', 'cv'), { maxLength: 2 }),
    topicsChecked: fc.constantFrom(undefined, true as const),
    seen: fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })), { maxLength: 2 }),
    seenCount: fc.integer({ min: 0, max: 2 }),
    updatedAt: fc.integer({ min: 0, max: 5 }),
    zotero: fc.constantFrom(undefined, ['K1']),
  });
  it('agrees with comparing the rows as JSON (apart from updatedAt) on random pairs', () => {
    const asJson = (r: object) => JSON.stringify({ ...r, updatedAt: 0 });
    fc.assert(
      fc.property(arbRow, arbRow, fc.boolean(), (a, b, copy) => {
        const x = row(1, a as Partial<PaperRow>);
        // Half the pairs: a copy of x with only updatedAt changed, or one field of b.
        const y = copy ? { ...x, updatedAt: x.updatedAt + 1, ...(b.n % 2 ? { seen: b.seen as Array<[number, number]> } : {}) } : row(1, b as Partial<PaperRow>);
        expect(sameApartFromTime(x, y)).toBe(asJson(x) === asJson(y));
      }),
      { numRuns: 2000 },
    );
  });
  it('tells a field set to undefined from a missing one the way JSON does (both absent), and a new field from none', () => {
    const a = row(1);
    expect(sameApartFromTime(a, { ...a, topicsChecked: undefined })).toBe(true);
    expect(sameApartFromTime(a, { ...a, topicsChecked: true })).toBe(false);
    expect(sameApartFromTime({ ...a, zotero: ['K'] }, a)).toBe(false);
    expect(sameApartFromTime(a, { ...a, seen: [[1, 2]] })).toBe(false);
    expect(sameApartFromTime({ ...a, seen: [[1, 2]] }, { ...a, seen: [[1, 3]] })).toBe(false);
  });
});

describe('the store', () => {
  it('reads rows by number with few range reads: exactly the rows asked for, whatever their spacing', async () => {
    const lib = new Library(await openLibraryDB({ name: freshName() }));
    await lib.write(async (w) => {
      for (let n = 1; n <= 400; n++) if (n % 7) w.putPaper(row(n), null, true);
    });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 450 }), { maxLength: 80 }), async (ns) => {
        const got = await lib.readRows(ns);
        const want = [...new Set(ns)].filter((n) => n >= 1 && n <= 400 && n % 7).sort((a, b) => a - b);
        expect([...got.keys()].sort((a, b) => a - b)).toEqual(want);
        for (const [n, r] of got) expect(r.n).toBe(n);
      }),
      { numRuns: 60 },
    );
    expect(await lib.counts()).toEqual({ papers: 343, sightings: 0, visits: 0 });
    lib.close();
  });

  it('coalesces numbers into ranges with small gaps', () => {
    expect(coalesce([5, 1, 2, 3, 30, 31, 12, 3], 8).map(([lo, hi, s]) => [lo, hi, [...s]])).toEqual([[1, 12, [1, 2, 3, 5, 12]], [30, 31, [30, 31]]]);
    expect(coalesce([])).toEqual([]);
  });

  it('a write that fails leaves the database and the caller\'s in-memory state as they were', async () => {
    const lib = new Library(await openLibraryDB({ name: freshName() }));
    const mem: string[] = [];
    await lib.write(async (w) => {
      w.putPaper(row(1), 'an abstract', true);
      w.onCommit(() => mem.push('first'));
    });
    await expect(
      lib.write(async (w) => {
        w.putPaper(row(2), null, true);
        w.deletePaper(1, 0);
        w.onCommit(() => mem.push('second'));
        throw new Error('the page went away');
      }),
    ).rejects.toThrow(/page went away/);
    expect(mem).toEqual(['first']);
    expect([...(await lib.readRows([1, 2])).keys()]).toEqual([1]);
    expect(await lib.abstracts([1])).toEqual(new Map([[1, 'an abstract']]));
    expect(await lib.counts()).toMatchObject({ papers: 1 });
    lib.close();
  });

  it('merging: known fields win unless empty, a much longer abstract replaces a short one, origins and collections add up', () => {
    const base = mergePaper(undefined, { id: 'arxiv:1', title: 'arXiv:2401.00001', key: 'x', arxivId: '2401.00001', abstract: 'short' }, 'saved', 1, 7);
    expect(base.abstract).toBe('short');
    expect(base.row).toMatchObject({ n: 7, abstractLen: 5, origins: ['saved'], title: 'arXiv:2401.00001' });
    const named = mergePaper(base.row, { id: 'arxiv:1', title: 'The Real Title', key: 'therealtitle', abstract: 'x'.repeat(100), year: 2024 }, 'seen', 2, 99, 'c1');
    expect(named.row).toMatchObject({ n: 7, title: 'The Real Title', key: 'therealtitle', year: 2024, origins: ['saved', 'seen'], collections: ['c1'], abstractLen: 5 });
    expect(named.abstract).toBeNull();
    expect(mergePaper(named.row, { id: 'arxiv:1', title: 't', key: 't', abstract: 'y'.repeat(300) }, null, 3, 0).abstract).toHaveLength(300);
  });

  it('a row keeps its most recent sightings, one per visit, newest first', () => {
    let r = row(1);
    for (let v = 1; v <= SEEN_KEEP + 4; v++) r = withSighting(r, v, 100 * v).row;
    expect(r.seenCount).toBe(SEEN_KEEP + 4);
    expect(r.seen).toHaveLength(SEEN_KEEP);
    expect(r.seen[0]).toEqual([SEEN_KEEP + 4, 100 * (SEEN_KEEP + 4)]);
    expect(withSighting(r, SEEN_KEEP + 4, 99_999)).toEqual({ row: r, added: false });
  });

  it('settings have defaults and persist', async () => {
    const name = freshName();
    const lib = new Library(await openLibraryDB({ name }));
    expect(await lib.settings()).toMatchObject({ historyEnabled: true, historyYears: null, sites: { hf: true, arxiv: true, scholar: true, acl: true } });
    await lib.updateSettings({ historyEnabled: false, sites: { hf: false } as never, historyYears: 3 });
    lib.close();
    const again = new Library(await openLibraryDB({ name }));
    expect(await again.settings()).toMatchObject({ historyEnabled: false, historyYears: 3, sites: { hf: false, arxiv: true, scholar: true, acl: true } });
    again.close();
  });

  it('a database from a newer version gives a clear message', async () => {
    const name = freshName();
    (await openDB(name, DB_VERSION + 5)).close();
    await expect(openLibraryDB({ name })).rejects.toThrow(/newer version of the extension/);
    expect(describeStorageError(Object.assign(new Error('x'), { name: 'QuotaExceededError' })).kind).toBe('quota');
  });
});
