/**
 * Search over a set of segments (lib/search/segment.ts): query words expanded to the terms they stand
 * for (the word, completions of the word being typed, one-typo variants of rare words) with document
 * frequencies summed over the segments, then BM25-style scoring (title weighted by length, authors and
 * abstract as extra fields), the share of query words matched, filters, and the best hits by a bounded heap.
 *
 * Segments are identified by `seq` (any number but 0; higher = newer content). A paper may be in several
 * segments (re-indexed after it was saved, merged copies): only its copy in the segment with the highest
 * `seq` counts. Deleted papers stay in `dead` (persisted by the owner) until the index is rebuilt: a merge
 * drops their copies, but an older copy elsewhere must not come back.
 */
import { Segment } from './segment';
import { withinOneEdit as oneEdit } from './text';

const K1 = 1.2;
const B = 0.75;
const W_TITLE = 4;
const W_AUTHORS = 1.5;
const W_ABSTRACT = 1;
/** Paper numbers below this are tracked in a dense array; larger ones (the bundled corpus) in a Map. */
export const DENSE = 1 << 26;
/** Segments of one level merged into one of the next. */
export const MERGE_FAN_IN = 8;
/** Completions of the word being typed, and one-typo variants, kept per word. */
const MAX_PREFIX = 12;
const MAX_FUZZY = 5;
/** Completions looked at per segment (the most frequent ones are kept). */
const PREFIX_SCAN = 400;

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
  /** Docs of this segment that are no longer current (a newer copy elsewhere, or deleted). */
  stale: number;
}

/** The best k (n, score), higher score first, ties: higher n (newer). Allocates only for entries kept. */
class TopK {
  private h: ScoredDoc[] = [];
  constructor(private readonly k: number) {}
  private static better(as: number, an: number, b: ScoredDoc): boolean {
    return as > b.score || (as === b.score && an > b.n);
  }
  push(n: number, score: number): void {
    const h = this.h;
    if (this.k <= 0) return;
    if (h.length >= this.k && !TopK.better(score, n, h[0]!)) return;
    const x = { n, score };
    if (h.length < this.k) {
      h.push(x);
      let i = h.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!TopK.better(h[p]!.score, h[p]!.n, h[i]!)) break;
        [h[p], h[i]] = [h[i]!, h[p]!];
        i = p;
      }
      return;
    }
    h[0] = x;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && TopK.better(h[m]!.score, h[m]!.n, h[l]!)) m = l;
      if (r < h.length && TopK.better(h[m]!.score, h[m]!.n, h[r]!)) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i]!, h[m]!];
      i = m;
    }
  }
  sorted(): ScoredDoc[] {
    return [...this.h].sort((a, b) => b.score - a.score || b.n - a.n);
  }
  /** Lowest score still kept once full (a doc scoring below it cannot enter); -Infinity until then. */
  get floor(): number {
    return this.h.length >= this.k && this.k > 0 ? this.h[0]!.score : -Infinity;
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
  /** Docs of the segment being scored that some query term touched (their scores are reset after). */
  private scratchTouched = new Int32Array(1024);
  /** Docs counted by a term scored lazily (cleared after each segment). */
  private scratchCounted = new Uint8Array(1024);
  /** Skip scoring docs that cannot reach the results (MaxScore; off only to compare in tests). */
  pruning = true;

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

  private heldBySeq(seq: number): Held | undefined {
    return this.held.find((h) => h.seq === seq);
  }

  /** Add a segment; segments with a higher seq hold newer copies. Adding in any order is fine. */
  add(seq: number, level: number, seg: Segment): void {
    const mine: Held = { seq, level, seg, stale: 0 };
    this.held.push(mine);
    this.held.sort((a, b) => a.seq - b.seq);
    for (let d = 0; d < seg.size; d++) {
      const n = seg.docs[d]!;
      const cur = this.cur(n);
      if (cur === 0) {
        if (!this.dead.has(n)) this.live++;
        else mine.stale++;
        this.setCur(n, seq);
      } else if (seq > cur) {
        const old = this.heldBySeq(cur);
        if (old) old.stale++;
        this.setCur(n, seq);
      } else mine.stale++;
    }
  }

  /** Papers deleted from the library (kept out of results; dropped from segments at their next merge). */
  markDead(ns: Iterable<number>): void {
    for (const n of ns) {
      if (this.dead.has(n)) continue;
      this.dead.add(n);
      const cur = this.cur(n);
      if (cur !== 0) {
        this.live--;
        const h = this.heldBySeq(cur);
        if (h) h.stale++;
      }
    }
  }

  deadList(): number[] {
    return [...this.dead];
  }

  /** The oldest MERGE_FAN_IN segments of the lowest level that has that many, or null. */
  mergePlan(): number[] | null {
    const byLevel = new Map<number, Held[]>();
    for (const h of this.held) {
      if (h.level < 0) continue;
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
    return this.heldBySeq(seq)?.seg;
  }

  levelOf(seq: number): number {
    return this.heldBySeq(seq)?.level ?? 0;
  }

  /**
   * Merge the given segments (by seq) into one: current, live copies only. Returns the new segment;
   * call replace() once it is stored.
   */
  merge(seqs: number[]): Segment {
    const inputs = seqs.map((s) => this.heldBySeq(s)!).sort((a, b) => a.seq - b.seq);
    return Segment.merge(
      inputs.map((h) => h.seg),
      (si, d) => this.isCurrent(inputs[si]!.seg.docs[d]!, inputs[si]!.seq),
    );
  }

  /** Swap merged inputs for their merge (seq = the highest input seq). */
  replace(seqs: number[], merged: Segment, level: number): number {
    const seq = Math.max(...seqs);
    this.held = this.held.filter((h) => !seqs.includes(h.seq));
    const mine: Held = { seq, level, seg: merged, stale: 0 };
    for (let d = 0; d < merged.size; d++) {
      const n = merged.docs[d]!;
      if (seqs.includes(this.cur(n))) this.setCur(n, seq);
      if (!this.isCurrent(n, seq)) mine.stale++;
    }
    this.held.push(mine);
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

  /** Where a term is: its id in each segment that has it, and its document frequency over all. */
  private locate(term: string, cache: Map<string, { ids: Int32Array; df: number }>): { ids: Int32Array; df: number } {
    let hit = cache.get(term);
    if (!hit) {
      const ids = new Int32Array(this.held.length);
      let df = 0;
      this.held.forEach((h, i) => {
        const t = h.seg.find(term);
        ids[i] = t;
        if (t >= 0) df += h.seg.df[t]!;
      });
      cache.set(term, (hit = { ids, df }));
    }
    return hit;
  }

  /** Terms each query word stands for: itself, completions (last word), one-edit variants of rare words. */
  expand(words: string[], prefixLast: boolean, cache = new Map<string, { ids: Int32Array; df: number }>()): Expansion[] {
    const out: Expansion[] = [];
    words.forEach((w, i) => {
      const seen = new Set<string>([w]);
      const exactDf = this.locate(w, cache).df;
      if (exactDf > 0) out.push({ term: w, weight: 1, word: i });
      if (prefixLast && i === words.length - 1 && w.length >= 2) {
        const dfs = new Map<string, number>();
        for (const h of this.held) {
          // The most frequent completions of each segment (their text is only read for those).
          const ids = h.seg.withPrefix(w, PREFIX_SCAN);
          if (ids.length > MAX_PREFIX * 2) ids.sort((a, b) => h.seg.df[b]! - h.seg.df[a]!).length = MAX_PREFIX * 2;
          for (const t of ids) {
            const s = h.seg.term(t);
            if (!seen.has(s)) dfs.set(s, (dfs.get(s) ?? 0) + h.seg.df[t]!);
          }
        }
        const top = [...dfs].filter((x) => x[1] > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_PREFIX);
        for (const [s] of top) {
          out.push({ term: s, weight: 0.8 * (w.length / s.length) ** 0.5, word: i });
          seen.add(s);
        }
      }
      // One typo in words of 5+ letters, unless the word is a common term as typed.
      if (w.length >= 5 && exactDf < 3) {
        const cands = new Set<string>();
        const swapped = w[1]! + w[0]! + w.slice(2);
        for (const h of this.held) {
          const ids: number[] = [];
          h.seg.sameFirstLetter(w, ids);
          // Edits touching the first letter: replaced (same rest), missing in w (w is the rest),
          // extra in w (the term is w's rest), or swapped with the second.
          ids.push(...h.seg.withSuffix(w.slice(1)), ...h.seg.withSuffix(w));
          for (const s of [w.slice(1), swapped]) {
            const t = h.seg.find(s);
            if (t >= 0) ids.push(t);
          }
          for (const t of ids) if (h.seg.df[t]! > 0) cands.add(h.seg.term(t));
        }
        const top = [...cands]
          .filter((s) => !seen.has(s) && s.length >= 1)
          .map((s) => [s, this.locate(s, cache).df] as const)
          .filter((x) => x[1] > 0 && oneEdit(w, x[0]))
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .slice(0, MAX_FUZZY);
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
          top.push(n, 0);
        }
      }
      return { hits: top.sorted(), total };
    }
    const cache = new Map<string, { ids: Int32Array; df: number }>();
    const exps = this.expand(q.words, q.prefixLast, cache);
    const N = Math.max(1, this.live);
    let sumT = 0;
    let docs = 0;
    for (const h of this.held) {
      sumT += h.seg.sumTlen;
      docs += h.seg.size;
    }
    const avgT = Math.max(1, sumT / Math.max(1, docs));
    // Per expansion: its weight times idf, applied to a title-length table (no per-posting arithmetic).
    const base = new Float64Array(256);
    for (let L = 0; L < 256; L++) base[L] = (W_TITLE * (K1 + 1)) / (1 + K1 * (1 - B + (B * L) / avgT));
    const pos = (x: number) => (x > 0 ? x : 0);
    const plans = exps.map((e) => {
      const at = this.locate(e.term, cache);
      const w = e.weight * Math.log(1 + (N - at.df + 0.5) / (at.df + 0.5));
      const title = base.map((x) => x * w);
      // The most this term adds to a doc's score (all its fields; a negative weight adds nothing).
      const ub = pos(Math.max(...title)) + pos(W_AUTHORS * w) + pos(W_ABSTRACT * w);
      return { ids: at.ids, w, title, bit: 1 << Math.min(e.word, 30), word: e.word, ub };
    });
    const filtered = q.yearFrom != null || q.yearTo != null || !!q.topicBits || !!q.accept;
    const words = q.words.length;
    // The largest segments first: the k-th best score they set lets the others skip more (see below).
    const order = this.held.map((_, i) => i).sort((a, b) => this.held[b]!.seg.size - this.held[a]!.seg.size);
    for (const hi of order) {
      const h = this.held[hi]!;
      const seg = h.seg;
      if (this.scratchScore.length < seg.size) {
        this.scratchScore = new Float64Array(seg.size * 2);
        this.scratchCover = new Int32Array(seg.size * 2);
        this.scratchTouched = new Int32Array(seg.size * 2);
        this.scratchCounted = new Uint8Array(seg.size * 2);
      }
      const score = this.scratchScore;
      const cover = this.scratchCover;
      const touched = this.scratchTouched;
      let count = 0;
      const skip = h.stale ? (n: number) => this.cur(n) !== h.seq || this.dead.has(n) : null;
      // Terms in decreasing order of their bound (stable: ties keep the query's order), whatever is pruned,
      // so a doc's score is summed in the same order with and without pruning.
      const here = plans.filter((p) => p.ids[hi]! >= 0).sort((a, b) => b.ub - a.ub);
      // MaxScore: the terms whose bounds add up (times the share of query words they can cover) to less
      // than the k-th best score so far cannot put a doc in the results by themselves. They are scored
      // only for the docs the other terms touched; the docs only they hold are counted (the total stays
      // exact) and never scored. Usually the very common words ("learning") and their completions.
      let eager = here.length;
      const floor0 = top.floor;
      if (this.pruning && floor0 > 0) {
        let sum = 0;
        const ws = new Set<number>();
        for (let j = here.length - 1; j >= 0; j--) {
          sum += here[j]!.ub;
          ws.add(here[j]!.word);
          // A margin for rounding: the bound is summed in another order than the scores.
          if (sum * (ws.size / words) * (1 + 1e-9) >= floor0) break;
          eager = j;
        }
      }
      for (let j = 0; j < eager; j++) {
        const p = here[j]!;
        count = seg.scoreTerm(p.ids[hi]!, p.title, W_AUTHORS * p.w, W_ABSTRACT * p.w, p.bit, score, cover, touched, count, skip);
      }
      if (eager < here.length) {
        const lazy = { counted: this.scratchCounted, pass: filtered ? (d: number) => this.passes(h, d, q) : null, n: 0 };
        for (let j = eager; j < here.length; j++) {
          const p = here[j]!;
          seg.scoreTerm(p.ids[hi]!, p.title, W_AUTHORS * p.w, W_ABSTRACT * p.w, p.bit, score, cover, touched, count, skip, lazy);
        }
        total += lazy.n;
        lazy.counted.fill(0, 0, seg.size);
      }
      let floor = top.floor;
      for (let i = 0; i < count; i++) {
        const d = touched[i]!;
        // Query words matched: the bits of cover (popcount).
        let c = cover[d]!;
        c -= (c >>> 1) & 0x55555555;
        c = (c & 0x33333333) + ((c >>> 2) & 0x33333333);
        const k = (Math.imul((c + (c >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
        const s = score[d]! * (k / words);
        score[d] = 0;
        cover[d] = 0;
        if (filtered && !this.passes(h, d, q)) continue;
        total++;
        // Most touched docs score below the k-th best: skip the heap for them.
        if (s < floor) continue;
        top.push(seg.docs[d]!, s);
        floor = top.floor;
      }
    }
    return { hits: top.sorted(), total };
  }
}
