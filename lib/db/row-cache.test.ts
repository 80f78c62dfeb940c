import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Library, mergePaper, withSighting } from './library';
import { cloneRow, RowCache } from './row-cache';
import { openLibraryDB, type PaperRow } from './schema';

let k = 0;
const freshName = () => `rc-${Date.now()}-${k++}`;
const row = (n: number, title = `Paper ${n}`): PaperRow => mergePaper(undefined, { id: `p${n}`, title, key: `paper${n}` }, 'seen', 1000 + n, n).row;

/** The rows as the database holds them, read past the cache. */
async function onDisk(lib: Library, ns: number[]): Promise<Map<number, PaperRow>> {
  const out = new Map<number, PaperRow>();
  for (const n of ns) {
    const r = await lib.db.get('papers', n);
    if (r) out.set(n, r);
  }
  return out;
}

describe('the row cache', () => {
  it('answers rows read or written before from memory, and reads only the others', async () => {
    const lib = new Library(await openLibraryDB({ name: freshName() }));
    await lib.write(async (w) => {
      for (let n = 1; n <= 20; n++) w.putPaper(row(n), null, true);
    });
    lib.rowCache.clear();
    await lib.readRows([1, 2, 3]);
    const before = lib.rowCache.misses;
    const got = await lib.readRows([1, 2, 3, 4]);
    expect([...got.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);
    expect(lib.rowCache.misses - before).toBe(1);
    lib.close();
  });

  it('a caller changing a row it got changes neither the cache nor the database', async () => {
    const lib = new Library(await openLibraryDB({ name: freshName() }));
    const r = row(1);
    await lib.write(async (w) => w.putPaper(r, null, true));
    r.title = 'changed after the write';
    const a = (await lib.readRows([1])).get(1)!;
    a.topics.push('llm');
    a.title = 'changed by a reader';
    const b = (await lib.readRows([1])).get(1)!;
    expect(b.title).toBe('Paper 1');
    expect(b.topics).toEqual([]);
    lib.close();
  });

  it('a read started before a write: the read after the write sees the write', async () => {
    const lib = new Library(await openLibraryDB({ name: freshName() }));
    await lib.write(async (w) => w.putPaper(row(1), null, true));
    lib.rowCache.clear();
    const reading = lib.readRows([1]); // started before the write: may see the old row
    const writing = lib.write(async (w) => w.putPaper(withSighting(row(1), 7, 5000).row, null, false));
    await Promise.all([reading, writing]);
    expect((await lib.readRows([1])).get(1)!.seen).toEqual([[7, 5000]]);
    lib.close();
  });

  it('a read asked for while a write is under way sees that write, as without the cache', async () => {
    const lib = new Library(await openLibraryDB({ name: freshName() }));
    await lib.write(async (w) => w.putPaper(row(1), null, true));
    await lib.readRows([1]); // cached
    const writing = lib.write(async (w) => w.putPaper(withSighting(row(1), 7, 5000).row, null, false));
    const reading = lib.readRows([1]); // after the write began: IndexedDB orders it after the write
    expect((await reading).get(1)!.seen).toEqual([[7, 5000]]);
    await writing;
    // A write that leaves the papers alone does not send reads to the database.
    const misses = lib.rowCache.misses;
    const other = lib.write(async (w) => w.putMeta('x', 1), ['meta']);
    await lib.readRows([1]);
    await other;
    expect(lib.rowCache.misses).toBe(misses);
    lib.close();
  });

  it('a read asked for while everything is being deleted sees the empty library', async () => {
    const lib = new Library(await openLibraryDB({ name: freshName() }));
    await lib.write(async (w) => w.putPaper(row(1), null, true));
    await lib.readRows([1]); // cached
    const wiping = lib.wipe();
    const reading = lib.readRows([1]); // after the wipe began: IndexedDB orders it after the wipe
    expect([...(await reading).keys()]).toEqual([]);
    await wiping;
    lib.close();
  });

  it('a failed write leaves the cache as it was', async () => {
    const lib = new Library(await openLibraryDB({ name: freshName() }));
    await lib.write(async (w) => w.putPaper(row(1), null, true));
    await expect(lib.write(async (w) => {
      w.putPaper(row(1, 'Never written'), null, false);
      w.deletePaper(1, 0);
      throw new Error('the worker stopped');
    })).rejects.toThrow(/worker stopped/);
    expect((await lib.readRows([1])).get(1)!.title).toBe('Paper 1');
    lib.close();
  });

  it('a range of rows deleted at once leaves none of them in the cache', async () => {
    const lib = new Library(await openLibraryDB({ name: freshName() }));
    await lib.write(async (w) => {
      for (let n = 1; n <= 5; n++) w.putPaper(row(n), null, true);
    });
    await lib.readRows([1, 2, 3, 4, 5]);
    await lib.write(async (w) => w.delete('papers', IDBKeyRange.bound(2, 4)));
    expect([...(await lib.readRows([1, 2, 3, 4, 5])).keys()].sort()).toEqual([1, 5]);
    lib.close();
  });

  it('a cloned row equals the row and shares no object with it, whatever fields are set', () => {
    const full: Required<PaperRow> = {
      ...withSighting(withSighting(row(1), 1, 10).row, 2, 20).row,
      authors: ['A. Author'],
      topics: ['llm'],
      collections: ['c1'],
      topicsChecked: true,
      zotero: ['ABCD1234'],
    };
    for (const k of Object.keys(full) as Array<keyof PaperRow>) expect(full[k], k).not.toBeUndefined();
    const c = cloneRow(full);
    expect(c).toEqual(full);
    const shared = (a: unknown, b: unknown, path: string): string[] => {
      if (typeof a !== 'object' || a === null) return [];
      if (a === b) return [path];
      return Object.keys(a).flatMap((k) => shared((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`));
    };
    expect(shared(full, c, 'row')).toEqual([]);
  });

  it('keeps the most recently used rows up to its size', () => {
    const c = new RowCache(3);
    c.committed(new Map([1, 2, 3].map((n) => [n, row(n)])));
    c.take([1], []); // 1 is now the most recent
    c.committed(new Map([[4, row(4)]]));
    const missing: number[] = [];
    c.take([1, 2, 3, 4], missing);
    expect(missing).toEqual([2]);
    expect(c.size).toBe(3);
  });

  it('any interleaving of writes, deletes, wipes and reads reads what the database holds', async () => {
    type Op = { kind: 'put' | 'del'; ns: number[] } | { kind: 'read'; ns: number[] } | { kind: 'wipe' };
    const nums = fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 8 });
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('put' as const, 'del' as const), ns: nums }) },
      { weight: 4, arbitrary: fc.record({ kind: fc.constant('read' as const), ns: nums }) },
      { weight: 1, arbitrary: fc.constant({ kind: 'wipe' as const }) },
    );
    const lib = new Library(await openLibraryDB({ name: freshName() }));
    let version = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), fc.boolean(), async (ops, concurrent) => {
        await lib.wipe();
        await lib.write(async (w) => {
          for (let n = 1; n <= 30; n++) w.putPaper(row(n), null, true);
        });
        lib.rowCache.clear();
        await lib.readRows([1, 3, 5, 7, 9, 11, 13, 15]); // some rows cached, some not
        const pending: Promise<unknown>[] = [];
        for (const o of ops) {
          let p: Promise<unknown>;
          if (o.kind === 'wipe') p = lib.wipe();
          else if (o.kind === 'read') p = lib.readRows(o.ns);
          else {
            const v = ++version;
            p = lib.write(async (w) => {
              for (const n of o.ns) {
                if (o.kind === 'put') w.putPaper(row(n, `Paper ${n} v${v}`), null, false);
                else w.deletePaper(n, 0);
              }
            });
          }
          if (concurrent) pending.push(p);
          else await p;
        }
        await Promise.all(pending);
        const all = Array.from({ length: 30 }, (_, i) => i + 1);
        const got = await lib.readRows(all);
        const want = await onDisk(lib, all);
        expect([...got.keys()].sort((a, b) => a - b)).toEqual([...want.keys()].sort((a, b) => a - b));
        for (const [n, r] of want) expect(got.get(n)).toEqual(r);
      }),
      { numRuns: 40 },
    );
    lib.close();
  });
});
