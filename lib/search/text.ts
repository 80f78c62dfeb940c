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
