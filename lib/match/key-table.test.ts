import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyHash, keyHashes, KeyTable, lowerBound, matchKeys, sortPairs } from './key-table';

describe('key table', () => {
  it('hashes keys by kind: the same text as a title key and as an arXiv id are different keys', () => {
    expect(keyHash('t', 'attention')).toBe(keyHash('t', 'attention'));
    expect(keyHash('t', '2401.00001')).not.toBe(keyHash('a', '2401.00001'));
    expect(keyHash('t', 'x')).toBeGreaterThanOrEqual(0);
    expect(matchKeys({ arxivId: 'arXiv:2401.00001v2', doi: 'https://doi.org/10.1000/ABC.', key: 'title' })).toEqual([['a', '2401.00001'], ['d', '10.1000/abc'], ['t', 'title']]);
    expect(keyHashes({ key: '' })).toEqual([]);
  });

  it('sorts (hash, paper) pairs by hash, stably', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat(1000)), { maxLength: 300 }), (pairs) => {
        const r = sortPairs(Uint32Array.from(pairs.map((p) => p[0])), Uint32Array.from(pairs.map((p) => p[1])));
        const want = pairs.map((p, i) => [p[0], p[1], i] as const).sort((a, b) => a[0] - b[0] || a[2] - b[2]);
        expect([...r.h]).toEqual(want.map((w) => w[0]));
        expect([...r.n]).toEqual(want.map((w) => w[1]));
      }),
    );
  });

  it('finds every paper a key names, whichever level holds it (base, logs read at start-up, this session), and after compaction', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(40), fc.nat(500), fc.constantFrom(0, 1, 2)), { maxLength: 400 }),
        fc.array(fc.nat(500), { maxLength: 20 }),
        (adds, dropped) => {
          const model = new Map<number, Set<number>>();
          const level: Array<Array<[number, number]>> = [[], [], []];
          for (const [h, n, l] of adds) {
            level[l]!.push([h, n]);
            model.set(h, (model.get(h) ?? new Set()).add(n));
          }
          const base = sortPairs(Uint32Array.from(level[0]!.map((p) => p[0])), Uint32Array.from(level[0]!.map((p) => p[1])));
          const t = new KeyTable(base, [{ h: Uint32Array.from(level[1]!.map((p) => p[0])), n: Uint32Array.from(level[1]!.map((p) => p[1])) }]);
          for (const [h, n] of level[2]!) t.add(h, n);
          const check = (table: KeyTable, drop = new Set<number>()) => {
            for (let h = 0; h <= 41; h++) {
              const want = [...(model.get(h) ?? [])].filter((n) => !drop.has(n)).sort((a, b) => a - b);
              const got = table.candidates(h);
              expect(new Set(got).size, 'no paper twice').toBe(got.length);
              expect([...got].sort((a, b) => a - b)).toEqual(want);
            }
          };
          check(t);
          const drop = new Set(dropped);
          const merged = t.merged((n) => drop.has(n));
          expect([...merged.h]).toEqual([...merged.h].sort((a, b) => a - b));
          t.adopt(merged);
          expect(t.unmerged).toBe(0);
          check(t, drop);
        },
      ),
    );
  });

  it('keys added while a compaction was being written stay findable after it is adopted', () => {
    const t = new KeyTable(null, []);
    t.add(1, 10);
    t.add(2, 20);
    const mark = t.mark;
    const base = t.merged();
    t.add(3, 30); // written while the base was being stored
    t.add(1, 11);
    t.adopt(base, mark);
    expect(t.candidates(1).sort()).toEqual([10, 11]);
    expect(t.candidates(2)).toEqual([20]);
    expect(t.candidates(3)).toEqual([30]);
    expect(t.unmerged).toBe(2);
  });

  it('asks to be compacted once the keys above its base reach a sixteenth of it (at least 20,000)', () => {
    const t = new KeyTable({ h: new Uint32Array(640_000), n: new Uint32Array(640_000) });
    for (let i = 0; i < 39_999; i++) t.add(i, i);
    expect(t.shouldCompact()).toBe(false);
    t.add(40_000, 1);
    expect(t.shouldCompact()).toBe(true);
    const small = new KeyTable(null, []);
    for (let i = 0; i < 19_999; i++) small.add(i, i);
    expect(small.shouldCompact()).toBe(false);
  });
});

describe('lowerBound', () => {
  const bisect = (h: Uint32Array, x: number) => {
    let lo = 0;
    let hi = h.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (h[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  it('finds the first hash ≥ x as bisection does, on uniform, skewed and repetitive arrays', () => {
    const hashes = fc.oneof(
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 0, max: 40 }),
      fc.constantFrom(0, 1, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff),
    );
    fc.assert(
      fc.property(fc.array(hashes, { maxLength: 400 }), fc.array(hashes, { minLength: 1, maxLength: 20 }), (xs, qs) => {
        const h = Uint32Array.from(xs).sort();
        for (const q of [...qs, ...xs.slice(0, 20)]) expect(lowerBound(h, q)).toBe(bisect(h, q));
      }),
      { numRuns: 400 },
    );
  });
  it('stays logarithmic on skewed data (every probe counted)', () => {
    // Half the hashes 0, half spread: interpolation alone would crawl; the bisection steps bound it.
    const h = new Uint32Array(1 << 16);
    for (let i = h.length / 2; i < h.length; i++) h[i] = i * 65537;
    let reads = 0;
    const counted = new Proxy(h, { get: (t, k) => (typeof k === 'string' && /^\d+$/.test(k) && reads++, Reflect.get(t, k)) }) as Uint32Array;
    for (const x of [1, 2, 65537 * 40000, 0xffffffff]) {
      reads = 0;
      expect(lowerBound(counted, x)).toBe(bisect(h, x));
      expect(reads).toBeLessThan(80);
    }
  });
});
