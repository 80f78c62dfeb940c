/** Words for search: tokenising, and the one-typo check. */
import { foldUnicode } from '../match/normalize';

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

/** Whether w and the term at terms[a, a + len) are at most one edit apart (Damerau: a swap is one edit). */
export function oneEditAt(w: string, terms: string, a: number, len: number): boolean {
  const lw = w.length;
  if (lw - len > 1 || len - lw > 1) return false;
  let i = 0;
  while (i < lw && i < len && w.charCodeAt(i) === terms.charCodeAt(a + i)) i++;
  if (i === lw && i === len) return true;
  const rest = (wi: number, ti: number) => {
    if (lw - wi !== len - ti) return false;
    for (; wi < lw; wi++, ti++) if (w.charCodeAt(wi) !== terms.charCodeAt(a + ti)) return false;
    return true;
  };
  if (lw === len) {
    if (rest(i + 1, i + 1)) return true;
    return i + 1 < lw && w.charCodeAt(i) === terms.charCodeAt(a + i + 1) && w.charCodeAt(i + 1) === terms.charCodeAt(a + i) && rest(i + 2, i + 2);
  }
  return lw > len ? rest(i + 1, i) : rest(i, i + 1);
}

/** Damerau–Levenshtein distance ≤ 1 (one insertion, deletion, substitution or adjacent swap). */
export function withinOneEdit(a: string, b: string): boolean {
  return oneEditAt(a, b, 0, b.length);
}
