/**
 * Words and word pairs of a paper for ranking (lib/rank/profile.ts): lower-cased runs of a–z / 0–9,
 * plurals folded, stop words dropped (they also break pairs), sentence punctuation breaks pairs.
 * Title terms count twice: a title says what the paper is about in fewer words.
 */

const STOP = new Set(
  'a an and are as at be been being by can do does for from has have how in into is it its of on or our that the their them these this those to via was we were what when where which while who why will with within without us using use based towards toward new'.split(' '),
);

/** Folds plural and third-person -s; keeps short words and -ss/-us/-is/-ics endings (loss, corpus, analysis, physics). */
export function stem(w: string): string {
  const n = w.length;
  if (n <= 3) return w;
  if (w.endsWith('ies') && n > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is') && !w.endsWith('ics')) return w.slice(0, -1);
  return w;
}

const WORD = /[a-z0-9]+/g;
/** Sentence punctuation between two words: . , ; : ! ? ( ) [ ] { } " */
function breaksBetween(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 63 || c === 40 || c === 41 || c === 91 || c === 93 || c === 123 || c === 125 || c === 34) return true;
  }
  return false;
}

/** Stemmed words, `null` where a stop word or punctuation breaks a phrase. */
export function words(text: string): Array<string | null> {
  const out: Array<string | null> = [];
  const lower = text.toLowerCase();
  let last = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(lower); m; m = WORD.exec(lower)) {
    if (m.index > last && out.length && out[out.length - 1] !== null && breaksBetween(lower, last, m.index)) out.push(null);
    last = m.index + m[0].length;
    const w = m[0];
    if (STOP.has(w) || (w.length === 1 && !/[0-9]/.test(w))) {
      if (out.length && out[out.length - 1] !== null) out.push(null);
      continue;
    }
    out.push(stem(w));
  }
  return out;
}

export const TITLE_WEIGHT = 2;

/** Term counts of a paper: words and adjacent pairs of the title (weighted) and the abstract. */
export function termCounts(title: string, abstract?: string | null): Map<string, number> {
  const m = new Map<string, number>();
  const add = (text: string, w: number) => {
    const ws = words(text);
    for (let i = 0; i < ws.length; i++) {
      const a = ws[i];
      if (!a) continue;
      m.set(a, (m.get(a) ?? 0) + w);
      const b = ws[i + 1];
      if (b) {
        const p = `${a} ${b}`;
        m.set(p, (m.get(p) ?? 0) + w);
      }
    }
  };
  add(title, TITLE_WEIGHT);
  if (abstract) add(abstract.slice(0, 4000), 1);
  return m;
}
