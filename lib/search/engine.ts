/**
 * An inverted index with BM25 scoring per field, built for one job: answering a popup query over up
 * to ~100k papers in a few milliseconds. Postings are [doc, tf] pairs per term and field, scored
 * term-at-a-time into a dense score array; typo tolerance from a scan of the terms of about the same
 * length (an allocation-free one-edit check), prefix search from buckets of terms by their first two
 * letters. Incremental (add / remove with tombstones, compacted when they pile up) and serialisable
 * (typed arrays in CSR form, adopted on load without re-tokenising).
 */
import { foldUnicode } from '../match/normalize';

const FIELD_COUNT = 4;

/** BM25 parameters (the usual ones). */
const K1 = 1.2;
const B = 0.75;
const MAX_TERM = 40;

const ASCII_RE = /^[\x00-\x7f]*$/;

/** Lower-case word tokens: hyphenated words joined (fine-tuning = finetuning), diacritics folded. */
export function tokenize(s: string): string[] {
  if (!s) return [];
  if (ASCII_RE.test(s)) {
    const t = s.toLowerCase();
    const out = (t.includes('-') ? t.replace(/([a-z0-9])-(?=[a-z0-9])/g, '$1') : t).match(/[a-z0-9]+/g) ?? [];
    return out.filter((w) => w.length <= MAX_TERM);
  }
  const out = foldUnicode(s).replace(/([\p{L}\p{N}])-(?=[\p{L}\p{N}])/gu, '$1').match(/[\p{L}\p{N}]+/gu) ?? [];
  return out.filter((w) => w.length <= MAX_TERM);
}

/** a[ia..] === b[ib..] */
function restEqual(a: string, ia: number, b: string, ib: number): boolean {
  if (a.length - ia !== b.length - ib) return false;
  for (; ia < a.length; ia++, ib++) if (a.charCodeAt(ia) !== b.charCodeAt(ib)) return false;
  return true;
}

/** Damerau–Levenshtein distance ≤ 1 (one insertion, deletion, substitution or adjacent swap), allocation-free. */
export function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (la - lb > 1 || lb - la > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === la && i === lb) return true;
  if (la === lb) {
    if (restEqual(a, i + 1, b, i + 1)) return true;
    return i + 1 < la && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && restEqual(a, i + 2, b, i + 2);
  }
  return la > lb ? restEqual(a, i + 1, b, i) : restEqual(a, i, b, i + 1);
}

function typoKey(len: number, code: number, pos: 0 | 1): number {
  return (len * 65536 + (code || 0)) * 2 + pos;
}

type Posting = number[]; // [doc, tf, doc, tf, ...], docs ascending

export interface SerializedEngine {
  terms: string[];
  /** Per field: CSR offsets (terms + 1, in pairs) and [doc, tf] data. */
  offs: Array<Int32Array | number[]>;
  data: Array<Int32Array | number[]>;
  /** Per field: token count of each doc. */
  lens: Array<Uint16Array | number[]>;
  docs: number;
}

export interface Expansion {
  term: number;
  weight: number;
  /** Index of the query word this term stands for. */
  word: number;
}

export class Engine {
  private terms = new Map<string, number>();
  private termList: string[] = [];
  /** Base postings (CSR per field, adopted from a snapshot) and postings added since. */
  private baseOffs: Int32Array[] = [];
  private baseData: Int32Array[] = [];
  private extra: Array<Array<Posting | undefined>> = [];
  private lens: Uint16Array[] = [];
  private sumLen = new Float64Array(FIELD_COUNT);
  private alive = new Uint8Array(1024);
  private docCount = 0;
  private liveCount = 0;
  private deadCount = 0;
  /** Prefix buckets (first two letters -> term ids) and typo buckets (length + first or second letter -> term ids). */
  private buckets = new Map<string, number[]>();
  private typoBuckets = new Map<number, number[]>();
  private tf = new Map<number, number>();
  private scores = new Float64Array(1024);
  private covered = new Int32Array(1024);

  constructor() {
    for (let f = 0; f < FIELD_COUNT; f++) {
      this.baseOffs.push(new Int32Array(1));
      this.baseData.push(new Int32Array(0));
      this.extra.push([]);
      this.lens.push(new Uint16Array(1024));
    }
  }

  get size(): number {
    return this.liveCount;
  }

  /** Removed docs still taking space in postings. */
  get dead(): number {
    return this.deadCount;
  }

  private termId(t: string): number {
    let id = this.terms.get(t);
    if (id === undefined) {
      id = this.termList.length;
      this.terms.set(t, id);
      this.termList.push(t);
      if (t.length >= 2) {
        const k = t.slice(0, 2);
        const b = this.buckets.get(k);
        if (b) b.push(id);
        else this.buckets.set(k, [id]);
      }
      for (const k of [typoKey(t.length, t.charCodeAt(0), 0), typoKey(t.length, t.charCodeAt(1), 1)]) {
        const b = this.typoBuckets.get(k);
        if (b) b.push(id);
        else this.typoBuckets.set(k, [id]);
      }
    }
    return id;
  }

  private grow(n: number): void {
    if (n < this.alive.length) return;
    let cap = this.alive.length;
    while (cap <= n) cap *= 2;
    const a = new Uint8Array(cap);
    a.set(this.alive);
    this.alive = a;
    this.lens = this.lens.map((l) => {
      const x = new Uint16Array(cap);
      x.set(l);
      return x;
    });
  }

  /** Add a document (fields as token lists); returns its doc number. */
  add(fields: string[][]): number {
    const doc = this.docCount++;
    this.grow(doc);
    this.alive[doc] = 1;
    this.liveCount++;
    for (let f = 0; f < FIELD_COUNT; f++) {
      const toks = fields[f] ?? [];
      this.lens[f]![doc] = Math.min(toks.length, 65535);
      this.sumLen[f]! += toks.length;
      if (toks.length === 0) continue;
      const tf = this.tf;
      tf.clear();
      for (const t of toks) {
        const id = this.termId(t);
        tf.set(id, (tf.get(id) ?? 0) + 1);
      }
      const ex = this.extra[f]!;
      for (const [id, n] of tf) (ex[id] ??= []).push(doc, n);
    }
    return doc;
  }

  remove(doc: number): void {
    if (!this.alive[doc]) return;
    this.alive[doc] = 0;
    this.liveCount--;
    this.deadCount++;
    for (let f = 0; f < FIELD_COUNT; f++) this.sumLen[f]! -= this.lens[f]![doc]!;
  }

  /** Documents holding a term in any field (tombstones included: an estimate for ranking expansions). */
  df(term: number): number {
    let n = 0;
    for (let f = 0; f < FIELD_COUNT; f++) n = Math.max(n, this.fieldDf(f, term));
    return n;
  }

  private fieldDf(f: number, term: number): number {
    const o = this.baseOffs[f]!;
    const b = term + 1 < o.length ? (o[term + 1]! - o[term]!) >> 1 : 0;
    return b + ((this.extra[f]![term]?.length ?? 0) >> 1);
  }

  /** Term ids a query word stands for: itself, its completions (last word) and one-edit variants. */
  expand(words: string[], opts: { prefixLast: boolean; maxPrefix?: number; maxFuzzy?: number }): Expansion[] {
    const out: Expansion[] = [];
    words.forEach((w, i) => {
      const seen = new Set<number>();
      const exact = this.terms.get(w);
      const exactDf = exact === undefined ? 0 : this.df(exact);
      if (exact !== undefined) {
        out.push({ term: exact, weight: 1, word: i });
        seen.add(exact);
      }
      if (opts.prefixLast && i === words.length - 1 && w.length >= 2) {
        const cands = (this.buckets.get(w.slice(0, 2)) ?? []).filter((id) => !seen.has(id) && this.termList[id]!.startsWith(w));
        const top = cands.map((id) => [id, this.df(id)] as const).filter((x) => x[1] > 0).sort((a, b) => b[1] - a[1]).slice(0, opts.maxPrefix ?? 12);
        for (const [id] of top) {
          // Shorter completions of what is typed weigh more.
          const weight = 0.8 * (w.length / this.termList[id]!.length) ** 0.5;
          out.push({ term: id, weight, word: i });
          seen.add(id);
        }
      }
      // One typo allowed in words of 5+ letters, unless the word is a common term as typed (a typo is
      // unlikely to land on a word many papers use, and its variants would only add noise and time).
      if (w.length >= 5 && exactDf < 3) {
        // Terms one edit away share their first letter with w, unless the edit touches it: then the
        // first letter of one is the second of the other (swap, extra or missing first letter), or
        // the second letters agree (first letter replaced).
        const L = w.length;
        const w0 = w.charCodeAt(0);
        const w1 = w.charCodeAt(1);
        const keys = [typoKey(L - 1, w0, 0), typoKey(L, w0, 0), typoKey(L + 1, w0, 0), typoKey(L, w1, 0), typoKey(L - 1, w1, 0), typoKey(L + 1, w0, 1), typoKey(L, w1, 1)];
        const cands = new Set<number>();
        for (const k of keys) {
          for (const id of this.typoBuckets.get(k) ?? []) if (!seen.has(id) && !cands.has(id) && withinOneEdit(w, this.termList[id]!)) cands.add(id);
        }
        const fuzzy = [...cands].map((id) => [id, this.df(id)] as const).sort((a, b) => b[1] - a[1]).slice(0, opts.maxFuzzy ?? 5);
        for (const [id] of fuzzy) out.push({ term: id, weight: 0.6, word: i });
      }
    });
    return out;
  }

  /**
   * Score live docs for the expansions with BM25 per field (field boosts), then scale each doc by the
   * share of query words it matches. Returns the docs touched (unordered) with their scores.
   */
  score(exps: Expansion[], boosts: number[], words: number): { docs: Int32Array; scores: Float64Array } {
    if (this.scores.length < this.docCount) {
      this.scores = new Float64Array(this.alive.length);
      this.covered = new Int32Array(this.alive.length);
    }
    const scores = this.scores;
    const covered = this.covered;
    const touched: number[] = [];
    const n = Math.max(1, this.liveCount);
    for (const e of exps) {
      const bit = 1 << Math.min(e.word, 30);
      for (let f = 0; f < FIELD_COUNT; f++) {
        const df = this.fieldDf(f, e.term);
        if (df === 0) continue;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        const w = e.weight * boosts[f]! * idf;
        const avg = Math.max(1, this.sumLen[f]! / n);
        const lens = this.lens[f]!;
        const o = this.baseOffs[f]!;
        const parts: ArrayLike<number>[] = [];
        if (e.term + 1 < o.length) parts.push(this.baseData[f]!.subarray(o[e.term]!, o[e.term + 1]!));
        const ex = this.extra[f]![e.term];
        if (ex) parts.push(ex);
        for (const p of parts) {
          for (let j = 0; j < p.length; j += 2) {
            const d = p[j]!;
            if (!this.alive[d]) continue;
            const tf = p[j + 1]!;
            const s = (w * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * lens[d]!) / avg));
            if (covered[d] === 0) touched.push(d);
            covered[d]! |= bit;
            scores[d]! += s;
          }
        }
      }
    }
    const docs = Int32Array.from(touched);
    const out = new Float64Array(docs.length);
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i]!;
      let c = covered[d]!;
      let k = 0;
      while (c) {
        c &= c - 1;
        k++;
      }
      out[i] = scores[d]! * (k / Math.max(1, words));
      scores[d] = 0;
      covered[d] = 0;
    }
    return { docs, scores: out };
  }

  /** Live docs compacted to 0..n-1 (in order) with postings in CSR form. `order[newDoc] = oldDoc`. */
  serialize(): { engine: SerializedEngine; order: number[] } {
    const order: number[] = [];
    const newNum = new Int32Array(this.docCount).fill(-1);
    for (let d = 0; d < this.docCount; d++) if (this.alive[d]) newNum[d] = order.push(d) - 1;
    const offs: Int32Array[] = [];
    const data: Int32Array[] = [];
    for (let f = 0; f < FIELD_COUNT; f++) {
      const o = new Int32Array(this.termList.length + 1);
      let total = this.baseData[f]!.length;
      for (const p of this.extra[f]!) total += p?.length ?? 0;
      const out = new Int32Array(total);
      let at = 0;
      const bo = this.baseOffs[f]!;
      const bd = this.baseData[f]!;
      for (let t = 0; t < this.termList.length; t++) {
        o[t] = at;
        const copy = (p: ArrayLike<number>, from: number, to: number) => {
          for (let j = from; j < to; j += 2) {
            const nd = newNum[p[j]!]!;
            if (nd < 0) continue;
            out[at++] = nd;
            out[at++] = p[j + 1]!;
          }
        };
        if (t + 1 < bo.length) copy(bd, bo[t]!, bo[t + 1]!);
        const ex = this.extra[f]![t];
        if (ex) copy(ex, 0, ex.length);
      }
      o[this.termList.length] = at;
      offs.push(o);
      data.push(out.slice(0, at));
    }
    const lens = this.lens.map((l) => Uint16Array.from(order, (d) => l[d]!));
    return { engine: { terms: this.termList.slice(), offs, data, lens, docs: order.length }, order };
  }

  static deserialize(s: SerializedEngine): Engine {
    const i32 = (x: unknown): Int32Array =>
      x instanceof Int32Array ? x : Int32Array.from(Array.isArray(x) ? (x as number[]) : Object.values(x as Record<string, number>));
    const u16 = (x: unknown): Uint16Array =>
      x instanceof Uint16Array ? x : Uint16Array.from(Array.isArray(x) ? (x as number[]) : Object.values(x as Record<string, number>));
    if (!s || !Array.isArray(s.terms) || s.offs?.length !== FIELD_COUNT || s.data?.length !== FIELD_COUNT || s.lens?.length !== FIELD_COUNT) {
      throw new Error('unsupported search index format');
    }
    const e = new Engine();
    for (const t of s.terms) e.termId(t);
    e.docCount = e.liveCount = s.docs;
    e.grow(s.docs);
    e.alive.fill(1, 0, s.docs);
    for (let f = 0; f < FIELD_COUNT; f++) {
      e.baseOffs[f] = i32(s.offs[f]);
      e.baseData[f] = i32(s.data[f]);
      if (e.baseOffs[f]!.length !== s.terms.length + 1) throw new Error('unsupported search index format');
      const l = u16(s.lens[f]);
      e.lens[f]!.set(l.subarray(0, s.docs));
      let sum = 0;
      for (let d = 0; d < s.docs; d++) sum += l[d]!;
      e.sumLen[f] = sum;
    }
    return e;
  }
}
