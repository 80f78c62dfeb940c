/**
 * The key table: which paper numbers (`n`, lib/db/schema.ts) carry a given match key (an arXiv id, a
 * DOI or a normalised title key), for every paper in the library, in 8 bytes per key.
 *
 * Keys are kept as 32-bit hashes: a hit is a candidate, confirmed on the paper's row (two different
 * keys sharing a hash only cost a row read). Three levels, each searched on lookup:
 *  - base: sorted parallel arrays (hash, n), persisted as one value (meta.keybase) and rewritten only
 *    when the levels above have grown to a sixteenth of it (amortised: each key is rewritten a bounded
 *    number of times however large the library grows);
 *  - logged: the keys written since, one small log record per write (store keylog), read at start-up
 *    and sorted once;
 *  - recent: keys added by this worker (a Map), also in the log.
 * Keys of deleted or renamed papers stay until the next rebuild: a candidate whose row no longer has the
 * key is ignored.
 */
import { normalizeDoi, parseArxivId } from './normalize';

export type KeyKind = 'a' | 'd' | 't';

/** FNV-1a over the kind and the value, with a final avalanche: a 32-bit unsigned hash. */
export function keyHash(kind: KeyKind, value: string): number {
  let h = 0x811c9dc5 ^ kind.charCodeAt(0);
  h = Math.imul(h, 0x01000193);
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export interface Keyed {
  arxivId?: string | null;
  doi?: string | null;
  /** Normalised title key. */
  key?: string | null;
}

/** The match keys of a paper: [kind, value] (arXiv id and DOI normalised). */
export function matchKeys(p: Keyed): Array<[KeyKind, string]> {
  const out: Array<[KeyKind, string]> = [];
  const ax = parseArxivId(p.arxivId ?? null)?.id;
  if (ax) out.push(['a', ax]);
  const doi = normalizeDoi(p.doi ?? null);
  if (doi) out.push(['d', doi]);
  if (p.key) out.push(['t', p.key]);
  return out;
}

export function keyHashes(p: Keyed): number[] {
  return matchKeys(p).map(([k, v]) => keyHash(k, v));
}

/** Sort parallel (hash, n) arrays by hash (LSD radix, two 16-bit passes; stable). */
export function sortPairs(h: Uint32Array, n: Uint32Array): { h: Uint32Array; n: Uint32Array } {
  const len = h.length;
  let srcH: Uint32Array = h;
  let srcN: Uint32Array = n;
  let dstH: Uint32Array = new Uint32Array(len);
  let dstN: Uint32Array = new Uint32Array(len);
  const count = new Uint32Array(65536);
  for (const shift of [0, 16]) {
    count.fill(0);
    for (let i = 0; i < len; i++) count[(srcH[i]! >>> shift) & 0xffff]!++;
    let sum = 0;
    for (let b = 0; b < 65536; b++) {
      const c = count[b]!;
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < len; i++) {
      const b = (srcH[i]! >>> shift) & 0xffff;
      const at = count[b]!++;
      dstH[at] = srcH[i]!;
      dstN[at] = srcN[i]!;
    }
    [srcH, dstH] = [dstH, srcH];
    [srcN, dstN] = [dstN, srcN];
  }
  return { h: srcH, n: srcN };
}

/**
 * First index in sorted `h` whose hash is ≥ x. The hashes are uniform (keyHash ends in a mixing step), so
 * the place is first guessed from x's value (interpolation: at a million papers, a few probes instead of
 * 22 steps of bisection, each a cache miss in a 12 MB array); a guess that did not shrink the range
 * enough is followed by a bisection step, so skewed data still costs O(log n).
 */
export function lowerBound(h: Uint32Array, x: number): number {
  let lo = 0;
  let hi = h.length;
  while (hi - lo > 16) {
    const a = h[lo]!;
    if (a >= x) return lo;
    const b = h[hi - 1]!;
    if (b < x) return hi;
    // a < x ≤ b: the answer is in (lo, hi − 1]; every hash before lo is < x, from hi on ≥ x.
    const span = hi - lo;
    let mid = lo + 1 + Math.floor(((x - a) / (b - a)) * (span - 2));
    if (mid > hi - 1) mid = hi - 1;
    if (h[mid]! < x) lo = mid + 1;
    else hi = mid;
    if ((hi - lo) * 4 > span * 3) {
      // Little progress: bisect once.
      const m = (lo + hi) >>> 1;
      if (h[m]! < x) lo = m + 1;
      else hi = m;
    }
  }
  while (lo < hi && h[lo]! < x) lo++;
  return lo;
}

export interface KeyBase {
  h: Uint32Array;
  n: Uint32Array;
}

export class KeyTable {
  private baseH: Uint32Array;
  private baseN: Uint32Array;
  private midH: Uint32Array;
  private midN: Uint32Array;
  private recent = new Map<number, number | number[]>();
  private recentCount = 0;
  /** The (hash, paper) pairs added to `recent`, in order (a compaction keeps those added after its snapshot). */
  private added: number[] = [];

  constructor(base?: KeyBase | null, logs: KeyBase[] = []) {
    this.baseH = base?.h ?? new Uint32Array(0);
    this.baseN = base?.n ?? new Uint32Array(0);
    let total = 0;
    for (const l of logs) total += l.h.length;
    const h = new Uint32Array(total);
    const n = new Uint32Array(total);
    let at = 0;
    for (const l of logs) {
      h.set(l.h, at);
      n.set(l.n, at);
      at += l.h.length;
    }
    const sorted = sortPairs(h, n);
    this.midH = sorted.h;
    this.midN = sorted.n;
  }

  /** Keys held (stale ones included). */
  get size(): number {
    return this.baseH.length + this.midH.length + this.recentCount;
  }

  /** Keys above the base: when they reach a sixteenth of it, the base is rewritten (see compact). */
  get unmerged(): number {
    return this.midH.length + this.recentCount;
  }

  shouldCompact(): boolean {
    return this.unmerged >= Math.max(20_000, this.baseH.length / 16);
  }

  add(h: number, n: number): void {
    const cur = this.recent.get(h);
    if (cur === undefined) this.recent.set(h, n);
    else if (typeof cur === 'number') {
      if (cur === n) return;
      this.recent.set(h, [cur, n]);
    } else {
      if (cur.includes(n)) return;
      cur.push(n);
    }
    this.recentCount++;
    this.added.push(h, n);
  }

  /** Where the keys added from now on begin (for adopt: they stay above the new base). */
  get mark(): number {
    return this.added.length;
  }

  /** Paper numbers that may carry the key with hash h (each at most once), appended to out. */
  candidates(h: number, out: number[] = []): number[] {
    const start = out.length;
    const push = (n: number) => {
      for (let i = start; i < out.length; i++) if (out[i] === n) return;
      out.push(n);
    };
    const { baseH, baseN, midH, midN } = this;
    for (let i = lowerBound(baseH, h); i < baseH.length && baseH[i] === h; i++) push(baseN[i]!);
    for (let i = lowerBound(midH, h); i < midH.length && midH[i] === h; i++) push(midN[i]!);
    const r = this.recent.get(h);
    if (typeof r === 'number') push(r);
    else if (r) for (const n of r) push(n);
    return out;
  }

  /** Every key as one sorted base (what compaction persists), optionally leaving out papers `drop` rejects. */
  merged(drop?: (n: number) => boolean): KeyBase {
    const rh = new Uint32Array(this.recentCount);
    const rn = new Uint32Array(this.recentCount);
    let at = 0;
    for (const [h, v] of this.recent) {
      for (const n of typeof v === 'number' ? [v] : v) {
        rh[at] = h;
        rn[at++] = n;
      }
    }
    const r = sortPairs(rh, rn);
    const parts: KeyBase[] = [{ h: this.baseH, n: this.baseN }, { h: this.midH, n: this.midN }, r];
    const total = parts.reduce((s, p) => s + p.h.length, 0);
    const outH = new Uint32Array(total);
    const outN = new Uint32Array(total);
    const pos = [0, 0, 0];
    let k = 0;
    for (;;) {
      let best = -1;
      for (let p = 0; p < 3; p++) if (pos[p]! < parts[p]!.h.length && (best < 0 || parts[p]!.h[pos[p]!]! < parts[best]!.h[pos[best]!]!)) best = p;
      if (best < 0) break;
      const i = pos[best]!++;
      const n = parts[best]!.n[i]!;
      if (drop?.(n)) continue;
      outH[k] = parts[best]!.h[i]!;
      outN[k++] = n;
    }
    return { h: outH.slice(0, k), n: outN.slice(0, k) };
  }

  /**
   * Replace every level by one base (after it was persisted). `mark`: the keys added since it was made
   * (from `merged()` taken at that mark) stay above it.
   */
  adopt(base: KeyBase, mark = this.added.length): void {
    const later = this.added.slice(mark);
    this.baseH = base.h;
    this.baseN = base.n;
    this.midH = new Uint32Array(0);
    this.midN = new Uint32Array(0);
    this.recent.clear();
    this.recentCount = 0;
    this.added = [];
    for (let i = 0; i < later.length; i += 2) this.add(later[i]!, later[i + 1]!);
  }

  /** Bytes held in typed arrays (for the memory figures). */
  get bytes(): number {
    return (this.baseH.length + this.midH.length) * 8 + this.recentCount * 16;
  }
}
