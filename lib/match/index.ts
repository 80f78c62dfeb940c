/**
 * The match index: exact ids (arXiv, DOI), exact normalised titles, and fuzzy candidates from
 * rare-token postings, so a lookup touches a handful of candidates instead of scanning the corpus.
 * Incremental (add/remove at any time) and serialisable (no re-normalisation on load).
 */
import { compareTitles, features, FUZZY_THRESHOLD, STOPWORDS, type TitleFeatures } from './compare';
import { normalizeDoi, normalizeTitle, parseArxivId } from './normalize';

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
  keys: string[];
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

export class MatchIndex {
  private ids: string[] = [];
  private titles: string[] = [];
  /** Sparse: most papers have neither. */
  private arxivs = new Map<number, string>();
  private dois = new Map<number, string>();
  private alive = new Uint8Array(1024);
  private byId = new Map<string, number>();
  private byArxiv = new Map<string, number>();
  private byDoi = new Map<string, number>();
  private byKey = new Map<string, number>();
  private vocab = new Map<string, number>();
  private vocabList: string[] = [];
  private postings: number[][] = [];
  /** Content-token ids of every doc, flattened: doc i = tokFlat[tokStart[i] .. tokStart[i] + tokLen[i]]. */
  private tokFlat = new Int32Array(8192);
  private tokUsed = 0;
  private tokStart = new Int32Array(1024);
  private tokLen = new Uint8Array(1024);
  private liveCount = 0;
  private weights = new Float64Array(0);
  private hits = new Uint8Array(0);
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
    return this.byId.has(id);
  }

  private tokenId(t: string): number {
    let id = this.vocab.get(t);
    if (id === undefined) {
      id = this.vocabList.length;
      this.vocab.set(t, id);
      this.vocabList.push(t);
      this.postings.push([]);
    }
    return id;
  }

  private docTokens(idx: number): Int32Array {
    return this.tokFlat.subarray(this.tokStart[idx]!, this.tokStart[idx]! + this.tokLen[idx]!);
  }

  /** Add or replace a paper. */
  add(doc: MatchDoc): void {
    if (this.byId.has(doc.id)) this.remove(doc.id);
    const n = normalizeTitle(doc.title);
    const ax = doc.arxivId ? parseArxivId(doc.arxivId)?.id ?? null : null;
    const doi = doc.doi ? normalizeDoi(doc.doi) : null;
    const toks: number[] = [];
    for (const t of n.tokens) {
      if (STOPWORDS.has(t)) continue;
      const id = this.tokenId(t);
      if (!toks.includes(id)) toks.push(id);
    }
    this.insert(doc.id, doc.title, n.key, ax, doi, toks);
  }

  private grow(): void {
    const cap = this.alive.length * 2;
    const a = new Uint8Array(cap);
    a.set(this.alive);
    this.alive = a;
    const s = new Int32Array(cap);
    s.set(this.tokStart);
    this.tokStart = s;
    const l = new Uint8Array(cap);
    l.set(this.tokLen);
    this.tokLen = l;
  }

  private insert(id: string, title: string, key: string | null, ax: string | null, doi: string | null, toks: ArrayLike<number>): void {
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
      this.tokFlat[this.tokUsed++] = toks[i]!;
      this.postings[toks[i]!]!.push(idx);
    }
    this.byId.set(id, idx);
    if (ax && !this.byArxiv.has(ax)) this.byArxiv.set(ax, idx);
    if (doi && !this.byDoi.has(doi)) this.byDoi.set(doi, idx);
    if (key && !this.byKey.has(key)) this.byKey.set(key, idx);
    this.liveCount++;
  }

  remove(id: string): boolean {
    const idx = this.byId.get(id);
    if (idx === undefined) return false;
    this.byId.delete(id);
    this.alive[idx] = 0;
    this.liveCount--;
    const ax = this.arxivs.get(idx) ?? null;
    if (ax && this.byArxiv.get(ax) === idx) this.byArxiv.delete(ax);
    const doi = this.dois.get(idx) ?? null;
    if (doi && this.byDoi.get(doi) === idx) this.byDoi.delete(doi);
    const key = normalizeTitle(this.titles[idx]!).key;
    if (this.byKey.get(key) === idx) this.byKey.delete(key);
    const neighbours = new Set<number>();
    for (const t of this.docTokens(idx)) {
      const p = this.postings[t]!;
      const at = p.indexOf(idx);
      if (at >= 0) p.splice(at, 1);
      if (neighbours.size < 1000) for (const j of p.slice(0, 1000)) neighbours.add(j);
    }
    this.tokLen[idx] = 0;
    // Another live paper may carry the same arXiv id, DOI or key: point the exact maps at it.
    for (const j of neighbours) {
      if (!this.alive[j]) continue;
      if (ax && !this.byArxiv.has(ax) && this.arxivs.get(j) === ax) this.byArxiv.set(ax, j);
      if (doi && !this.byDoi.has(doi) && this.dois.get(j) === doi) this.byDoi.set(doi, j);
      if (key && !this.byKey.has(key) && normalizeTitle(this.titles[j]!).key === key) this.byKey.set(key, j);
    }
    return true;
  }

  private result(idx: number, kind: MatchKind, score: number, reason: string): MatchResult {
    return { id: this.ids[idx]!, title: this.titles[idx]!, kind, score, reason };
  }

  /** Find the known paper an entry is, or null. Ids first, then the exact title key, then fuzzy. */
  lookup(q: MatchQuery): MatchResult | null {
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
    const qf = features(q.title);
    if (!qf.key) return null;
    if (!qf.truncated) {
      const i = this.byKey.get(qf.key);
      if (i !== undefined) {
        // Same title but both sides carry different arXiv ids: two different papers.
        const cax = this.arxivs.get(i);
        if (!(ax && cax && cax !== ax)) return this.result(i, 'exact', 0.99, 'same normalised title');
      }
    }
    return this.fuzzy(qf, q, ax ?? null);
  }

  private fuzzy(qf: TitleFeatures, q: MatchQuery, ax: string | null): MatchResult | null {
    const qTokens = [...new Set(qf.tokens.filter((t) => !STOPWORDS.has(t)))];
    if (qTokens.length < 2) return null;
    // Rarest known tokens first; unknown tokens (typos, new words) cannot retrieve anything.
    const known = qTokens
      .map((t) => ({ t, id: this.vocab.get(t) }))
      .filter((x): x is { t: string; id: number } => x.id !== undefined && this.postings[x.id]!.length > 0)
      .sort((a, b) => this.postings[a.id]!.length - this.postings[b.id]!.length);
    if (known.length === 0) return null;
    const cap = Math.max(2000, this.liveCount * 0.02);
    const probe = known.filter((k, i) => i < 4 && (i === 0 || this.postings[k.id]!.length <= cap)).slice(0, 4);
    if (this.weights.length < this.ids.length) {
      this.weights = new Float64Array(Math.max(1024, this.ids.length * 2));
      this.hits = new Uint8Array(this.weights.length);
    }
    const weights = this.weights;
    const hits = this.hits;
    const touched: number[] = [];
    for (const k of probe) {
      const p = this.postings[k.id]!;
      const w = 1 / Math.log2(2 + p.length);
      const lim = Math.min(p.length, 3000);
      for (let j = 0; j < lim; j++) {
        const d = p[j]!;
        if (hits[d] === 0) touched.push(d);
        hits[d]!++;
        weights[d]! += w;
      }
    }
    // Need at least two shared rare tokens unless the query has very few known tokens.
    const minHits = probe.length >= 2 ? 2 : 1;
    // Keep only the best-covered candidates (the same paper shares the most probe words), then rank by weight.
    let maxHit = 0;
    for (const d of touched) if (hits[d]! > maxHit && this.alive[d]) maxHit = hits[d]!;
    const floor = Math.max(minHits, maxHit - 1);
    const ranked: Array<[number, number]> = [];
    for (const d of touched) {
      if (hits[d]! >= floor && this.alive[d]) ranked.push([d, weights[d]!]);
      hits[d] = 0;
      weights[d] = 0;
    }
    ranked.sort((a, b) => b[1] - a[1]);
    const qIds = new Set(known.map((k) => k.id));
    let best: MatchResult | null = null;
    for (let r = 0; r < ranked.length && this.lastCandidates < this.maxCandidates && r < 64; r++) {
      const idx = ranked[r]![0];
      // Cheap check before the full comparison: the two titles must share most of the shorter one's words.
      const dt = this.docTokens(idx);
      let shared = 0;
      for (const t of dt) if (qIds.has(t)) shared++;
      if (shared < Math.ceil(0.5 * Math.min(qTokens.length, dt.length))) continue;
      this.lastCandidates++;
      const cax = this.arxivs.get(idx);
      if (ax && cax && cax !== ax) continue; // both have arXiv ids and they differ
      const cf = features(this.titles[idx]!);
      const abs = q.abstract && this.getAbstract ? { q: q.abstract, c: this.getAbstract(this.ids[idx]!) } : undefined;
      const v = compareTitles(qf, cf, abs);
      if (v && v.score >= FUZZY_THRESHOLD && (!best || v.score > best.score)) best = this.result(idx, 'fuzzy', Math.round(v.score * 1000) / 1000, v.reason);
    }
    return best;
  }

  /** Live papers only (removed ones are compacted away), with token lists and postings as typed arrays. */
  serialize(): SerializedMatchIndex {
    const live: number[] = [];
    for (let i = 0; i < this.ids.length; i++) if (this.alive[i]) live.push(i);
    const newIndex = new Int32Array(this.ids.length).fill(-1);
    live.forEach((old, i) => (newIndex[old] = i));
    const keyOf: string[] = new Array(live.length).fill('');
    for (const [k, i] of this.byKey) if (newIndex[i]! >= 0) keyOf[newIndex[i]!] = k;
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
    let ptotal = 0;
    for (const p of this.postings) ptotal += p.length;
    const post = new Int32Array(ptotal);
    let pat = 0;
    this.postings.forEach((p, t) => {
      postOffs[t] = pat;
      for (const d of p) if (newIndex[d]! >= 0) post[pat++] = newIndex[d]!;
    });
    postOffs[this.vocabList.length] = pat;
    return {
      v: 1, vocab: this.vocabList, ids: live.map((i) => this.ids[i]!), titles: live.map((i) => this.titles[i]!), keys: keyOf,
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
    if (s.dead.length || !s.post || !s.postOffs) {
      // Older or uncompacted form: insert doc by doc.
      for (const t of s.vocab) m.tokenId(t);
      const dead = new Set(s.dead);
      const allToks = typed(s.toks);
      const offs = typed(s.offs);
      for (let i = 0; i < s.ids.length; i++) {
        if (dead.has(i)) continue;
        const key = s.keys[i] || normalizeTitle(s.titles[i]!).key;
        m.insert(s.ids[i]!, s.titles[i]!, key, s.arxiv[i] ?? null, s.doi[i] ?? null, allToks.subarray(offs[i]!, offs[i + 1]!));
      }
      return m;
    }
    // Fast path (cold start): arrays are adopted, postings sliced natively; no per-token work.
    const n = s.ids.length;
    m.ids = s.ids.slice();
    m.titles = s.titles.slice();
    m.vocabList = s.vocab.slice();
    for (let t = 0; t < m.vocabList.length; t++) m.vocab.set(m.vocabList[t]!, t);
    const post = typed(s.post);
    const postOffs = typed(s.postOffs);
    m.postings = new Array(m.vocabList.length);
    for (let t = 0; t < m.vocabList.length; t++) m.postings[t] = Array.from(post.subarray(postOffs[t]!, postOffs[t + 1]!));
    const offs = typed(s.offs);
    const cap = Math.max(1024, n * 2);
    m.alive = new Uint8Array(cap);
    m.alive.fill(1, 0, n);
    m.tokStart = new Int32Array(cap);
    m.tokLen = new Uint8Array(cap);
    m.tokFlat = Int32Array.from(typed(s.toks));
    m.tokUsed = m.tokFlat.length;
    for (let i = 0; i < n; i++) {
      m.tokStart[i] = offs[i]!;
      m.tokLen[i] = offs[i + 1]! - offs[i]!;
      m.byId.set(m.ids[i]!, i);
      const key = s.keys[i] || normalizeTitle(m.titles[i]!).key;
      if (key && !m.byKey.has(key)) m.byKey.set(key, i);
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
 * (same arXiv id, same normalised title, or a fuzzy match).
 */
export function findRepeats(entries: MatchQuery[]): number[][] {
  const out: number[][] = entries.map(() => []);
  const idx = new MatchIndex();
  const group = new Map<number, number>(); // entry -> group leader
  entries.forEach((e, i) => {
    const hit = idx.lookup(e);
    if (hit) {
      const leader = Number(hit.id);
      group.set(i, group.get(leader) ?? leader);
    } else {
      idx.add({ id: String(i), title: e.title, arxivId: e.arxivId ?? null, doi: e.doi ?? null });
      group.set(i, i);
    }
  });
  const members = new Map<number, number[]>();
  for (const [i, g] of group) {
    const list = members.get(g) ?? [];
    list.push(i);
    members.set(g, list);
  }
  for (const list of members.values()) {
    if (list.length < 2) continue;
    for (const i of list) out[i] = list.filter((j) => j !== i);
  }
  return out;
}
