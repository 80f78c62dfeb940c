/**
 * Search segments: immutable, compact inverted indexes over a batch of papers, the unit in which the
 * search index is written (one per listing visit, beside the papers it indexes) and merged (eight of one
 * level into one of the next, so a library of N papers is held in O(log N) segments).
 *
 * A segment holds per doc: its number (the paper's `n`), year, default-topic bitmask and title length;
 * a sorted term dictionary (one string, offsets into it, and the terms in order of their text without
 * the first letter, for typos in the first letter); and per term the docs holding it as varints of
 * (gap × 8 + fields), fields = 1 title, 2 authors, 4 abstract. About 2–3 bytes per posting: a million
 * titles fit in a few tens of MB with no per-paper object.
 */
import { oneEditAt, tokenize } from './text';

export const F_TITLE = 1;
export const F_AUTHORS = 2;
export const F_ABSTRACT = 4;

export interface SegmentDoc {
  n: number;
  title: string;
  authors?: string;
  /** Indexed only when given (saved and imported papers, the bundled corpus). */
  abstract?: string | null;
  /** Bitmask of default topics (bit i = the taxonomy's topic i). */
  topicBits?: number;
  year?: number | null;
}

export interface SerializedSegment {
  v: 1;
  docs: Uint32Array;
  year: Uint16Array;
  topics: Uint32Array;
  tlen: Uint8Array;
  terms: string;
  termOffs: Uint32Array;
  /** Term ids ordered by their text without its first letter. */
  bySuffix: Uint32Array;
  /** Term ids ordered by (first letter, length): the candidates of a typo are a few runs of it. */
  byLen?: Uint32Array;
  postOffs: Uint32Array;
  df: Uint32Array;
  post: Uint8Array;
}

class ByteSink {
  buf = new Uint8Array(1 << 16);
  len = 0;
  put(x: number): void {
    if (this.len + 6 > this.buf.length) {
      const b = new Uint8Array(this.buf.length * 2);
      b.set(this.buf.subarray(0, this.len));
      this.buf = b;
    }
    while (x >= 0x80) {
      this.buf[this.len++] = (x % 0x80) | 0x80;
      x = Math.floor(x / 0x80);
    }
    this.buf[this.len++] = x;
  }
  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

function typed<T extends Uint8Array | Uint16Array | Uint32Array>(C: { new (n: ArrayLike<number>): T; from(a: ArrayLike<number>): T }, x: unknown): T {
  if (x instanceof C) return x;
  if (Array.isArray(x)) return C.from(x);
  if (x && typeof x === 'object') return C.from(Object.values(x as Record<string, number>));
  throw new Error('unsupported search segment');
}

/** Sort key of term t by (first letter, length): the first letter's code × 64 + length (capped at 63). */
function lenKey(terms: string, offs: Uint32Array, t: number): number {
  return terms.charCodeAt(offs[t]!) * 64 + Math.min(63, offs[t + 1]! - offs[t]!);
}

/** Typo candidates: the letters of w a scanned term must share (lib/search/segment.ts sameFirstLetter). */
const SHARED = 3;

/** Run steps to the end at once. */
function run<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Term ids ordered by (first letter, length), then id. */
function byLenOrder(terms: string, offs: Uint32Array): Uint32Array {
  const T = offs.length - 1;
  const keys = new Float64Array(T);
  for (let t = 0; t < T; t++) keys[t] = lenKey(terms, offs, t) * 4194304 + t;
  keys.sort();
  return Uint32Array.from(keys, (k) => k % 4194304);
}

/** Compare term i of the dictionary with s from character `from` of both (UTF-16 order). */
function cmpTerm(terms: string, a: number, b: number, s: string, from = 0): number {
  let i = a + from;
  let j = from;
  for (; i < b && j < s.length; i++, j++) {
    const d = terms.charCodeAt(i) - s.charCodeAt(j);
    if (d !== 0) return d;
  }
  return b - i - (s.length - j);
}

/**
 * Scoring a term lazily (SegmentIndex.search: its bound is below the k-th best score, so it cannot lift a
 * doc into the results by itself): docs another term touched get its score and bit as usual; the others
 * are only counted, once each (`counted` marks them; the caller clears it), when `pass` accepts them.
 */
export interface LazyTerm {
  counted: Uint8Array;
  pass: ((d: number) => boolean) | null;
  /** Docs counted so far. */
  n: number;
}

export class Segment {
  readonly docs: Uint32Array;
  readonly year: Uint16Array;
  readonly topics: Uint32Array;
  readonly tlen: Uint8Array;
  private readonly terms: string;
  private readonly termOffs: Uint32Array;
  private readonly bySuffix: Uint32Array;
  private readonly byLen: Uint32Array;
  private readonly postOffs: Uint32Array;
  readonly df: Uint32Array;
  private readonly post: Uint8Array;
  /** Sum of title lengths (for the mean). */
  readonly sumTlen: number;

  constructor(s: SerializedSegment) {
    if (!s || s.v !== 1 || typeof s.terms !== 'string') throw new Error('unsupported search segment');
    // Typed arrays arrive as they are from IndexedDB; a JSON copy turns them into plain objects.
    this.docs = typed(Uint32Array, s.docs);
    this.year = typed(Uint16Array, s.year);
    this.topics = typed(Uint32Array, s.topics);
    this.tlen = typed(Uint8Array, s.tlen);
    this.terms = s.terms;
    this.termOffs = typed(Uint32Array, s.termOffs);
    this.bySuffix = typed(Uint32Array, s.bySuffix);
    this.byLen = s.byLen ? typed(Uint32Array, s.byLen) : byLenOrder(s.terms, this.termOffs);
    this.postOffs = typed(Uint32Array, s.postOffs);
    this.df = typed(Uint32Array, s.df);
    this.post = typed(Uint8Array, s.post);
    const T = this.df.length;
    if (this.termOffs.length !== T + 1 || this.postOffs.length !== T + 1 || this.bySuffix.length !== T || this.byLen.length !== T || this.year.length !== this.docs.length || this.tlen.length !== this.docs.length) {
      throw new Error('unsupported search segment');
    }
    let sum = 0;
    for (let i = 0; i < this.tlen.length; i++) sum += this.tlen[i]!;
    this.sumTlen = sum;
  }

  get size(): number {
    return this.docs.length;
  }

  get termCount(): number {
    return this.df.length;
  }

  get bytes(): number {
    return this.docs.byteLength + this.year.byteLength + this.topics.byteLength + this.tlen.byteLength + this.terms.length * 2 + this.termOffs.byteLength + this.bySuffix.byteLength + this.byLen.byteLength + this.postOffs.byteLength + this.df.byteLength + this.post.byteLength;
  }

  serialize(): SerializedSegment {
    return { v: 1, docs: this.docs, year: this.year, topics: this.topics, tlen: this.tlen, terms: this.terms, termOffs: this.termOffs, bySuffix: this.bySuffix, byLen: this.byLen, postOffs: this.postOffs, df: this.df, post: this.post };
  }

  term(t: number): string {
    return this.terms.slice(this.termOffs[t]!, this.termOffs[t + 1]!);
  }

  private termLen(t: number): number {
    return this.termOffs[t + 1]! - this.termOffs[t]!;
  }

  /** First term id whose text is ≥ s. */
  private lower(s: string): number {
    let lo = 0;
    let hi = this.df.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmpTerm(this.terms, this.termOffs[mid]!, this.termOffs[mid + 1]!, s) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Term id of s, or -1. */
  find(s: string): number {
    const t = this.lower(s);
    return t < this.df.length && cmpTerm(this.terms, this.termOffs[t]!, this.termOffs[t + 1]!, s) === 0 ? t : -1;
  }

  /** Term ids starting with prefix p (at most `max`, in text order). */
  withPrefix(p: string, max: number): number[] {
    const out: number[] = [];
    for (let t = this.lower(p); t < this.df.length && out.length < max; t++) {
      const a = this.termOffs[t]!;
      if (this.termLen(t) < p.length || !this.terms.startsWith(p, a)) break;
      out.push(t);
    }
    return out;
  }

  /** Term ids whose text without its first letter is exactly s. */
  withSuffix(s: string): number[] {
    const key = (t: number) => cmpTerm(this.terms, this.termOffs[t]! + 1, this.termOffs[t + 1]!, s);
    let lo = 0;
    let hi = this.bySuffix.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.termLen(this.bySuffix[mid]!) === 0 || key(this.bySuffix[mid]!) < 0) lo = mid + 1;
      else hi = mid;
    }
    const out: number[] = [];
    for (let i = lo; i < this.bySuffix.length; i++) {
      const t = this.bySuffix[i]!;
      if (this.termLen(t) === 0 || key(t) !== 0) break;
      out.push(t);
    }
    return out;
  }

  /** Where each (first letter, length) run starts in byLen, found on the first typo lookup. */
  private lenStart: Map<number, number> | null = null;

  private lenRuns(): Map<number, number> {
    if (this.lenStart) return this.lenStart;
    const start = new Map<number, number>();
    for (let i = 0; i < this.byLen.length; i++) {
      const k = lenKey(this.terms, this.termOffs, this.byLen[i]!);
      if (!start.has(k)) start.set(k, i);
    }
    return (this.lenStart = start);
  }

  /**
   * Terms one edit from w that keep w's first letter (substitution, insertion, deletion or swap after
   * it). An edit after the first SHARED letters leaves them alone: only the terms starting with w's first
   * SHARED letters and a length within one of w's are looked at, in place (within a run of byLen, terms
   * are in text order, so they are one stretch of it). A term whose first difference from w is at an
   * earlier letter is looked up by its text: w's letters before it, then a letter the dictionary has
   * there (or none), then the rest of w. Scanning every term with w's first letter, as before, took
   * 1–5 ms per segment of 125,000 synthetic papers: 10–40 ms per typo at a million.
   */
  sameFirstLetter(w: string, out: number[]): void {
    if (!w) return;
    const P = Math.max(1, Math.min(SHARED, w.length - 1));
    const start = this.lenRuns();
    const order = this.byLen;
    const terms = this.terms;
    const offs = this.termOffs;
    const c = w.charCodeAt(0);
    const head = w.slice(1, P);
    /** Term at byLen position i against w's letters 1..P (terms of the runs scanned are longer than P). */
    const cmpHead = (i: number) => cmpTerm(terms, offs[order[i]!]! + 1, offs[order[i]!]! + P, head);
    for (let L = w.length - 1; L <= w.length + 1; L++) {
      const k = c * 64 + Math.min(63, L);
      const from = start.get(k);
      if (from === undefined) continue;
      // The run [from, to) of (first letter, length) k; in it, the stretch that starts like w.
      let lo = from;
      let hi = order.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (lenKey(terms, offs, order[mid]!) <= k) lo = mid + 1;
        else hi = mid;
      }
      const to = lo;
      if (L <= P) {
        // Terms as short as w's shared letters (short words only): the whole run.
        for (let i = from; i < to; i++) {
          const t = order[i]!;
          if (oneEditAt(w, terms, offs[t]!, this.termLen(t))) out.push(t);
        }
        continue;
      }
      lo = from;
      hi = to;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cmpHead(mid) < 0) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < to && cmpHead(i) === 0; i++) {
        const t = order[i]!;
        if (oneEditAt(w, terms, offs[t]!, this.termLen(t))) out.push(t);
      }
    }
    // First difference at letter j (1 ≤ j < P): looked up by text.
    const found = (x: string) => {
      const t = this.find(x);
      if (t >= 0) out.push(t);
    };
    const T = this.df.length;
    for (let j = 1; j < P; j++) {
      const q = w.slice(0, j);
      const wj = w.charCodeAt(j);
      // Each letter x the dictionary has after q: x replacing w's letter j, or inserted before it.
      let t = this.lower(q);
      while (t < T && terms.startsWith(q, offs[t]!)) {
        if (this.termLen(t) <= j) {
          t++;
          continue;
        }
        const x = terms.charCodeAt(offs[t]! + j);
        if (x !== wj) {
          const sx = String.fromCharCode(x);
          found(q + sx + w.slice(j + 1));
          found(q + sx + w.slice(j));
        }
        if (x === 0xffff) break;
        t = this.lower(q + String.fromCharCode(x + 1));
      }
      // Letter j dropped, or swapped with the next.
      if (j + 1 < w.length && w[j + 1] !== w[j]) {
        found(q + w.slice(j + 1));
        found(q + w[j + 1] + w[j] + w.slice(j + 2));
      }
    }
  }

  /**
   * Add term t's contribution to the scores of the docs holding it: per doc, `titleScore[tlen]` when the
   * term is in its title, plus wAuthors / wAbstract for those fields (the caller folds in idf and
   * weights). Docs for which `skip(n)` is true are passed over (superseded copies, deleted papers); a
   * doc's first hit adds it to `touched` (from `count` on; the new count is returned). Decoding is
   * inlined: this loop is the search's hot path. With `lazy` (LazyTerm), docs no other term touched are only counted.
   */
  scoreTerm(t: number, titleScore: Float64Array, wAuthors: number, wAbstract: number, bit: number, score: Float64Array, cover: Int32Array, touched: Int32Array, count: number, skip: ((n: number) => boolean) | null, lazy: LazyTerm | null = null): number {
    const p = this.post;
    const tlen = this.tlen;
    const docs = this.docs;
    const counted = lazy ? lazy.counted : null;
    const pass = lazy ? lazy.pass : null;
    let newlyCounted = 0;
    let i = this.postOffs[t]!;
    const end = this.postOffs[t + 1]!;
    let doc = -1;
    while (i < end) {
      let b = p[i++]!;
      let x = b & 0x7f;
      if (b & 0x80) {
        let mul = 128;
        do {
          b = p[i++]!;
          x += (b & 0x7f) * mul;
          mul *= 128;
        } while (b & 0x80);
      }
      doc += (x - (x & 7)) / 8;
      if (skip && skip(docs[doc]!)) continue;
      // A lazy term: a doc no other term touched is only counted, once.
      if (counted !== null && cover[doc] === 0) {
        if (counted[doc] === 0) {
          counted[doc] = 1;
          if (!pass || pass(doc)) newlyCounted++;
        }
        continue;
      }
      const f = x & 7;
      let s = 0;
      if (f & 1) s += titleScore[tlen[doc]!]!;
      if (f & 2) s += wAuthors;
      if (f & 4) s += wAbstract;
      if (cover[doc] === 0) touched[count++] = doc;
      cover[doc]! |= bit;
      score[doc]! += s;
    }
    if (lazy) lazy.n += newlyCounted;
    return count;
  }

  /** Calls fn(localDoc, fields) for each doc holding term t, in ascending order. */
  postings(t: number, fn: (doc: number, fields: number) => void): void {
    const p = this.post;
    let i = this.postOffs[t]!;
    const end = this.postOffs[t + 1]!;
    let doc = -1;
    while (i < end) {
      let x = 0;
      let mul = 1;
      let b: number;
      do {
        b = p[i++]!;
        x += (b & 0x7f) * mul;
        mul *= 128;
      } while (b & 0x80);
      doc += Math.floor(x / 8);
      fn(doc, x & 7);
    }
  }

  /** Build a segment from docs (in the order given: their local numbers). */
  static build(docs: SegmentDoc[]): Segment {
    const termDocs = new Map<string, number[]>();
    const tlen = new Uint8Array(docs.length);
    const mark = (t: string, d: number, f: number) => {
      let list = termDocs.get(t);
      if (!list) termDocs.set(t, (list = []));
      // list holds [doc, fields] pairs; a doc's fields are OR-ed while it is the last one.
      if (list.length && list[list.length - 2] === d) list[list.length - 1]! |= f;
      else list.push(d, f);
    };
    docs.forEach((d, i) => {
      const title = tokenize(d.title);
      tlen[i] = Math.min(255, title.length);
      for (const t of title) mark(t, i, F_TITLE);
      if (d.authors) for (const t of tokenize(d.authors)) mark(t, i, F_AUTHORS);
      if (d.abstract) for (const t of tokenize(d.abstract)) mark(t, i, F_ABSTRACT);
    });
    const names = [...termDocs.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return run(
      Segment.fromParts(
        docs.map((d) => d.n),
        docs.map((d) => d.year ?? 0),
        docs.map((d) => d.topicBits ?? 0),
        tlen,
        names,
        (t, sink) => {
          const list = termDocs.get(names[t]!)!;
          let prev = -1;
          for (let j = 0; j < list.length; j += 2) {
            sink.put((list[j]! - prev) * 8 + list[j + 1]!);
            prev = list[j]!;
          }
          return list.length / 2;
        },
      ),
    );
  }

  /** The segment's parts, as steps (a step yields now and then: see mergeSlices). */
  private static *fromParts(docs: ArrayLike<number>, year: ArrayLike<number>, topics: ArrayLike<number>, tlen: Uint8Array, names: string[], writePostings: (t: number, sink: ByteSink) => number): Generator<void, Segment> {
    const termOffs = new Uint32Array(names.length + 1);
    let at = 0;
    names.forEach((s, i) => {
      termOffs[i] = at;
      at += s.length;
    });
    termOffs[names.length] = at;
    const sink = new ByteSink();
    const postOffs = new Uint32Array(names.length + 1);
    const df = new Uint32Array(names.length);
    for (let t = 0; t < names.length; t++) {
      postOffs[t] = sink.len;
      df[t] = writePostings(t, sink);
      if ((t & 2047) === 2047) yield;
    }
    postOffs[names.length] = sink.len;
    yield;
    // Each text without its first letter made once, then sorted (not a copy per comparison).
    const suffixes = names.map((n, i) => [n.slice(1), i] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    const bySuffix = Uint32Array.from(suffixes, (x) => x[1]);
    yield;
    const joined = names.join('');
    const byLen = byLenOrder(joined, termOffs);
    return new Segment({
      v: 1,
      docs: Uint32Array.from(docs),
      year: Uint16Array.from(year),
      topics: Uint32Array.from(topics),
      tlen,
      terms: joined,
      termOffs,
      bySuffix,
      byLen,
      postOffs,
      df,
      post: sink.bytes(),
    });
  }

  /**
   * Merge segments (oldest first) into one, keeping doc `d` of segment `s` only when keep(s, d): the
   * caller drops copies superseded by a newer segment and papers deleted since.
   */
  static merge(segs: Segment[], keep: (seg: number, doc: number) => boolean): Segment {
    return run(Segment.mergeSteps(segs, keep));
  }

  /**
   * The same merge in slices of about `sliceMs` of work, the event loop free in between (a merge of eight
   * 20,000-paper segments is ≈ 0.5 s of work: requests are answered between its slices).
   */
  static async mergeSlices(segs: Segment[], keep: (seg: number, doc: number) => boolean, sliceMs = 8): Promise<Segment> {
    const steps = Segment.mergeSteps(segs, keep);
    for (;;) {
      const t0 = performance.now();
      let r = steps.next();
      while (!r.done && performance.now() - t0 < sliceMs) r = steps.next();
      if (r.done) return r.value;
      await new Promise((res) => setTimeout(res, 0));
    }
  }

  private static *mergeSteps(segs: Segment[], keep: (seg: number, doc: number) => boolean): Generator<void, Segment> {
    const remap = segs.map((s) => new Int32Array(s.size).fill(-1));
    const docs: number[] = [];
    const year: number[] = [];
    const topics: number[] = [];
    const tl: number[] = [];
    for (let si = 0; si < segs.length; si++) {
      const s = segs[si]!;
      for (let d = 0; d < s.size; d++) {
        if (!keep(si, d)) continue;
        remap[si]![d] = docs.length;
        docs.push(s.docs[d]!);
        year.push(s.year[d]!);
        topics.push(s.topics[d]!);
        tl.push(s.tlen[d]!);
      }
      yield;
    }
    // k-way merge of the sorted dictionaries (each segment's current term read once).
    const pos = segs.map(() => 0);
    const head = segs.map((s) => (s.termCount ? s.term(0) : null));
    const names: string[] = [];
    const sources: Array<Array<[number, number]>> = [];
    for (let step = 0; ; step++) {
      let best: string | null = null;
      for (const h of head) if (h !== null && (best === null || h < best)) best = h;
      if (best === null) break;
      const from: Array<[number, number]> = [];
      for (let si = 0; si < segs.length; si++) {
        if (head[si] !== best) continue;
        from.push([si, pos[si]!]);
        pos[si]!++;
        head[si] = pos[si]! < segs[si]!.termCount ? segs[si]!.term(pos[si]!) : null;
      }
      names.push(best);
      sources.push(from);
      if ((step & 4095) === 4095) yield;
    }
    // Postings are re-encoded term by term straight into the new segment (no copy of all of them at
    // once: a merge of a million papers must fit in the worker's memory). A term whose postings were all
    // dropped stays with df 0, which searches skip.
    return yield* Segment.fromParts(docs, year, topics, Uint8Array.from(tl), names, (t, sink) => {
      let prev = -1;
      let count = 0;
      for (const [si, st] of sources[t]!) {
        const map = remap[si]!;
        segs[si]!.postings(st, (d, f) => {
          const nd = map[d]!;
          if (nd < 0) return;
          sink.put((nd - prev) * 8 + f);
          prev = nd;
          count++;
        });
      }
      return count;
    });
  }
}
