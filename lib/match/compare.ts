/**
 * Pairwise title comparison for the fuzzy matcher. Precision first: a false match is worse than a
 * miss. Two titles match fuzzily only when every difference between them is explained by a typo, a
 * small word, a joined/split compound, an acronym and its expansion, a truncation, or a dropped
 * subtitle or leading name whose remaining part is distinctive; numbers and versions must agree (but a
 * leading name may be dropped with its own number: "BT^2: …").
 */
import { normalizeTitle } from './normalize';

export const STOPWORDS = new Set([
  'a', 'an', 'the', 'of', 'for', 'on', 'in', 'to', 'and', 'or', 'with', 'without', 'via', 'by', 'from',
  'at', 'as', 'is', 'are', 'be', 'its', 'it', 'their', 'our', 'we', 'using', 'use', 'into', 'onto', 'over',
  'under', 'through', 'towards', 'toward', 'versus', 'do', 'does', 'can', 'not', 'no', 'this', 'that',
  'these', 'what', 'how', 'why', 'when', 'which', 'all', 'you', 'your', 'up', 'just', 'only', 'than',
]);

/** Words too common in ML titles to make a short title distinctive on their own. */
export const GENERIC = new Set([
  'learning', 'deep', 'neural', 'network', 'networks', 'model', 'models', 'training', 'data', 'graph',
  'attention', 'transformer', 'transformers', 'language', 'large', 'machine', 'efficient', 'via',
  'representation', 'representations', 'classification', 'adversarial', 'optimization', 'generative',
  'method', 'methods', 'approach', 'analysis', 'theory', 'towards', 'improving', 'improved', 'robust',
  'scalable', 'fast', 'simple', 'new', 'novel', 'study', 'survey', 'review', 'benchmark', 'framework',
  'reinforcement', 'supervised', 'unsupervised', 'selfsupervised', 'image', 'images', 'vision', 'visual',
  'text', 'generation', 'detection', 'segmentation', 'recognition', 'prediction', 'inference', 'task',
  'tasks', 'multitask', 'understanding', 'towards', 'beyond', 'revisiting', 'rethinking', 'better',
  'convolutional', 'recurrent', 'architecture', 'architectures', 'search', 'regression', 'estimation',
  'sparse', 'weight', 'weights', 'gradient', 'descent', 'stochastic', 'normalization', 'systems', 'system',
]);

/** Tokens that denote a number, version or part: they must agree between two titles of one paper. */
const ROMAN = /^(ii|iii|iv|vi|vii|viii|ix|xi|xii|xiii)$/;
const PART_WORDS = new Set(['part', 'chapter', 'volume', 'vol', 'phase', 'stage', 'level', 'type', 'round', 'version', 'season']);
/**
 * Words that turn a title into its opposite ("Attention Is Not All You Need", "Learning without Labels"):
 * small words elsewhere, they must agree between two titles of one paper.
 */
const NEGATIONS = new Set(['not', 'no', 'never', 'nor', 'without', 'cannot', 'cant', 'dont', 'doesnt', 'isnt', 'arent', 'wont', 'shouldnt', 'neither']);

function negationsOf(tokens: string[]): string {
  let out = '';
  for (const t of tokens) if (NEGATIONS.has(t)) out += `${t} `;
  return out;
}

export interface TitleFeatures {
  text: string;
  tokens: string[];
  key: string;
  truncated: boolean;
  numerals: string[];
  /** Keys of the parts split at ':' '?' '!' ' - ' (only when there are two or more); see segmentsOf. */
  segments?: { key: string; tokens: string[] }[];
  /** Acronyms in the original text (LLMs, NAS, ViT): token -> initials. */
  acronyms: Map<string, string>;
}

function numeralsOf(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (/\d/.test(t) || t === 'plusplus' || ROMAN.test(t)) out.push(t);
    else if ((t === 'i' || t === 'v' || t === 'x') && (PART_WORDS.has(tokens[i - 1] ?? '') || i === tokens.length - 1)) out.push(t);
    else if (PART_WORDS.has(tokens[i - 1] ?? '') && /^(one|two|three|four|five|six|seven|eight|nine|ten)$/.test(t)) out.push(t);
  }
  return out.sort();
}

export function features(title: string): TitleFeatures {
  const n = normalizeTitle(title);
  const acronyms = new Map<string, string>();
  if (/[A-Z][^\s]*[A-Z]/.test(n.text)) {
    for (const m of n.text.matchAll(/[A-Z][A-Za-z]*[A-Z][A-Za-z]*/g)) {
      const w = m[0];
      const caps = w.replace(/s$/, '').replace(/[^A-Z]/g, '');
      if (caps.length >= 2 && caps.length <= 6 && caps.length >= w.replace(/s$/, '').length - 2) acronyms.set(w.toLowerCase(), caps.toLowerCase());
    }
  }
  return { text: n.text, tokens: n.tokens, key: n.key, truncated: n.truncated, numerals: numeralsOf(n.tokens), acronyms };
}

/** Title parts (computed on first use). */
export function segmentsOf(f: TitleFeatures): { key: string; tokens: string[] }[] {
  if (!f.segments) {
    const parts = /[:?!]|\s[-–—]{1,2}\s/.test(f.text) ? f.text.split(/\s*(?::|\?|!|\s[-–—]{1,2}\s)\s*/).filter((p) => p.trim()) : [];
    f.segments = parts.length >= 2 ? parts.map((p) => {
      const sn = normalizeTitle(p);
      return { key: sn.key, tokens: sn.tokens };
    }) : [];
  }
  return f.segments;
}

/** Damerau-Levenshtein (optimal string alignment) distance, or max+1 when it exceeds max. */
export function editDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0 || lb === 0) return Math.max(la, lb) <= max ? Math.max(la, lb) : max + 1;
  let prev2 = new Array<number>(lb + 1).fill(0);
  let prev = new Array<number>(lb + 1);
  let cur = new Array<number>(lb + 1);
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = cur[0]!;
    const from = Math.max(1, i - max);
    const to = Math.min(lb, i + max);
    for (let j = 1; j < from; j++) cur[j] = max + 1;
    const ca = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    for (let j = to + 1; j <= lb; j++) cur[j] = max + 1;
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[lb]! > max ? max + 1 : prev[lb]!;
}

/** Replace runs of tokens in `tokens` whose initials spell an acronym of the other title. */
function collapseAcronyms(tokens: string[], acronyms: Map<string, string>, other: Set<string>): { tokens: string[]; used: string[] } {
  let out = tokens;
  const used: string[] = [];
  for (const [acr, letters] of acronyms) {
    if (other.has(acr) || out.includes(acr)) continue;
    const n = letters.length;
    for (let i = 0; i + n <= out.length; i++) {
      let ok = true;
      for (let k = 0; k < n; k++) if (out[i + k]![0] !== letters[k]) ok = false;
      if (ok) {
        out = [...out.slice(0, i), acr, ...out.slice(i + n)];
        used.push(acr);
        break;
      }
    }
  }
  return { tokens: out, used };
}

/**
 * A word's inflectional stem, for pairing the words two versions of a title inflect differently
 * ("enhanced" / "enhancing", "high" / "highly", "part" / "parts", "model" / "modelling"). Only
 * inflectional endings are removed (-s, -es, -ies, -ed, -ing, -ly, a final -e), once; derivations that
 * change the meaning ("-er", "-ness", "-ation") are left alone. Stems shorter than 4 letters are not
 * paired (the caller checks).
 */
export function inflectionStem(w: string): string {
  let s = w;
  if (s.length > 5 && s.endsWith('ies')) s = `${s.slice(0, -3)}y`;
  else if (s.length > 5 && s.endsWith('ing')) s = s.slice(0, -3);
  else if (s.length > 4 && s.endsWith('ed')) s = s.slice(0, -2);
  else if (s.length > 4 && s.endsWith('ly')) s = s.slice(0, -2);
  else if (s.length > 4 && s.endsWith('es') && /(ss|sh|ch|x|z)es$/.test(s)) s = s.slice(0, -2);
  else if (s.length > 3 && s.endsWith('s') && !/(ss|us|is)$/.test(s)) s = s.slice(0, -1);
  if (s.length > 4 && s.endsWith('e')) s = s.slice(0, -1);
  // "modelling" / "modeled": a doubled final consonant is one.
  if (s.length > 4 && /([b-df-hj-np-tv-z])\1$/.test(s)) s = s.slice(0, -1);
  return s;
}

export interface Alignment {
  typos: number;
  /** Word pairs that differ only by an inflection (see inflectionStem). */
  inflections: number;
  smallWords: number;
  compounds: number;
  /** Content words on one side only (after typos/compounds). */
  leftoverContent: string[];
  shared: number;
  acronyms: string[];
}

/** Token alignment of two titles. */
export function align(a: TitleFeatures, b: TitleFeatures, aTokens = a.tokens, bTokens = b.tokens): Alignment {
  const setA = new Set(aTokens);
  const setB = new Set(bTokens);
  const ca = collapseAcronyms(bTokens, a.acronyms, setB);
  const cb = collapseAcronyms(aTokens, b.acronyms, setA);
  const A = cb.tokens;
  const B = ca.tokens;
  // Multiset difference.
  const countB = new Map<string, number>();
  for (const t of B) countB.set(t, (countB.get(t) ?? 0) + 1);
  const leftA: string[] = [];
  let shared = 0;
  for (const t of A) {
    const c = countB.get(t) ?? 0;
    if (c > 0) {
      countB.set(t, c - 1);
      shared++;
    } else leftA.push(t);
  }
  let leftB: string[] = [];
  for (const [t, c] of countB) for (let i = 0; i < c; i++) leftB.push(t);
  // Compounds: "dependencypreserving" = "dependency" + "preserving".
  let compounds = 0;
  let joinedInflections = 0;
  const joinCheck = (left: string[], otherLeft: string[]): string[] => {
    const remaining = [...left];
    for (const x of left) {
      for (let i = 0; i < otherLeft.length; i++) {
        for (let len = 2; len <= 3 && i + len <= otherLeft.length; len++) {
          const parts = otherLeft.slice(i, i + len);
          // "high-efficient" / "highly efficient", "instruction-tuning" / "instruction tuned": the joined
          // form may inflect its words differently.
          const joined = parts.join('');
          const inflected =
            joined !== x &&
            !/\d/.test(x) &&
            (parts.map((p, k) => (k < len - 1 ? inflectionStem(p) : p)).join('') === x || inflectionStem(joined) === inflectionStem(x));
          if (joined === x || inflected) {
            if (inflected) joinedInflections++;
            remaining.splice(remaining.indexOf(x), 1);
            otherLeft.splice(i, len);
            compounds++;
            i = otherLeft.length;
            break;
          }
        }
      }
    }
    return remaining;
  };
  let lA = joinCheck(leftA, leftB);
  leftB = joinCheck(leftB, lA);
  // Lower-cased acronyms ("llms" vs "large language models") among the leftovers.
  const acr: string[] = [];
  const acronymCheck = (left: string[], otherLeft: string[], otherSeq: string[]): string[] =>
    left.filter((x) => {
      const letters = x.replace(/s$/, '');
      if (letters.length < 2 || letters.length > 6 || /\d/.test(x)) return true;
      const seq = otherSeq.filter((t) => otherLeft.includes(t));
      for (let i = 0; i + letters.length <= seq.length; i++) {
        let ok = true;
        for (let k = 0; k < letters.length && ok; k++) if (seq[i + k]![0] !== letters[k]) ok = false;
        if (ok) {
          for (const t of seq.slice(i, i + letters.length)) otherLeft.splice(otherLeft.indexOf(t), 1);
          acr.push(x);
          return false;
        }
      }
      return true;
    });
  lA = acronymCheck(lA, leftB, B);
  leftB = acronymCheck(leftB, lA, A);
  // Inflections: pair leftover words with the same inflectional stem (numbers never).
  let inflections = joinedInflections;
  if (lA.length && leftB.length) {
    lA = lA.filter((x) => {
      if (/\d/.test(x) || STOPWORDS.has(x)) return true;
      const sx = inflectionStem(x);
      if (sx.length < 4) return true;
      const i = leftB.findIndex((y) => !/\d/.test(y) && !STOPWORDS.has(y) && inflectionStem(y) === sx);
      if (i < 0) return true;
      leftB.splice(i, 1);
      inflections++;
      return false;
    });
  }
  // Typos: pair leftover tokens at small edit distance.
  let typos = 0;
  const lB = [...leftB];
  lA = lA.filter((x) => {
    if (x.length < 4) return true;
    const max = x.length >= 8 ? 2 : 1;
    let best = -1;
    let bestD = max + 1;
    for (let i = 0; i < lB.length; i++) {
      const y = lB[i]!;
      if (y.length < 4 || /\d/.test(x) || /\d/.test(y)) continue;
      const d = editDistance(x, y, max);
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    if (best >= 0 && bestD <= max) {
      lB.splice(best, 1);
      typos += bestD;
      return false;
    }
    return true;
  });
  const rest = [...lA, ...lB];
  const small = rest.filter((t) => STOPWORDS.has(t));
  const leftoverContent = rest.filter((t) => !STOPWORDS.has(t));
  return { typos, inflections, smallWords: small.length, compounds, leftoverContent, shared, acronyms: [...ca.used, ...cb.used, ...acr] };
}

function contentCount(tokens: string[]): number {
  let n = 0;
  for (const t of tokens) if (!STOPWORDS.has(t)) n++;
  return n;
}

/** A title part distinctive enough to stand for the paper on its own. */
export function isDistinctive(tokens: string[], key: string): boolean {
  const content = tokens.filter((t) => !STOPWORDS.has(t));
  if (content.length < 3 || key.length < 18) return false;
  return content.some((t) => !GENERIC.has(t) && t.length >= 4);
}

function sameNumerals(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Companion items: a supplement, appendix, erratum, reply or comment is a different item from the paper
 * it belongs to, however alike the titles. The markers a title carries (single words, or word pairs).
 */
const COMPANION_WORDS = new Map([
  ['supplementary', 'supplement'], ['supplemental', 'supplement'], ['supplement', 'supplement'], ['supplements', 'supplement'],
  ['appendix', 'appendix'], ['appendices', 'appendix'],
  ['erratum', 'erratum'], ['errata', 'erratum'], ['corrigendum', 'erratum'], ['corrigenda', 'erratum'], ['retraction', 'erratum'],
  ['rejoinder', 'reply'],
]);
const COMPANION_PAIRS = new Map([
  ['reply to', 'reply'], ['response to', 'reply'], ['in reply', 'reply'], ['correction to', 'erratum'],
  ['comment on', 'comment'], ['comments on', 'comment'], ['commentary on', 'comment'], ['discussion of', 'comment'],
]);

export function companionMarkers(tokens: string[]): string {
  const out = new Set<string>();
  tokens.forEach((t, i) => {
    const w = COMPANION_WORDS.get(t);
    if (w) out.add(w);
    const p = i + 1 < tokens.length ? COMPANION_PAIRS.get(`${t} ${tokens[i + 1]}`) : undefined;
    if (p) out.add(p);
  });
  return [...out].sort().join(',');
}

/** Word-trigram shingles of an abstract. */
export function shingles(text: string): Set<string> {
  const words = (text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 400);
  const out = new Set<string>();
  for (let i = 0; i + 2 < words.length; i++) out.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return out;
}

/** Overlap coefficient of two abstracts (robust to one being a truncated copy of the other). */
export function abstractAgreement(a: string | null | undefined, b: string | null | undefined): number | null {
  if (!a || !b || a.length < 80 || b.length < 80) return null;
  const sa = shingles(a);
  const sb = shingles(b);
  if (sa.size < 5 || sb.size < 5) return null;
  let inter = 0;
  const [small, big] = sa.size <= sb.size ? [sa, sb] : [sb, sa];
  for (const s of small) if (big.has(s)) inter++;
  return inter / small.size;
}

export interface Verdict {
  score: number;
  reason: string;
}

export const FUZZY_THRESHOLD = 0.85;

/**
 * Rule 2 of compareTitles and its quick reject: numbers, versions, parts and companion markers agree, and
 * the titles do not both have many words the other lacks (no rule after it could explain them).
 */
function comparable(q: TitleFeatures, c: TitleFeatures): boolean {
  if (!sameNumerals(q.numerals, c.numerals) || companionMarkers(q.tokens) !== companionMarkers(c.tokens) || negationsOf(q.tokens) !== negationsOf(c.tokens)) return false;
  const qSet = new Set(q.tokens);
  let sharedTokens = 0;
  for (const t of c.tokens) if (qSet.has(t)) sharedTokens++;
  return Math.min(q.tokens.length, c.tokens.length) - sharedTokens <= 5;
}

/**
 * Rule 5 of compareTitles: one title is the other with a part dropped, a subtitle or a leading name
 * ("NovaNet: Up or Down? Adaptive Rounding…" ~ "Up or Down? Adaptive Rounding…"): the shorter title,
 * whole, equals (or differs by one typo or inflection from) a run of the longer one's parts that is
 * distinctive on its own, with the same negations. `numbered`: rule 2 refused the pair (numbers or
 * negations differ); then only a dropped leading part may hold the difference ("BT^2: …", "Llama 2: …";
 * never "Part II: …"), the kept parts carry exactly the other title's numbers, and neither title is a
 * supplement, erratum or reply the other is not.
 */
function droppedParts(q: TitleFeatures, c: TitleFeatures, numbered: boolean): Verdict | null {
  const tryPair = (whole: TitleFeatures, parted: TitleFeatures): Verdict | null => {
    const segs = segmentsOf(parted);
    const wholeSegs = segmentsOf(whole).length;
    if (segs.length < 2 || wholeSegs >= segs.length) return null;
    if (numbered && companionMarkers(whole.tokens) !== companionMarkers(parted.tokens)) return null;
    for (let i = 0; i < segs.length; i++)
      for (let j = i + 1; j <= segs.length; j++) {
        if (i === 0 && j === segs.length) continue;
        // A title with parts of its own keeps its first or its last part: only a run that reaches an end.
        if (wholeSegs > 0 && i > 0 && j < segs.length) continue;
        // Numbers or negations differ: only a dropped leading part may hold them.
        if (numbered && (i === 0 || j < segs.length || segs.slice(0, i).some((x) => x.tokens.some((t) => PART_WORDS.has(t))))) continue;
        const run = segs.slice(i, j);
        const tokens = run.length === 1 ? run[0]!.tokens : run.flatMap((x) => x.tokens);
        if (numbered && !sameNumerals(numeralsOf(tokens), whole.numerals)) continue;
        const key = run.length === 1 ? run[0]!.key : run.map((x) => x.key).join('');
        if (!isDistinctive(tokens, key) || negationsOf(tokens) !== negationsOf(whole.tokens)) continue;
        const what = i > 0 ? (j < segs.length ? 'title parts dropped' : 'leading part dropped') : 'subtitle dropped';
        if (key === whole.key) return { score: 0.9, reason: what };
        const sa = align(whole, parted, whole.tokens, tokens);
        if (sa.leftoverContent.length === 0 && sa.typos + sa.inflections <= 1 && sa.smallWords <= 1) {
          return { score: 0.88 - 0.02 * sa.typos, reason: `${what}, small differences` };
        }
      }
    return null;
  };
  return tryPair(q, c) ?? tryPair(c, q);
}

/**
 * Compare a listing title with a known paper's title (keys already differ). Returns a verdict at or
 * above FUZZY_THRESHOLD, or null.
 */
export function compareTitles(q: TitleFeatures, c: TitleFeatures, abstracts?: { q?: string | null; c?: string | null }): Verdict | null {
  const agree = abstractAgreement(abstracts?.q, abstracts?.c);
  if (agree !== null && agree < 0.08) return null; // both abstracts present and about different things
  const bonus = agree !== null && agree >= 0.5 ? 0.03 : 0;
  const withAbstract = (v: Verdict): Verdict =>
    agree !== null ? { score: Math.min(0.98, v.score + bonus), reason: `${v.reason}; abstracts agree ${Math.round(agree * 100)}%` } : v;

  // 1. Truncated title (Google Scholar "…"): the known title must start with it.
  const [shortF, longF] = q.truncated && !c.truncated ? [q, c] : c.truncated && !q.truncated ? [c, q] : [null, null];
  if (shortF && longF) {
    if (shortF.key.length < 20 || contentCount(shortF.tokens) < 3) return null;
    const prefix = longF.key.slice(0, shortF.key.length);
    const d = prefix === shortF.key ? 0 : editDistance(shortF.key, prefix, 1);
    if (d > 1) return null;
    const sn = new Set(longF.numerals);
    if (!shortF.numerals.every((x) => sn.has(x))) return null;
    return withAbstract({ score: 0.93 - 0.03 * d, reason: d ? 'truncated title (…), one typo' : 'truncated title (…)' });
  }

  // 2. Numbers, versions and parts must agree ("Llama 3" is not "Llama 4", "Part II" not "Part I"), so
  // must negations ("… Is Not All You Need"), and a supplement, appendix, erratum, reply or comment is not
  // the paper it belongs to. The one exception: a leading name dropped with its number ("BT^2:
  // Backward-compatible Training…"), rule 5.
  if (!comparable(q, c)) {
    const v = agree === null || agree >= 0.2 ? droppedParts(q, c, true) : null;
    return v ? withAbstract(v) : null;
  }

  // 3. Whole-title alignment: typos, small words, compounds, acronyms.
  const al = align(q, c);
  const qContent = contentCount(q.tokens);
  const cContent = contentCount(c.tokens);
  const minLen = Math.min(q.key.length, c.key.length);
  if (al.leftoverContent.length === 0 && minLen >= 12 && Math.min(qContent, cContent) >= 2) {
    const maxTypos = minLen >= 40 ? 3 : minLen >= 20 ? 2 : 1;
    // Inflected words count against the same budget as typos, at most two of them.
    if (al.typos + al.inflections <= maxTypos && al.inflections <= 2 && al.smallWords <= 2) {
      const score = 0.97 - 0.03 * al.typos - 0.02 * al.inflections - 0.02 * al.smallWords - 0.01 * al.acronyms.length;
      const why: string[] = [];
      if (al.typos) why.push(`${al.typos} typo${al.typos > 1 ? 's' : ''}`);
      if (al.inflections) why.push(`${al.inflections} word${al.inflections > 1 ? 's' : ''} inflected differently`);
      if (al.smallWords) why.push(`${al.smallWords} small word${al.smallWords > 1 ? 's' : ''} differ`);
      if (al.compounds) why.push('compound written apart');
      if (al.acronyms.length) why.push(`acronym ${al.acronyms.join(', ')} expanded`);
      return withAbstract({ score, reason: why.join(', ') || 'same words' });
    }
  }

  // 4. A renamed version: one content word replaced, only when the abstracts say it is the same paper.
  if (agree !== null && agree >= 0.5 && al.leftoverContent.length <= 2 && al.shared >= 5 && al.typos <= 1) {
    return { score: 0.86, reason: `title changed (${al.leftoverContent.join(' / ')}); abstracts agree ${Math.round(agree * 100)}%` };
  }

  // 5. Dropped subtitle / dropped leading name: one whole title equals a distinctive run of the other's parts.
  if (agree === null || agree >= 0.2) {
    const v = droppedParts(q, c, false);
    if (v) return withAbstract(v);
  }
  return null;
}

/**
 * Whether abstracts on both sides could make compareTitles answer otherwise than the titles alone: they
 * veto or lift a verdict the titles give (rules 1, 3, 5), or confirm a renamed version (rule 4). When
 * false, the titles decide, whatever the abstracts say (a property test checks it).
 */
export function abstractsCanDecide(q: TitleFeatures, c: TitleFeatures): boolean {
  if (compareTitles(q, c)) return true;
  // One side truncated: rule 1 alone decides, and abstracts only veto or lift its verdict.
  if (q.truncated !== c.truncated) return false;
  if (!comparable(q, c)) return false;
  const al = align(q, c);
  return al.leftoverContent.length <= 2 && al.shared >= 5 && al.typos <= 1;
}
