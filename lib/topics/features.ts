/**
 * Word and phrase features of a paper for the learned topic model: lower-cased words (runs of a–z/0–9
 * after accents are stripped, at least two characters) and adjacent word pairs, counted in the title
 * (weighted: the title says what the paper is about) and the abstract, then sublinear tf × idf,
 * L2-normalised. Pairs never cross the title/abstract boundary or a sentence end.
 */

/** Lower case without accents: NFKD, then the combining marks (U+0300–U+036F) dropped ("naïve" → "naive"). */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** Words of a text, with '.' standing for a sentence or clause boundary (no pair crosses it). */
function words(text: string): string[] {
  const out: string[] = [];
  const s = fold(text);
  const re = /[a-z0-9]+|[.;:!?]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const w = m[0];
    if (w.length === 1 && !/[a-z0-9]/.test(w)) out.push('.');
    else if (w.length >= 2) out.push(w);
  }
  return out;
}

function addTerms(text: string, weight: number, into: Map<string, number>): void {
  const ws = words(text);
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (w === '.') continue;
    into.set(w, (into.get(w) ?? 0) + weight);
    const n = ws[i + 1];
    if (n && n !== '.') {
      const pair = `${w} ${n}`;
      into.set(pair, (into.get(pair) ?? 0) + weight);
    }
  }
}

/** Term counts of a paper: every title word and pair counts `titleWeight` times. */
export function termCounts(title: string, abstract: string | null | undefined, titleWeight: number): Map<string, number> {
  const counts = new Map<string, number>();
  addTerms(title, titleWeight, counts);
  if (abstract) addTerms(abstract, 1, counts);
  return counts;
}

/** A fitted vocabulary: term → column, and each column's idf. */
export interface Vocabulary {
  index: Map<string, number>;
  idf: Float64Array;
  /** The terms in column order, when known (a shipped model: then `index` is built only if asked for). */
  terms?: string[];
}

/** Terms found in at least `minDf` documents, in first-seen order; smoothed idf as in scikit-learn. */
export function fitVocabulary(docs: Array<Map<string, number>>, minDf: number): Vocabulary {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const index = new Map<string, number>();
  const idf: number[] = [];
  for (const [t, n] of df) {
    if (n < minDf) continue;
    index.set(t, idf.length);
    idf.push(Math.log((1 + docs.length) / (1 + n)) + 1);
  }
  return { index, idf: Float64Array.from(idf) };
}

export interface SparseVec {
  idx: number[];
  val: number[];
}

/** tf-idf of one paper's counts: (1 + ln tf) × idf over the vocabulary's terms, L2-normalised. */
export function tfidf(counts: Map<string, number>, vocab: Vocabulary): SparseVec {
  const idx: number[] = [];
  const val: number[] = [];
  let norm = 0;
  for (const [t, c] of counts) {
    const j = vocab.index.get(t);
    if (j === undefined) continue;
    const v = (1 + Math.log(c)) * vocab.idf[j]!;
    idx.push(j);
    val.push(v);
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < val.length; i++) val[i]! /= norm;
  return { idx, val };
}

/** An open-addressing table from a pair of 32-bit integers to a non-negative integer (no allocation on lookup). */
class IntPairTable {
  private readonly ka: Int32Array;
  private readonly kb: Int32Array;
  private readonly val: Int32Array;
  private readonly mask: number;
  constructor(n: number) {
    let size = 16;
    while (size < n * 2) size *= 2;
    this.ka = new Int32Array(size);
    this.kb = new Int32Array(size);
    this.val = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }
  private slot(a: number, b: number): number {
    return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & this.mask;
  }
  set(a: number, b: number, v: number): void {
    let i = this.slot(a, b);
    while (this.val[i] !== -1 && (this.ka[i] !== a || this.kb[i] !== b)) i = (i + 1) & this.mask;
    this.ka[i] = a;
    this.kb[i] = b;
    this.val[i] = v;
  }
  get(a: number, b: number): number {
    let i = this.slot(a, b);
    for (;;) {
      const v = this.val[i]!;
      if (v === -1 || (this.ka[i] === a && this.kb[i] === b)) return v;
      i = (i + 1) & this.mask;
    }
  }
}


/** A word's two 32-bit hashes, one character at a time: the same steps when compiling and when scanning. */
const H1 = 0x811c9dc5;
const H2 = 0x3c6ef372;
const step1 = (h: number, c: number): number => Math.imul(h ^ c, 0x01000193);
const step2 = (h: number, c: number): number => Math.imul(h + c, 0x5bd1e995) ^ (h >>> 15);

/**
 * A vocabulary compiled for scoring at run time: every word of a term gets a number, found by two
 * hashes of its characters computed while scanning the text, and word pairs are looked up by those
 * numbers, so scoring a paper allocates no strings. Gives the same columns, counts and order as
 * termCounts followed by a vocabulary lookup (a unit test compares them on every labeled paper).
 */
export interface CompiledVocabulary {
  /** Word hashes → word number. */
  word: IntPairTable;
  /** Word number → its own column, or −1. */
  uni: Int32Array;
  /** (word number, word number) → the column of the pair. */
  pair: IntPairTable;
  /** Column → term (for explanations). */
  terms: string[];
}

export function compileVocabulary(v: Vocabulary): CompiledVocabulary {
  let terms = v.terms;
  if (!terms) {
    terms = new Array<string>(v.idf.length);
    for (const [t, j] of v.index) terms[j] = t;
  }
  // Words are numbered as met, found by their hashes (no strings are cut or kept): a term is one word,
  // or two around its space.
  let pairCount = 0;
  let wordRoom = 0;
  for (const t of terms) {
    const two = t.indexOf(' ') >= 0;
    pairCount += two ? 1 : 0;
    wordRoom += two ? 2 : 1;
  }
  const word = new IntPairTable(wordRoom);
  const uniAll = new Int32Array(wordRoom).fill(-1);
  const pair = new IntPairTable(pairCount);
  let words = 0;
  const wordId = (t: string, from: number, to: number): number => {
    let h1 = H1;
    let h2 = H2;
    for (let i = from; i < to; i++) {
      const c = t.charCodeAt(i);
      h1 = step1(h1, c);
      h2 = step2(h2, c);
    }
    let id = word.get(h1, h2);
    if (id < 0) word.set(h1, h2, (id = words++));
    return id;
  };
  for (let j = 0; j < terms.length; j++) {
    const t = terms[j]!;
    const sp = t.indexOf(' ');
    if (sp < 0) uniAll[wordId(t, 0, t.length)] = j;
    else pair.set(wordId(t, 0, sp), wordId(t, sp + 1, t.length), j);
  }
  return { word, uni: uniAll.subarray(0, words), pair, terms };
}

const BOUNDARY = -2;
/** ASCII character → its lower-case code (letters, digits), 1 (. ; : ! ? end a pair) or 0 (separates). */
const CHAR = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CHAR[c] = c;
for (let c = 97; c <= 122; c++) CHAR[c] = CHAR[c - 32] = c;
for (const ch of '.;:!?') CHAR[ch.charCodeAt(0)] = 1;

/** Word numbers of the last scanned text (BOUNDARY ends a pair, −1 an unknown word); grows as needed. */
let ids = new Int32Array(1024);
let nIds = 0;

/**
 * Scans a text into `ids` as words() splits it: NFKD and lower case (ASCII text is lower-cased as it is
 * scanned), runs of a–z/0–9 of two or more characters are words, . ; : ! ? end a pair, the rest
 * separates. Returns false, part-way, at the first non-ASCII character unless `normalised`.
 */
function scanWords(cv: CompiledVocabulary, s: string, normalised: boolean): boolean {
  nIds = 0;
  let len = 0;
  let h1 = H1;
  let h2 = H2;
  const end = s.length;
  for (let i = 0; i <= end; i++) {
    let c = i < end ? s.charCodeAt(i) : 32;
    if (c > 127) {
      if (!normalised) return false;
      c = 0;
    } else c = CHAR[c]!;
    if (c > 1) {
      h1 = step1(h1, c);
      h2 = step2(h2, c);
      len++;
      continue;
    }
    if (nIds + 2 > ids.length) {
      const grown = new Int32Array(ids.length * 2);
      grown.set(ids);
      ids = grown;
    }
    if (len >= 2) ids[nIds++] = cv.word.get(h1, h2);
    if (len > 0) {
      len = 0;
      h1 = H1;
      h2 = H2;
    }
    if (c === 1) ids[nIds++] = BOUNDARY;
  }
  return true;
}

function addColumns(cv: CompiledVocabulary, text: string, weight: number, counts: Float64Array, touched: number[]): void {
  if (!scanWords(cv, text, false)) scanWords(cv, fold(text), true);
  let prev = BOUNDARY;
  for (let k = 0; k < nIds; k++) {
    const cur = ids[k]!;
    if (cur >= 0) {
      // The pair before the word's own column: termCounts' first-seen order, so sums add up alike.
      if (prev >= 0) {
        const p = cv.pair.get(prev, cur);
        if (p >= 0) {
          if (counts[p] === 0) touched.push(p);
          counts[p]! += weight;
        }
      }
      const j = cv.uni[cur]!;
      if (j >= 0) {
        if (counts[j] === 0) touched.push(j);
        counts[j]! += weight;
      }
    }
    prev = cur;
  }
}

/** 1 + ln(c) for the small whole counts most terms have. */
const LOG1P_N = 64;
const ONE_PLUS_LOG = Float64Array.from({ length: LOG1P_N }, (_, c) => 1 + Math.log(c));

/**
 * tf-idf of a paper over a compiled vocabulary, written into `counts` (all zero on entry; the caller
 * zeroes the touched columns afterwards): the touched columns and their L2-normalised values.
 */
export function tfidfColumns(cv: CompiledVocabulary, idf: Float64Array, title: string, abstract: string | null | undefined, titleWeight: number, counts: Float64Array): { cols: number[]; vals: number[] } {
  const cols: number[] = [];
  addColumns(cv, title, titleWeight, counts, cols);
  if (abstract) addColumns(cv, abstract, 1, counts, cols);
  const vals: number[] = [];
  let norm = 0;
  for (let k = 0; k < cols.length; k++) {
    const j = cols[k]!;
    const c = counts[j]!;
    const v = (c < LOG1P_N && c === (c | 0) ? ONE_PLUS_LOG[c]! : 1 + Math.log(c)) * idf[j]!;
    counts[j] = 0;
    vals.push(v);
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (let k = 0; k < vals.length; k++) vals[k]! /= norm;
  return { cols, vals };
}
