/**
 * The match index: exact ids (arXiv, DOI), exact normalised titles, and fuzzy candidates from
 * rare-token postings, so a lookup touches a handful of candidates instead of scanning the corpus.
 * Incremental (add/remove at any time) and serialisable (no re-normalisation on load).
 */
import { abstractsCanDecide, compareTitles, features, FUZZY_THRESHOLD, STOPWORDS, type TitleFeatures } from './compare';
import { normalizeDoi, normalizeTitle, parseArxivId } from './normalize';
import { DocTable, widen } from './doc-table';
import { strHash, TokenTable } from './tokens';

export type MatchKind = 'id' | 'doi' | 'exact' | 'fuzzy';

export interface MatchDoc {
  id: string;
  title: string;
  arxivId?: string | null;
  doi?: string | null;
}

export interface MatchQuery {
  title: string;
  arxivId?: string | null;
  doi?: string | null;
  abstract?: string | null;
}

export interface MatchResult {
  id: string;
  title: string;
  kind: MatchKind;
  score: number;
  reason: string;
}

export interface MatchIndexOptions {
  /** Abstract of an indexed paper, for abstract evidence (kept by the owner, not duplicated here). */
  getAbstract?: (id: string) => string | null | undefined;
  /** Fuzzy candidates fully compared per lookup. */
  maxCandidates?: number;
}

export interface SerializedMatchIndex {
  v: 1;
  vocab: string[];
  ids: string[];
  titles: string[];
  /** Exact-match key hash per doc (strHash of the normalised key); older snapshots carry `keys` instead. */
  khash?: Int32Array | number[];
  keys?: string[];
  arxiv: Array<string | null>;
  doi: Array<string | null>;
  /** Token ids per doc, flattened, with offsets (length = docs + 1). Typed arrays clone fast into IndexedDB. */
  toks: Int32Array | number[];
  offs: Int32Array | number[];
  dead: number[];
  /** Postings per vocabulary token, flattened (optional: older snapshots rebuild them). */
  post?: Int32Array | number[];
  postOffs?: Int32Array | number[];
}

const EMPTY = new Int32Array(0);
const NONE: number[] = [];

/** For each paper in `sorted` (ascending) that also occurs in posting `p` (ascending), add a hit. */
function gallopCount(p: ArrayLike<number>, sorted: Int32Array, hits: Uint8Array): void {
  let j = 0;
  for (let c = 0; c < sorted.length && j < p.length; c++) {
    const d = sorted[c]!;
    if (p[j]! < d) {
      let step = 1;
      while (j + step < p.length && p[j + step]! < d) step *= 2;
      let lo = j + (step >> 1);
      let hi = Math.min(j + step, p.length);
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (p[mid]! < d) lo = mid + 1;
        else hi = mid;
      }
      j = lo;
    }
    if (j < p.length && p[j] === d) hits[d]!++;
  }
}

/** Title features kept for candidates and for queries (the most recent this many of each). */
const FEATURES_KEPT = 4096;

/** Features of a title, remembered in `memo` (FIFO, at most FEATURES_KEPT). */
function memoFeatures<K>(memo: Map<K, TitleFeatures>, key: K, title: string): TitleFeatures {
  let f = memo.get(key);
  if (!f) {
    f = features(title);
    if (memo.size >= FEATURES_KEPT) memo.delete(memo.keys().next().value!);
    memo.set(key, f);
  }
  return f;
}

export class MatchIndex {
  private ids: string[] = [];
  /** Titles by doc (a doc's title never changes: a paper added again gets a new doc). */
  private titles: string[] = [];
  /** Features of candidate docs compared lately, and of titles looked up lately (abstractsWanted, then lookup). */
  private docFeats = new Map<number, TitleFeatures>();
  private queryFeats = new Map<string, TitleFeatures>();
  /** Sparse: most papers have neither. */
  private arxivs = new Map<number, string>();
  private dois = new Map<number, string>();
  private alive = new Uint8Array(1024);
  /** Paper ids and exact title keys, by hash (removed papers are skipped, and dropped on growth). */
  private idTable = new DocTable((d) => !!this.alive[d]);
  private keyTable = new DocTable((d) => !!this.alive[d]);
  private byArxiv = new Map<string, number>();
  private byDoi = new Map<string, number>();
  private vocab = new Map<string, number>();
  private vocabList: string[] = [];
  /** 1 for vocabulary ids of stopwords. */
  private stop = new Uint8Array(1024);
  /**
   * Postings (papers per token, ascending) in two parts: an immutable base in CSR form (bulk builds and
   * snapshots: two typed arrays, no per-token objects) and per-token arrays for papers added since.
   * Removed papers stay in the base until the next compaction; lookups skip them.
   */
  private basePost: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private baseOffs: Int32Array<ArrayBufferLike> = new Int32Array(1);
  private extra: Array<number[] | undefined> = [];
  /** Content-token ids of every doc, flattened: doc i = tokFlat[tokStart[i] .. tokStart[i] + tokLen[i]]. */
  private tokFlat = new Int32Array(8192);
  private tokUsed = 0;
  private tokStart = new Int32Array(1024);
  private tokLen = new Uint8Array(1024);
  private liveCount = 0;
  private hits = new Uint8Array(0);
  private table = new TokenTable((t) => this.tokenId(t));
  private scratch: number[] = [];
  private readonly getAbstract?: (id: string) => string | null | undefined;
  private readonly maxCandidates: number;
  /** Candidates fully compared by the last lookup (for tests and the benchmark). */
  lastCandidates = 0;

  constructor(opts: MatchIndexOptions = {}) {
    this.getAbstract = opts.getAbstract;
    this.maxCandidates = opts.maxCandidates ?? 4;
  }

  get size(): number {
    return this.liveCount;
  }

  has(id: string): boolean {
    return this.docOf(id) !== undefined;
  }

  private tokenId(t: string): number {
    let id = this.vocab.get(t);
    if (id === undefined) {
      id = this.vocabList.length;
      this.vocab.set(t, id);
      this.vocabList.push(t);
      if (id >= this.stop.length) {
        const a = new Uint8Array(this.stop.length * 2);
        a.set(this.stop);
        this.stop = a;
      }
      this.stop[id] = STOPWORDS.has(t) ? 1 : 0;
    }
    return id;
  }

  /** The live doc of a paper id. */
  private docOf(id: string): number | undefined {
    return this.idTable.find(strHash(id), (d) => !!this.alive[d] && this.ids[d] === id);
  }

  /** First live paper whose normalised title key is `key`. */
  private byKey(key: string): number | undefined {
    return this.keyTable.find(strHash(key), (d) => !!this.alive[d] && normalizeTitle(this.titles[d]!).key === key);
  }

  /** Number of papers holding token t (removed ones in the base included until compaction). */
  private plen(t: number): number {
    const b = t + 1 < this.baseOffs.length ? this.baseOffs[t + 1]! - this.baseOffs[t]! : 0;
    return b + (this.extra[t]?.length ?? 0);
  }

  /** The base part of token t's postings. */
  private basePart(t: number): Int32Array<ArrayBufferLike> {
    return t + 1 < this.baseOffs.length ? this.basePost.subarray(this.baseOffs[t]!, this.baseOffs[t + 1]!) : EMPTY;
  }

  private docTokens(idx: number): Int32Array {
    return this.tokFlat.subarray(this.tokStart[idx]!, this.tokStart[idx]! + this.tokLen[idx]!);
  }

  /** Add or replace a paper. */
  add(doc: MatchDoc): void {
    this.addDoc(doc, true);
  }

  /**
   * Add many papers at once (cold builds: the bundled corpus plus a library): postings are laid out
   * once at the end instead of growing per paper.
   */
  addAll(docs: Iterable<MatchDoc>): void {
    if (Array.isArray(docs)) {
      // Room for all of them at once (no doubling copies on the way).
      const want = this.ids.length + docs.length;
      while (this.alive.length < want) this.grow();
      this.keyTable.reserve(docs.length);
      this.idTable.reserve(docs.length);
      if (this.tokFlat.length < this.tokUsed + docs.length * 10) {
        const f = new Int32Array(this.tokUsed + docs.length * 10);
        f.set(this.tokFlat.subarray(0, this.tokUsed));
        this.tokFlat = f;
      }
    }
    for (const d of docs) this.addDoc(d, false);
    this.compact();
  }

  private addDoc(doc: MatchDoc, post: boolean): void {
    if (this.docOf(doc.id) !== undefined) this.remove(doc.id);
    const ax = doc.arxivId ? parseArxivId(doc.arxivId)?.id ?? null : null;
    const doi = doc.doi ? normalizeDoi(doc.doi) : null;
    const all = this.scratch;
    all.length = 0;
    let kh = this.table.tokenize(doc.title, all);
    if (kh === null) {
      all.length = 0;
      const n = normalizeTitle(doc.title);
      for (const t of n.tokens) all.push(this.tokenId(t));
      kh = n.key ? strHash(n.key) : null;
    }
    const toks: number[] = [];
    for (const id of all) if (!this.stop[id] && !toks.includes(id)) toks.push(id);
    this.insert(doc.id, doc.title, all.length ? kh : null, ax, doi, toks, post);
  }

  private grow(): void {
    const cap = this.alive.length * 2;
    this.alive = widen(this.alive, cap);
    this.tokStart = widen(this.tokStart, cap);
    this.tokLen = widen(this.tokLen, cap);
  }

  private insert(id: string, title: string, keyHash: number | null, ax: string | null, doi: string | null, toks: ArrayLike<number>, post = true): void {
    const idx = this.ids.length;
    if (idx >= this.alive.length) this.grow();
    this.ids.push(id);
    this.titles.push(title);
    if (ax) this.arxivs.set(idx, ax);
    if (doi) this.dois.set(idx, doi);
    this.alive[idx] = 1;
    const len = Math.min(toks.length, 255);
    if (this.tokUsed + len > this.tokFlat.length) {
      const f = new Int32Array(Math.max(this.tokFlat.length * 2, this.tokUsed + len));
      f.set(this.tokFlat.subarray(0, this.tokUsed));
      this.tokFlat = f;
    }
    this.tokStart[idx] = this.tokUsed;
    this.tokLen[idx] = len;
    for (let i = 0; i < len; i++) {
      const t = toks[i]!;
      this.tokFlat[this.tokUsed++] = t;
      if (post) (this.extra[t] ??= []).push(idx);
    }
    this.idTable.add(idx, strHash(id));
    if (ax && !this.byArxiv.has(ax)) this.byArxiv.set(ax, idx);
    if (doi && !this.byDoi.has(doi)) this.byDoi.set(doi, idx);
    if (keyHash !== null) this.keyTable.add(idx, keyHash);
    this.liveCount++;
  }

  remove(id: string): boolean {
    const idx = this.docOf(id);
    if (idx === undefined) return false;
    this.alive[idx] = 0;
    this.liveCount--;
    const ax = this.arxivs.get(idx) ?? null;
    if (ax && this.byArxiv.get(ax) === idx) this.byArxiv.delete(ax);
    const doi = this.dois.get(idx) ?? null;
    if (doi && this.byDoi.get(doi) === idx) this.byDoi.delete(doi);
    const neighbours = new Set<number>();
    for (const t of this.docTokens(idx)) {
      const p = this.extra[t];
      const at = p ? p.indexOf(idx) : -1;
      if (at >= 0) p!.splice(at, 1);
      for (const part of [this.basePart(t), p ?? []]) {
        for (let j = 0; j < part.length && neighbours.size < 1000; j++) neighbours.add(part[j]!);
      }
    }
    this.tokLen[idx] = 0;
    // Another live paper may carry the same arXiv id or DOI: point the exact maps at it.
    for (const j of neighbours) {
      if (!this.alive[j]) continue;
      if (ax && !this.byArxiv.has(ax) && this.arxivs.get(j) === ax) this.byArxiv.set(ax, j);
      if (doi && !this.byDoi.has(doi) && this.dois.get(j) === doi) this.byDoi.set(doi, j);
    }
    return true;
  }

  /** Lay all live papers' postings out as the base (CSR, ascending per token) and drop the per-token arrays. */
  private compact(): void {
    const v = this.vocabList.length;
    const counts = new Int32Array(v + 1);
    const n = this.ids.length;
    for (let i = 0; i < n; i++) {
      if (!this.alive[i]) continue;
      const s = this.tokStart[i]!;
      const e = s + this.tokLen[i]!;
      for (let j = s; j < e; j++) counts[this.tokFlat[j]! + 1]!++;
    }
    for (let t = 0; t < v; t++) counts[t + 1]! += counts[t]!;
    const post = new Int32Array(counts[v]!);
    const fill = counts.slice(0, v);
    for (let i = 0; i < n; i++) {
      if (!this.alive[i]) continue;
      const s = this.tokStart[i]!;
      const e = s + this.tokLen[i]!;
      for (let j = s; j < e; j++) post[fill[this.tokFlat[j]!]!++] = i;
    }
    this.basePost = post;
    this.baseOffs = counts;
    this.extra = [];
  }

  private result(idx: number, kind: MatchKind, score: number, reason: string): MatchResult {
    return { id: this.ids[idx]!, title: this.titles[idx]!, kind, score, reason };
  }

  /** Find the known paper an entry is, or null. Ids first, then the exact title key, then fuzzy (unless `fuzzy: false`). */
  lookup(q: MatchQuery, opts: { fuzzy?: boolean } = {}): MatchResult | null {
    this.lastCandidates = 0;
    const ax = parseArxivId(q.arxivId ?? null)?.id;
    if (ax) {
      const i = this.byArxiv.get(ax);
      if (i !== undefined) return this.result(i, 'id', 1, `arXiv ${ax}`);
    }
    const doi = normalizeDoi(q.doi ?? null);
    if (doi) {
      const i = this.byDoi.get(doi);
      if (i !== undefined) return this.result(i, 'doi', 1, `DOI ${doi}`);
    }
    const qf = memoFeatures(this.queryFeats, q.title, q.title);
    if (!qf.key) return null;
    if (!qf.truncated) {
      const i = this.byKey(qf.key);
      if (i !== undefined) {
        // Same title but both sides carry different arXiv ids: two different papers.
        const cax = this.arxivs.get(i);
        if (!(ax && cax && cax !== ax)) return this.result(i, 'exact', 0.99, 'same normalised title');
      }
    }
    return opts.fuzzy === false ? null : this.fuzzy(qf, q, ax ?? null);
  }

  /**
   * Ids of the indexed papers whose abstracts a lookup of q would compare (its fuzzy candidates), so an
   * owner keeping abstracts on disk can read just those before the lookup.
   */
  abstractsWanted(q: MatchQuery): string[] {
    if (!q.abstract) return [];
    const qf = memoFeatures(this.queryFeats, q.title, q.title);
    if (!qf.key) return [];
    return this.toCompare(qf).map((i) => this.ids[i]!);
  }

  /**
   * Whether this title's abstract (not at hand) could change its lookup: a candidate compared in full is
   * close enough for abstracts to decide (compare.ts abstractsCanDecide). When false, lookup without the
   * abstract gives what lookup with it would.
   */
  abstractCouldDecide(q: MatchQuery): boolean {
    const qf = memoFeatures(this.queryFeats, q.title, q.title);
    if (!qf.key) return false;
    const ax = parseArxivId(q.arxivId ?? null)?.id ?? null;
    for (const idx of this.toCompare(qf)) {
      const cax = this.arxivs.get(idx);
      if (ax && cax && cax !== ax) continue;
      if (abstractsCanDecide(qf, memoFeatures(this.docFeats, idx, this.titles[idx]!))) return true;
    }
    return false;
  }

  private fuzzy(qf: TitleFeatures, q: MatchQuery, ax: string | null): MatchResult | null {
    let best: MatchResult | null = null;
    for (const idx of this.toCompare(qf)) {
      this.lastCandidates++;
      const cax = this.arxivs.get(idx);
      if (ax && cax && cax !== ax) continue; // both have arXiv ids and they differ
      const cf = memoFeatures(this.docFeats, idx, this.titles[idx]!);
      const abs = q.abstract && this.getAbstract ? { q: q.abstract, c: this.getAbstract(this.ids[idx]!) } : undefined;
      const v = compareTitles(qf, cf, abs);
      if (v && v.score >= FUZZY_THRESHOLD && (!best || v.score > best.score)) best = this.result(idx, 'fuzzy', Math.round(v.score * 1000) / 1000, v.reason);
    }
    return best;
  }

  /** The fuzzy candidates of a title that are compared in full, best first (at most maxCandidates). */
  private toCompare(qf: TitleFeatures): number[] {
    const qTokens = [...new Set(qf.tokens.filter((t) => !STOPWORDS.has(t)))];
    if (qTokens.length < 2) return [];
    // Rarest known tokens first; unknown tokens (typos, new words) cannot retrieve anything.
    const known = qTokens
      .map((t) => ({ t, id: this.vocab.get(t) ?? -1, n: 0 }))
      .filter((x) => x.id >= 0 && (x.n = this.plen(x.id)) > 0)
      .sort((a, b) => a.n - b.n);
    if (known.length === 0) return [];
    const cap = Math.max(2000, this.liveCount * 0.02);
    const probe = known.filter((k, i) => i < 4 && (i === 0 || k.n <= cap)).slice(0, 4);
    // Need at least two shared probe tokens unless the query has very few known tokens. Candidates come
    // from the two rarest postings (one when the rarest is already long: a title of common words); the
    // other probe postings are only consulted for those candidates.
    const minHits = probe.length >= 2 ? 2 : 1;
    const scan = probe[0]!.n > 4000 ? 1 : Math.min(2, probe.length);
    if (this.hits.length < this.ids.length) this.hits = new Uint8Array(Math.max(1024, this.ids.length * 2));
    const hits = this.hits;
    const touched: number[] = [];
    for (let k = 0; k < scan; k++) {
      let budget = 20000;
      for (const p of [this.basePart(probe[k]!.id), this.extra[probe[k]!.id] ?? NONE]) {
        const lim = Math.min(p.length, budget);
        budget -= lim;
        for (let j = 0; j < lim; j++) {
          const d = p[j]!;
          if (hits[d] === 0) touched.push(d);
          hits[d]!++;
        }
      }
    }
    if (scan < probe.length && touched.length) {
      let sorted: Int32Array | null = null;
      for (let k = scan; k < probe.length; k++) {
        for (const p of [this.basePart(probe[k]!.id), this.extra[probe[k]!.id] ?? NONE]) {
          if (p.length < 8 * touched.length) {
            // Comparable sizes: one sequential pass, counting only papers already found.
            for (let j = 0; j < p.length; j++) if (hits[p[j]!]! > 0) hits[p[j]!]!++;
          } else {
            // Much longer posting: gallop through it once for the sorted candidates.
            sorted ??= Int32Array.from(touched).sort();
            gallopCount(p, sorted, hits);
          }
        }
      }
    }
    // Keep only the best-covered candidates (the same paper shares the most probe words)...
    let maxHit = 0;
    for (let c = 0; c < touched.length; c++) {
      const h = hits[touched[c]!]!;
      if (h > maxHit && this.alive[touched[c]!]) maxHit = h;
    }
    const floor = Math.max(minHits, maxHit - 1);
    const kept: number[] = [];
    for (let c = 0; c < touched.length; c++) {
      const d = touched[c]!;
      if (hits[d]! >= floor && this.alive[d]) kept.push(d);
      hits[d] = 0;
    }
    // ...then rank them by the rarity of the probe words they share.
    const probeW = new Map(probe.map((k) => [k.id, 1 / Math.log2(2 + k.n)]));
    const ranked: Array<[number, number]> = kept.map((d) => {
      let w = 0;
      for (const t of this.docTokens(d)) w += probeW.get(t) ?? 0;
      return [d, w];
    });
    ranked.sort((a, b) => b[1] - a[1]);
    const qIds = new Set(known.map((k) => k.id));
    const out: number[] = [];
    for (let r = 0; r < ranked.length && out.length < this.maxCandidates && r < 64; r++) {
      const idx = ranked[r]![0];
      // Cheap check before the full comparison: the two titles must share most of the shorter one's words.
      const dt = this.docTokens(idx);
      let shared = 0;
      for (const t of dt) if (qIds.has(t)) shared++;
      if (shared < Math.ceil(0.5 * Math.min(qTokens.length, dt.length))) continue;
      out.push(idx);
    }
    return out;
  }

  /** Live papers only (removed ones are compacted away), with token lists and postings as typed arrays. */
  serialize(): SerializedMatchIndex {
    const live: number[] = [];
    for (let i = 0; i < this.ids.length; i++) if (this.alive[i]) live.push(i);
    const newIndex = new Int32Array(this.ids.length).fill(-1);
    live.forEach((old, i) => (newIndex[old] = i));
    const khash = new Int32Array(live.length);
    // 0 marks "no key" (an empty title); a real key hashing to 0 is re-derived on load.
    live.forEach((old, i) => (khash[i] = this.keyTable.hashOf(old) ?? 0));
    const offs = new Int32Array(live.length + 1);
    let total = 0;
    for (const i of live) total += this.tokLen[i]!;
    const toks = new Int32Array(total);
    let at = 0;
    live.forEach((old, i) => {
      offs[i] = at;
      toks.set(this.docTokens(old), at);
      at += this.tokLen[old]!;
    });
    offs[live.length] = at;
    const postOffs = new Int32Array(this.vocabList.length + 1);
    const post = new Int32Array(this.basePost.length + this.extra.reduce((a, p) => a + (p?.length ?? 0), 0));
    let pat = 0;
    for (let t = 0; t < this.vocabList.length; t++) {
      postOffs[t] = pat;
      for (const part of [this.basePart(t), this.extra[t] ?? NONE]) {
        for (let j = 0; j < part.length; j++) {
          const d = newIndex[part[j]!]!;
          if (d >= 0) post[pat++] = d;
        }
      }
    }
    postOffs[this.vocabList.length] = pat;
    return {
      v: 1, vocab: this.vocabList, ids: live.map((i) => this.ids[i]!), titles: live.map((i) => this.titles[i]!), khash,
      arxiv: live.map((i) => this.arxivs.get(i) ?? null), doi: live.map((i) => this.dois.get(i) ?? null),
      toks, offs, dead: [], post: post.subarray(0, pat), postOffs,
    };
  }

  static deserialize(s: SerializedMatchIndex, opts: MatchIndexOptions = {}): MatchIndex {
    if (!s || s.v !== 1) throw new Error('unsupported match index format');
    // Typed arrays survive IndexedDB as they are; through JSON they come back as plain objects.
    const typed = (x: unknown): Int32Array =>
      x instanceof Int32Array ? x : Int32Array.from(Array.isArray(x) ? (x as number[]) : Object.values(x as Record<string, number>));
    const m = new MatchIndex(opts);
    const khash = s.khash ? typed(s.khash) : null;
    const keyHashOf = (i: number): number | null => {
      if (khash && khash[i] !== 0) return khash[i]!;
      const key = s.keys?.[i] || normalizeTitle(s.titles[i]!).key;
      return key ? strHash(key) : null;
    };
    if (s.dead.length || !s.post || !s.postOffs) {
      // Older or uncompacted form: insert doc by doc.
      for (const t of s.vocab) m.tokenId(t);
      const dead = new Set(s.dead);
      const allToks = typed(s.toks);
      const offs = typed(s.offs);
      for (let i = 0; i < s.ids.length; i++) {
        if (dead.has(i)) continue;
        m.insert(s.ids[i]!, s.titles[i]!, keyHashOf(i), s.arxiv[i] ?? null, s.doi[i] ?? null, allToks.subarray(offs[i]!, offs[i + 1]!), false);
      }
      m.compact();
      return m;
    }
    // Fast path (cold start): the typed arrays are adopted as they are; no per-token work.
    const n = s.ids.length;
    m.ids = s.ids.slice();
    m.titles = s.titles.slice();
    for (const t of s.vocab) m.tokenId(t);
    m.basePost = typed(s.post);
    m.baseOffs = typed(s.postOffs);
    const offs = typed(s.offs);
    const cap = Math.max(1024, n * 2);
    m.alive = new Uint8Array(cap);
    m.alive.fill(1, 0, n);
    m.tokStart = new Int32Array(cap);
    m.tokLen = new Uint8Array(cap);
    m.keyTable.reserve(n);
    m.idTable.reserve(n);
    m.tokFlat = Int32Array.from(typed(s.toks));
    m.tokUsed = m.tokFlat.length;
    for (let i = 0; i < n; i++) {
      m.tokStart[i] = offs[i]!;
      m.tokLen[i] = offs[i + 1]! - offs[i]!;
      m.idTable.add(i, strHash(m.ids[i]!));
      const kh = keyHashOf(i);
      if (kh !== null) m.keyTable.add(i, kh);
      const ax = s.arxiv[i];
      if (ax) {
        m.arxivs.set(i, ax);
        if (!m.byArxiv.has(ax)) m.byArxiv.set(ax, i);
      }
      const doi = s.doi[i];
      if (doi) {
        m.dois.set(i, doi);
        if (!m.byDoi.has(doi)) m.byDoi.set(doi, i);
      }
    }
    m.liveCount = n;
    return m;
  }
}

/**
 * Repeats within one page: for each entry, the indexes of other entries that are the same paper
 * (same arXiv id, same normalised title, or a fuzzy match unless `fuzzy: false`: an imported library file
 * may hold two papers with close titles, and is not a listing that repeats itself).
 */
export function findRepeats(entries: MatchQuery[], opts: { fuzzy?: boolean } = {}): number[][] {
  const parent = entries.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  const join = (a: number, b: number) => {
    const [x, y] = [root(a), root(b)];
    if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
  };
  const ax = entries.map((e) => parseArxivId(e.arxivId ?? null)?.id ?? null);
  if (ax.every((x) => x)) {
    // A listing where every entry has an arXiv id (arXiv, Hugging Face): the same id is the same paper,
    // two different ids never are.
    const first = new Map<string, number>();
    ax.forEach((x, i) => (first.has(x!) ? join(first.get(x!)!, i) : first.set(x!, i)));
  } else if (opts.fuzzy === false) {
    // Exact only: same arXiv id, same DOI, or same title key (unless both carry different arXiv ids).
    const byAx = new Map<string, number>();
    const byDoi = new Map<string, number>();
    const byKey = new Map<string, number>();
    entries.forEach((e, i) => {
      const a = ax[i];
      const doi = normalizeDoi(e.doi ?? null);
      const f = normalizeTitle(e.title);
      const key = f.key && !f.truncated ? f.key : null;
      let hit = a ? byAx.get(a) : undefined;
      if (hit === undefined && doi) hit = byDoi.get(doi);
      if (hit === undefined && key) {
        const k = byKey.get(key);
        if (k !== undefined && !(a && ax[k] && ax[k] !== a)) hit = k;
      }
      if (hit !== undefined) join(hit, i);
      if (a && !byAx.has(a)) byAx.set(a, i);
      if (doi && !byDoi.has(doi)) byDoi.set(doi, i);
      if (key && !byKey.has(key)) byKey.set(key, i);
    });
  } else {
    const idx = new MatchIndex();
    entries.forEach((e, i) => {
      const hit = idx.lookup(e, opts);
      if (hit) join(Number(hit.id), i);
      else idx.add({ id: String(i), title: e.title, arxivId: e.arxivId ?? null, doi: e.doi ?? null });
    });
  }
  const members = new Map<number, number[]>();
  entries.forEach((_, i) => {
    const r = root(i);
    const list = members.get(r);
    if (list) list.push(i);
    else members.set(r, [i]);
  });
  const out: number[][] = entries.map(() => []);
  for (const list of members.values()) {
    if (list.length < 2) continue;
    for (const i of list) out[i] = list.filter((j) => j !== i);
  }
  return out;
}
