/**
 * "For you": how much a listing entry looks like the user's library, computed locally.
 *
 * A paper is a tf-idf vector of its words and word pairs (lib/rank/text.ts; rarity from a background
 * of 3,236 real ML listing papers, lib/rank/background.json). The profile is the centroid of the
 * library's vectors; an entry's score is its cosine with the library's centroid minus half its cosine
 * with the background's centroid (Rocchio): words every ML paper uses count for little, words of the
 * user's own field count. Evaluated in lib/rank/eval.ts (`npm run bench -- rank`).
 *
 * Terms are numbered once (the background's, then the library's words as papers arrive; word pairs the
 * background does not know are left out, which changes no figure of the evaluation) and the profile keeps
 * per-term sums in typed arrays: adding or removing a paper costs its own terms, never the library;
 * scoring an entry costs one dictionary lookup per term. The nearest library paper (the "why") is found
 * through an index of each paper's strongest terms.
 */
import background from './background.json';
import { termCounts } from './text';

interface Background {
  /** Papers the document frequencies come from. */
  docs: number;
  /** term → document frequency (terms in at least 3 background papers; rarer ones count as unseen). */
  df: Record<string, number>;
  /** The background centroid's strongest terms: term → weight (unit length over all terms). */
  centroid: Record<string, number>;
}

const BG = background as Background;
const MAX_IDF = Math.log(BG.docs + 1) + 1;

/** How much the background's centroid is taken away (chosen once, a priori; see lib/rank/eval.ts). */
export const BACKGROUND_WEIGHT = 0.5;
/** Terms per library paper in the nearest-paper index. */
const INDEX_TERMS = 12;

/** A unit-length tf-idf vector over numbered terms. */
export interface TermVec {
  ids: Int32Array;
  vals: Float64Array;
}

export interface RankPaper {
  id: string;
  title: string;
  abstract?: string | null;
}

interface ForYou {
  score: number;
  /** The library paper this entry is nearest to, when one shares its strongest words. */
  nearest: { id: string; title: string; similarity: number } | null;
}

/** The background's terms, numbered, with their idf and centroid weight (shared by every profile). */
const BASE_TERMS = new Map<string, number>();
const BASE_IDF: number[] = [];
const BASE_BG: number[] = [];
for (const [k, df] of Object.entries(BG.df)) {
  BASE_TERMS.set(k, BASE_IDF.length);
  BASE_IDF.push(Math.log((BG.docs + 1) / (df + 1)) + 1);
  BASE_BG.push(0);
}
for (const [k, w] of Object.entries(BG.centroid)) {
  let i = BASE_TERMS.get(k);
  if (i === undefined) {
    BASE_TERMS.set(k, (i = BASE_IDF.length));
    BASE_IDF.push(MAX_IDF);
    BASE_BG.push(0);
  }
  BASE_BG[i] = w;
}

function grow(a: Float64Array, n: number): Float64Array {
  if (n <= a.length) return a;
  const b = new Float64Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

/** The user's library as a ranking profile. Empty until it has papers. */
export class RankProfile {
  /** The background's terms, then the library's own words, numbered as they arrive. */
  private terms = new Map(BASE_TERMS);
  private idf: Float64Array;
  private bg: Float64Array;
  /** Per term: the sum of the library's vectors; and that sum's squared length, kept as papers come and go. */
  private sum: Float64Array;
  private sumSq = 0;
  private nTerms: number;
  private papers = new Map<string, { title: string; vec: TermVec; top: Int32Array }>();
  private byTerm = new Map<number, Set<string>>();
  private readonly backgroundWeight: number;

  /** `backgroundWeight` 0 gives the plain tf-idf centroid (the baseline of lib/rank/eval.ts). */
  constructor(opts: { backgroundWeight?: number } = {}) {
    this.backgroundWeight = opts.backgroundWeight ?? BACKGROUND_WEIGHT;
    this.nTerms = BASE_IDF.length;
    this.idf = Float64Array.from(BASE_IDF);
    this.bg = Float64Array.from(BASE_BG);
    this.sum = new Float64Array(this.nTerms);
  }

  get size(): number {
    return this.papers.size;
  }

  has(id: string): boolean {
    return this.papers.has(id);
  }

  private termId(k: string, create: boolean): number | undefined {
    const i = this.terms.get(k);
    // Word pairs are numbered only when the background knows them: the library's own rare pairs would
    // grow the dictionary by one term per pair for little (they weigh in every vector's length).
    if (i !== undefined || !create || k.includes(' ')) return i;
    const n = this.nTerms++;
    this.terms.set(k, n);
    this.idf = grow(this.idf, this.nTerms);
    this.bg = grow(this.bg, this.nTerms);
    this.sum = grow(this.sum, this.nTerms);
    this.idf[n] = MAX_IDF;
    return n;
  }

  /**
   * A paper's unit vector. Terms the profile has never seen weigh in its length (a paper full of new
   * words is less like the library) but are left out of the vector unless `create` numbers them.
   */
  vector(title: string, abstract: string | null | undefined, create = false): TermVec {
    return this.vectorOf(termCounts(title, abstract), create);
  }

  /** The same from term counts already read (lib/rank/text.ts termCounts): one reading serves several profiles. */
  vectorOf(counts: Map<string, number>, create = false): TermVec {
    const ids: number[] = [];
    const vals: number[] = [];
    let n = 0;
    for (const [k, c] of counts) {
      const i = this.termId(k, create);
      const x = (1 + Math.log(c)) * (i === undefined ? MAX_IDF : this.idf[i]!);
      n += x * x;
      if (i === undefined) continue;
      ids.push(i);
      vals.push(x);
    }
    n = Math.sqrt(n) || 1;
    const v = { ids: Int32Array.from(ids), vals: Float64Array.from(vals) };
    for (let j = 0; j < v.vals.length; j++) v.vals[j]! /= n;
    return v;
  }

  private shift(v: TermVec, sign: 1 | -1): void {
    for (let j = 0; j < v.ids.length; j++) {
      const i = v.ids[j]!;
      const old = this.sum[i]!;
      const now = old + sign * v.vals[j]!;
      this.sumSq += now * now - old * old;
      this.sum[i] = now;
    }
  }

  add(p: RankPaper): void {
    if (this.papers.has(p.id)) this.remove(p.id);
    const vec = this.vector(p.title, p.abstract, true);
    this.shift(vec, 1);
    const order = Array.from(vec.ids.keys()).sort((a, b) => vec.vals[b]! - vec.vals[a]!);
    const top = Int32Array.from(order.slice(0, INDEX_TERMS), (j) => vec.ids[j]!);
    for (const t of top) {
      let s = this.byTerm.get(t);
      if (!s) this.byTerm.set(t, (s = new Set()));
      s.add(p.id);
    }
    this.papers.set(p.id, { title: p.title, vec, top });
  }

  remove(id: string): void {
    const p = this.papers.get(id);
    if (!p) return;
    this.shift(p.vec, -1);
    for (const t of p.top) {
      const s = this.byTerm.get(t);
      s?.delete(id);
      if (s && s.size === 0) this.byTerm.delete(t);
    }
    this.papers.delete(id);
    if (this.papers.size === 0) {
      // Rounding never accumulates across an emptied library.
      this.sum.fill(0);
      this.sumSq = 0;
    }
  }

  /** Relevance of a paper to the library (higher = more like it); null with an empty library. */
  score(title: string, abstract?: string | null): number | null {
    if (this.papers.size === 0) return null;
    return this.scoreVec(this.vector(title, abstract));
  }

  /** Cosine with the library's centroid, less the background weight × cosine with the background's. */
  scoreVec(v: TermVec): number {
    let lib = 0;
    let bg = 0;
    for (let j = 0; j < v.ids.length; j++) {
      const i = v.ids[j]!;
      lib += this.sum[i]! * v.vals[j]!;
      bg += this.bg[i]! * v.vals[j]!;
    }
    return lib / Math.sqrt(Math.max(this.sumSq, 1e-12)) - this.backgroundWeight * bg;
  }

  /** The library paper nearest to `v` among those sharing one of its strongest terms (not `exclude`). */
  nearest(v: TermVec, exclude?: string | null): ForYou['nearest'] {
    const order = Array.from(v.ids.keys()).sort((a, b) => v.vals[b]! - v.vals[a]!).slice(0, 20);
    const cands = new Set<string>();
    for (const j of order) for (const id of this.byTerm.get(v.ids[j]!) ?? []) cands.add(id);
    let best: ForYou['nearest'] = null;
    const here = new Map<number, number>();
    for (let j = 0; j < v.ids.length; j++) here.set(v.ids[j]!, v.vals[j]!);
    for (const id of cands) {
      if (id === exclude) continue;
      const p = this.papers.get(id)!;
      let s = 0;
      for (let j = 0; j < p.vec.ids.length; j++) s += (here.get(p.vec.ids[j]!) ?? 0) * p.vec.vals[j]!;
      if (!best || s > best.similarity) best = { id, title: p.title, similarity: s };
    }
    return best && best.similarity >= 0.08 ? best : null;
  }
}
