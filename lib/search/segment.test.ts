import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { F_ABSTRACT, F_AUTHORS, F_TITLE, Segment, type SegmentDoc } from './segment';
import { SegmentIndex } from './segment-index';
import { tokenize, withinOneEdit } from './text';

const words = ['graph', 'attention', 'sparse', 'diffusion', 'model', 'models', 'retrieval', 'learning', 'zebra', 'quantum', 'élan', 'naïve', 'x2'];
const docArb = (n: number) =>
  fc.record({
    title: fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 6 }).map((w) => w.join(' ')),
    authors: fc.array(fc.constantFrom('ada', 'alan', 'grace'), { maxLength: 2 }).map((w) => w.join(' ')),
    abstract: fc.option(fc.array(fc.constantFrom(...words), { maxLength: 8 }).map((w) => w.join(' ')), { nil: null }),
    year: fc.option(fc.integer({ min: 1990, max: 2030 }), { nil: null }),
    topicBits: fc.nat(7),
  }).map((d): SegmentDoc => ({ n, ...d }));

/** What a segment must say about a doc: each of its words with the fields it is in. */
function expected(docs: SegmentDoc[]): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  docs.forEach((d, i) => {
    for (const [f, text] of [[F_TITLE, d.title], [F_AUTHORS, d.authors ?? ''], [F_ABSTRACT, d.abstract ?? '']] as const) {
      for (const t of tokenize(text)) {
        const m = out.get(t) ?? new Map<number, number>();
        m.set(i, (m.get(i) ?? 0) | f);
        out.set(t, m);
      }
    }
  });
  return out;
}

function actual(seg: Segment): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (let t = 0; t < seg.termCount; t++) {
    const m = new Map<number, number>();
    seg.postings(t, (d, f) => m.set(d, f));
    if (m.size) out.set(seg.term(t), m);
    expect(m.size).toBe(seg.df[t]);
  }
  return out;
}

describe('search segments', () => {
  it('typo candidates with the first letter kept: exactly the terms one edit away (against a scan of the whole dictionary)', () => {
    const word = fc.array(fc.constantFrom('a', 'b', 'c', 'ab', 'ba', 'é'), { minLength: 1, maxLength: 6 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 120 }), fc.array(word, { minLength: 1, maxLength: 20 }), (dict, probes) => {
        const seg = Segment.build(dict.map((w, i) => ({ n: i + 1, title: w })));
        const all = Array.from({ length: seg.size ? seg.df.length : 0 }, (_, t) => seg.term(t));
        for (const w of [...probes, ...dict.slice(0, 10)].map((x) => tokenize(x)[0]).filter((x): x is string => !!x)) {
          const got: number[] = [];
          seg.sameFirstLetter(w, got);
          const want = all.filter((t) => t[0] === w[0] && withinOneEdit(w, t)).sort();
          expect([...new Set(got.map((t) => seg.term(t)))].sort(), w).toEqual(want);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('hold every word of every doc with its fields, and survive a JSON copy', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 1, maxLength: 40 }).chain((ns) => fc.tuple(...ns.map((n) => docArb(n)))), (docs) => {
        const seg = Segment.build(docs);
        expect(actual(seg)).toEqual(expected(docs));
        expect([...seg.docs]).toEqual(docs.map((d) => d.n));
        const copy = new Segment(JSON.parse(JSON.stringify(seg.serialize())));
        expect(actual(copy)).toEqual(expected(docs));
        expect([...copy.year]).toEqual(docs.map((d) => d.year ?? 0));
      }),
      { numRuns: 60 },
    );
  });

  it('merges keeping exactly the docs asked for, with their postings renumbered', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.nat(50), { minLength: 1, maxLength: 10 }).chain((ns) => fc.tuple(...ns.map((n) => docArb(n)))), { minLength: 1, maxLength: 5 }),
        fc.nat(),
        (groups, seed) => {
          const segs = groups.map((g) => Segment.build(g));
          const keep = (s: number, d: number) => ((s * 31 + d * 7 + seed) % 3) !== 0;
          const merged = Segment.merge(segs, keep);
          const kept = groups.flatMap((g, s) => g.filter((_, d) => keep(s, d)));
          expect([...merged.docs]).toEqual(kept.map((d) => d.n));
          expect(actual(merged)).toEqual(expected(kept));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('an index: the newest copy of a paper counts, deleted papers never come back, filters apply', () => {
    const ix = new SegmentIndex();
    ix.add(1, 0, Segment.build([{ n: 1, title: 'Graph attention networks', year: 2018, topicBits: 1 }, { n: 2, title: 'Sparse attention', year: 2020 }, { n: 3, title: 'Diffusion models' }]));
    ix.add(2, 0, Segment.build([{ n: 2, title: 'Sparse attention revisited', abstract: 'zebra finches', year: 2021, topicBits: 2 }]));
    expect(ix.size).toBe(3);
    const ids = (q: Parameters<SegmentIndex['search']>[0]) => ix.search(q).hits.map((h) => h.n);
    expect(ids({ words: ['attention'], prefixLast: false, limit: 10 }).sort()).toEqual([1, 2]);
    expect(ids({ words: ['zebra'], prefixLast: false, limit: 10 })).toEqual([2]);
    expect(ids({ words: ['revisited'], prefixLast: false, limit: 10 })).toEqual([2]);
    expect(ids({ words: ['attention'], prefixLast: false, limit: 10, yearFrom: 2021 })).toEqual([2]);
    expect(ids({ words: ['attention'], prefixLast: false, limit: 10, topicBits: 1 })).toEqual([1]);
    expect(ids({ words: ['attention'], prefixLast: false, limit: 10, accept: (n) => n !== 1 })).toEqual([2]);
    expect(ids({ words: ['diff'], prefixLast: true, limit: 10 })).toEqual([3]);
    expect(ids({ words: [], prefixLast: false, limit: 10 })).toEqual([3, 2, 1]); // no words: most recently met first
    ix.markDead([2]);
    expect(ids({ words: ['attention'], prefixLast: false, limit: 10 })).toEqual([1]);
    // A merge drops the old copy; the deleted paper stays deleted.
    ix.replace([1, 2], ix.merge([1, 2]), 1);
    expect(ix.segments).toEqual([{ seq: 2, level: 1, size: 2 }]);
    expect(ids({ words: ['sparse'], prefixLast: false, limit: 10 })).toEqual([]);
    expect(ix.size).toBe(2);
    expect(ix.search({ words: ['models'], prefixLast: false, limit: 0 }).total).toBe(1);
  });

  it('the best k hits are the head of the full ranking, ties and totals included (the heap is skipped for docs below the k-th best)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(docArb(0), { minLength: 1, maxLength: 25 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        (segs, query, k, prefixLast) => {
          const ix = new SegmentIndex();
          // Papers numbered across segments, some repeated in a later one (its newer copy counts).
          let n = 1;
          segs.forEach((docs, i) => ix.add(i + 1, 0, Segment.build(docs.map((d, j) => ({ ...d, n: i > 0 && j % 3 === 0 ? j + 1 : n++ })))));
          const q = { words: [...new Set(query.flatMap((w) => tokenize(w)))], prefixLast };
          const all = ix.search({ ...q, limit: 100_000 });
          const top = ix.search({ ...q, limit: k });
          expect(top.hits).toEqual(all.hits.slice(0, k));
          expect(top.total).toBe(all.total);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('pruning (MaxScore: common terms scored only where rarer ones matched) gives the same hits, scores and totals as scoring every doc', () => {
    // Skewed titles: 'learning' in most docs, 'zebra' and 'quantum' in few, so the common term is pruned.
    const skewed = (n: number) =>
      fc.record({
        common: fc.array(fc.constantFrom('learning', 'learning', 'learning', 'model', 'models', 'graph'), { minLength: 1, maxLength: 4 }),
        rare: fc.array(fc.constantFrom('zebra', 'quantum', 'sparse', 'learnable'), { maxLength: 2 }),
        authors: fc.constantFrom('', 'ada learning', 'grace'),
        abstract: fc.option(fc.constantFrom('learning zebra', 'graph model', 'quantum'), { nil: null }),
        year: fc.option(fc.integer({ min: 2018, max: 2024 }), { nil: null }),
      }).map((d): SegmentDoc => ({ n, title: [...d.common, ...d.rare].join(' '), authors: d.authors, abstract: d.abstract, year: d.year }));
    fc.assert(
      fc.property(
        fc.array(fc.array(skewed(0), { minLength: 1, maxLength: 60 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.constantFrom('learning', 'zebra', 'quantum', 'model', 'lea', 'sparse', 'graph'), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 8 }),
        fc.boolean(),
        fc.constantFrom('none', 'year', 'accept', 'dead'),
        (segs, query, k, prefixLast, filter) => {
          const make = (pruning: boolean) => {
            const ix = new SegmentIndex();
            ix.pruning = pruning;
            let n = 1;
            segs.forEach((docs, i) => ix.add(i + 1, 0, Segment.build(docs.map((d, j) => ({ ...d, n: i > 0 && j % 4 === 0 ? j + 1 : n++ })))));
            if (filter === 'dead') ix.markDead([2, 3, 5, 8]);
            return ix;
          };
          const q = {
            words: [...new Set(query.flatMap((w) => tokenize(w)))],
            prefixLast,
            limit: k,
            ...(filter === 'year' ? { yearFrom: 2020 } : {}),
            ...(filter === 'accept' ? { accept: (n: number) => n % 3 !== 0 } : {}),
          };
          const pruned = make(true).search(q);
          const full = make(false).search(q);
          expect(pruned.hits).toEqual(full.hits);
          expect(pruned.total).toBe(full.total);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a search does not depend on the searches before it (scratch arrays are left clean)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(docArb(0), { minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.array(fc.constantFrom(...words, 'lea', 'mod', 'grahp'), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 5 }),
        (segs, queries, k) => {
          const build = () => {
            const ix = new SegmentIndex();
            let n = 1;
            segs.forEach((docs, i) => ix.add(i + 1, 0, Segment.build(docs.map((d) => ({ ...d, n: n++ })))));
            return ix;
          };
          const q = (ws: string[], i: number) => ({ words: [...new Set(ws.flatMap((w) => tokenize(w)))], prefixLast: i % 2 === 1, limit: k, ...(i % 3 === 2 ? { yearFrom: 2000 } : {}) });
          const used = build();
          const last = queries.length - 1;
          for (let i = 0; i < last; i++) used.search(q(queries[i]!, i));
          expect(used.search(q(queries[last]!, last))).toEqual(build().search(q(queries[last]!, last)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('plans merges of the oldest eight segments of the lowest full level', () => {
    const ix = new SegmentIndex();
    for (let s = 1; s <= 9; s++) ix.add(s, 0, Segment.build([{ n: s, title: `paper ${s}` }]));
    expect(ix.mergePlan()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    ix.replace(ix.mergePlan()!, ix.merge(ix.mergePlan()!), 1);
    expect(ix.mergePlan()).toBeNull();
    expect(ix.search({ words: ['paper'], prefixLast: false, limit: 20 }).total).toBe(9);
  });
});
