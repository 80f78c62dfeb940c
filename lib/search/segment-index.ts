/**
 * Search over a set of segments (lib/search/segment.ts): query words expanded to the terms they stand
 * for (the word, completions of the word being typed, one-typo variants of rare words) with document
 * frequencies summed over the segments, then BM25-style scoring (title weighted by length, authors and
 * abstract as extra fields), the share of query words matched, filters, and the best hits by a bounded heap.
 *
 * Segments are identified by `seq` (any number but 0; higher = newer content). A paper may be in several
 * segments (re-indexed after it was saved, merged copies): only its copy in
 * the segment with the highest `seq` counts. Deleted papers stay in `dead` (persisted by the owner) until
 * the index is rebuilt: a merge drops their copies, but an older copy elsewhere must not come back.
 */
import { withinOneEdit } from './text';
import { F_ABSTRACT, F_AUTHORS, F_TITLE, Segment } from './segment';

const K1 = 1.2;
const B = 0.75;
const W_TITLE = 4;
const W_AUTHORS = 1.5;
const W_ABSTRACT = 1;
/** Paper numbers below this are tracked in a dense array; larger ones (the bundled corpus) in a Map. */
export const DENSE = 1 << 26;
/** Segments of one level merged into one of the next. */
export const MERGE_FAN_IN = 8;

export interface Expansion {
  term: string;
  weight: number;
  /** Index of the query word this term stands for. */
  word: number;
}

export interface SegmentQuery {
  words: string[];
  /** The last word is still being typed: complete it. */
  prefixLast: boolean;
  yearFrom?: number | null;
  yearTo?: number | null;
  /** Papers must carry one of these default-topic bits (0: any). */
  topicBits?: number;
  /** Caller's own filter on paper numbers (saved, imported…). */
  accept?: (n: number) => boolean;
  /** How many of the best hits to return. */
  limit: number;
}

export interface ScoredDoc {
  n: number;
  score: number;
}

interface Held {
  seq: number;
  level: number;
  seg: Segment;
}

/** Min-heap on score (the worst kept hit on top); ties: higher n (newer) ranks first. */
class TopK {
  private h: ScoredDoc[] = [];
  constructor(private readonly k: number) {}
  private better(a: ScoredDoc, b: ScoredDoc): boolean {
    return a.score > b.score || (a.score === b.score && a.n > b.n);
  }
  push(x: ScoredDoc): void {
    const h = this.h;
    if (this.k <= 0) return;
    if (h.length < this.k) {
      h.push(x);
      let i = h.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.better(h[p]!, h[i]!)) break;
        [h[p], h[i]] = [h[i]!, h[p]!];
        i = p;
      }
      return;
    }
    if (!this.better(x, h[0]!)) return;
    h[0] = x;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.better(h[m]!, h[l]!)) m = l;
      if (r < h.length && this.better(h[m]!, h[r]!)) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i]!, h[m]!];
      i = m;
    }
  }
  sorted(): ScoredDoc[] {
    return [...this.h].sort((a, b) => (this.better(a, b) ? -1 : this.better(b, a) ? 1 : 0));
  }
}

export class SegmentIndex {
  private held: Held[] = [];
  /** Per paper number: seq of the segment holding its current copy (0: none); numbers ≥ DENSE in a Map. */
  private newest = new Int32Array(1024);
  private sparse = new Map<number, number>();
  private dead = new Set<number>();
  private live = 0;
  private scratchScore = new Float64Array(1024);
  private scratchCover = new Int32Array(1024);

  /** Papers searchable (current copies of papers not deleted). */
  get size(): number {
    return this.live;
  }

  get segments(): ReadonlyArray<{ seq: number; level: number; size: number }> {
    return this.held.map((h) => ({ seq: h.seq, level: h.level, size: h.seg.size }));
  }

  get bytes(): number {
    return this.held.reduce((s, h) => s + h.seg.bytes, 0) + this.newest.byteLength;
  }

  get deadCount(): number {
    return this.dead.size;
  }

  isDead(n: number): boolean {
    return this.dead.has(n);
  }

  /** Whether paper n's current copy is in the segment with this seq. */
  isCurrent(n: number, seq: number): boolean {
    return this.cur(n) === seq && !this.dead.has(n);
  }

  /** Seq of the segment holding paper n's current copy (0: none). */
  private cur(n: number): number {
    return n < DENSE ? (n < this.newest.length ? this.newest[n]! : 0) : (this.sparse.get(n) ?? 0);
  }

  private setCur(n: number, seq: number): void {
    if (n >= DENSE) return void this.sparse.set(n, seq);
    this.grow(n);
    this.newest[n] = seq;
  }

  private grow(n: number): void {
    if (n < this.newest.length) return;
    let cap = this.newest.length;
    while (cap <= n) cap *= 2;
    const a = new Int32Array(cap);
    a.set(this.newest);
    this.newest = a;
  }

  /** Add a segment; segments with a higher seq hold newer copies. Adding in any order is fine. */
  add(seq: number, level: number, seg: Segment): void {
    this.held.push({ seq, level, seg });
    this.held.sort((a, b) => a.seq - b.seq);
    for (let d = 0; d < seg.size; d++) {
      const n = seg.docs[d]!;
      const cur = this.cur(n);
      if (cur === 0 && !this.dead.has(n)) this.live++;
      if (cur === 0 || seq > cur) this.setCur(n, seq);
    }
  }

  /** Papers deleted from the library (kept out of results; dropped from segments at their next merge). */
  markDead(ns: Iterable<number>): void {
    for (const n of ns) {
      if (this.dead.has(n)) continue;
      this.dead.add(n);
      if (this.cur(n) !== 0) this.live--;
    }
  }

  deadList(): number[] {
    return [...this.dead];
  }

  /** The oldest MERGE_FAN_IN segments of the lowest level that has that many, or null. */
  mergePlan(): number[] | null {
    const byLevel = new Map<number, Held[]>();
    for (const h of this.held) {
      const l = byLevel.get(h.level) ?? [];
      l.push(h);
      byLevel.set(h.level, l);
    }
    for (const level of [...byLevel.keys()].sort((a, b) => a - b)) {
      const l = byLevel.get(level)!;
      if (l.length >= MERGE_FAN_IN) return l.slice(0, MERGE_FAN_IN).map((h) => h.seq);
    }
    return null;
  }

  segment(seq: number): Segment | undefined {
    return this.held.find((h) => h.seq === seq)?.seg;
  }

  levelOf(seq: number): number {
    return this.held.find((h) => h.seq === seq)?.level ?? 0;
  }

  /**
   * Merge the given segments (by seq) into one: current, live copies only. Returns the new segment;
   * call replace() once it is stored.
   */
  merge(seqs: number[]): Segment {
    const inputs = seqs.map((s) => this.held.find((h) => h.seq === s)!).sort((a, b) => a.seq - b.seq);
    return Segment.merge(
      inputs.map((h) => h.seg),
      (si, d) => this.isCurrent(inputs[si]!.seg.docs[d]!, inputs[si]!.seq),
    );
  }

  /** Swap merged inputs for their merge (seq = the highest input seq). */
  replace(seqs: number[], merged: Segment, level: number): number {
    const seq = Math.max(...seqs);
    this.held = this.held.filter((h) => !seqs.includes(h.seq));
    for (let d = 0; d < merged.size; d++) {
      const n = merged.docs[d]!;
      if (seqs.includes(this.cur(n))) this.setCur(n, seq);
    }
    this.held.push({ seq, level, seg: merged });
    this.held.sort((a, b) => a.seq - b.seq);
    return seq;
  }

  clear(): void {
    this.held = [];
    this.newest = new Int32Array(1024);
    this.sparse.clear();
    this.dead.clear();
    this.live = 0;
  }

  private dfOf(term: string): number {
    let df = 0;
    for (const h of this.held) {
      const t = h.seg.find(term);
      if (t >= 0) df += h.seg.df[t]!;
    }
    return df;
  }

  /** Terms each query word stands for: itself, completions (last word), one-edit variants of rare words. */
  expand(words: string[], prefixLast: boolean, maxPrefix = 12, maxFuzzy = 5): Expansion[] {
    const out: Expansion[] = [];
    words.forEach((w, i) => {
      const seen = new Set<string>();
      const exactDf = this.dfOf(w);
      if (exactDf > 0) out.push({ term: w, weight: 1, word: i });
      seen.add(w);
      if (prefixLast && i === words.length - 1 && w.length >= 2) {
        const dfs = new Map<string, number>();
        for (const h of this.held) {
          for (const t of h.seg.withPrefix(w, 400)) {
            const s = h.seg.term(t);
            if (!seen.has(s)) dfs.set(s, (dfs.get(s) ?? 0) + h.seg.df[t]!);
          }
        }
        const top = [...dfs].filter((x) => x[1] > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, maxPrefix);
        for (const [s] of top) {
          out.push({ term: s, weight: 0.8 * (w.length / s.length) ** 0.5, word: i });
          seen.add(s);
        }
      }
      // One typo in words of 5+ letters, unless the word is a common term as typed.
      if (w.length >= 5 && exactDf < 3) {
        const dfs = new Map<string, number>();
        const ok = (s: string) => !seen.has(s) && withinOneEdit(w, s);
        const swapped = w[1]! + w[0]! + w.slice(2);
        for (const h of this.held) {
          const ids: number[] = [];
          h.seg.sameFirstLetter(w, ok, ids);
          // Edits touching the first letter: replaced (same rest), missing in w (w is the rest),
          // extra in w (the term is w's rest), or swapped with the second.
          ids.push(...h.seg.withSuffix(w.slice(1)), ...h.seg.withSuffix(w));
          for (const s of [w.slice(1), swapped]) {
            const t = h.seg.find(s);
            if (t >= 0) ids.push(t);
          }
          for (const t of ids) {
            const s = h.seg.term(t);
            if (ok(s) && h.seg.df[t]! > 0) dfs.set(s, (dfs.get(s) ?? 0) + h.seg.df[t]!);
          }
        }
        const top = [...dfs].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, maxFuzzy);
        for (const [s] of top) out.push({ term: s, weight: 0.6, word: i });
      }
    });
    return out;
  }

  private passes(h: Held, d: number, q: SegmentQuery): boolean {
    const y = h.seg.year[d]!;
    if (q.yearFrom != null && (y === 0 || y < q.yearFrom)) return false;
    if (q.yearTo != null && (y === 0 || y > q.yearTo)) return false;
    if (q.topicBits && !(h.seg.topics[d]! & q.topicBits)) return false;
    if (q.accept && !q.accept(h.seg.docs[d]!)) return false;
    return true;
  }

  /** The best `limit` papers for the query, and how many matched in all (filters applied). */
  search(q: SegmentQuery): { hits: ScoredDoc[]; total: number } {
    const top = new TopK(q.limit);
    let total = 0;
    if (q.words.length === 0) {
      // No words: papers passing the filters, the most recently met first (highest number).
      for (let k = this.held.length - 1; k >= 0; k--) {
        const h = this.held[k]!;
        for (let d = h.seg.size - 1; d >= 0; d--) {
          const n = h.seg.docs[d]!;
          if (!this.isCurrent(n, h.seq) || !this.passes(h, d, q)) continue;
          total++;
          top.push({ n, score: 0 });
        }
      }
      return { hits: top.sorted(), total };
    }
    const exps = this.expand(q.words, q.prefixLast);
    const N = Math.max(1, this.live);
    let sumT = 0;
    let docs = 0;
    for (const h of this.held) {
      sumT += h.seg.sumTlen;
      docs += h.seg.size;
    }
    const avgT = Math.max(1, sumT / Math.max(1, docs));
    const idf = new Map<string, number>();
    for (const e of exps) if (!idf.has(e.term)) {
      const df = this.dfOf(e.term);
      idf.set(e.term, Math.log(1 + (N - df + 0.5) / (df + 0.5)));
    }
    for (const h of this.held) {
      const seg = h.seg;
      if (this.scratchScore.length < seg.size) {
        this.scratchScore = new Float64Array(seg.size * 2);
        this.scratchCover = new Int32Array(seg.size * 2);
      }
      const score = this.scratchScore;
      const cover = this.scratchCover;
      const touched: number[] = [];
      for (const e of exps) {
        const t = seg.find(e.term);
        if (t < 0) continue;
        const w = e.weight * idf.get(e.term)!;
        const bit = 1 << Math.min(e.word, 30);
        seg.postings(t, (d, f) => {
          const n = seg.docs[d]!;
          if (this.cur(n) !== h.seq) return;
          let s = 0;
          if (f & F_TITLE) s += (W_TITLE * (K1 + 1)) / (1 + K1 * (1 - B + (B * seg.tlen[d]!) / avgT));
          if (f & F_AUTHORS) s += W_AUTHORS;
          if (f & F_ABSTRACT) s += W_ABSTRACT;
          if (cover[d] === 0) touched.push(d);
          cover[d]! |= bit;
          score[d]! += w * s;
        });
      }
      for (const d of touched) {
        let c = cover[d]!;
        let k = 0;
        while (c) {
          c &= c - 1;
          k++;
        }
        const s = score[d]! * (k / q.words.length);
        score[d] = 0;
        cover[d] = 0;
        const n = seg.docs[d]!;
        if (this.dead.has(n) || !this.passes(h, d, q)) continue;
        total++;
        top.push({ n, score: s });
      }
    }
    return { hits: top.sorted(), total };
  }
}
