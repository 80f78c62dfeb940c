/**
 * A BibTeX reader built for imports people make from Zotero, JabRef, Google Scholar and arXiv: one pass
 * over the text, every entry read on its own, so a broken entry is reported at its own line and never
 * takes its neighbours with it:
 *  - a malformed key (`@article{{badkey,`), an unknown character, a field without `=`;
 *  - an entry missing its closing brace, or a value with an unclosed brace or quote: noticed when a new
 *    entry begins on a later line (`@type{` at the start of a line), and reported on the broken entry;
 *  - an entry without a title.
 * Every entry counts once: read, or reported (entries read + entries reported = entries in the file).
 * Field text goes through latexToText (accents, escapes, math). Runs in slices (`onSlice` between them)
 * so a 26 MB file never freezes the page.
 */
import { normalizeDoi, parseArxivId } from '../match/normalize';
import type { ReadIssue } from './errors';
import type { ImportEntry } from './readers';
import { latexToText } from './latex';

/** An import entry as BibTeX always fills it (keywords and note included). */
export type BibImport = ImportEntry & { keywords: string[]; note: string | null; savedAt: number | null };

const MONTHS: Record<string, string> = { jan: 'January', feb: 'February', mar: 'March', apr: 'April', may: 'May', jun: 'June', jul: 'July', aug: 'August', sep: 'September', oct: 'October', nov: 'November', dec: 'December' };

const isIdent = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46 || c === 58 || c === 43 || c === 47;
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

class BibError extends Error {
  constructor(
    message: string,
    /** Where reading resumes (a new entry that began inside this one), or -1: after this entry. */
    readonly resumeAt = -1,
  ) {
    super(message);
  }
}

/** Lines of a text: line of an index by binary search over line starts. */
/** Line number (1-based) of a position; line starts are found as far as asked (a 30 MB file is not scanned up front). */
function lineIndex(text: string): (at: number) => number {
  const starts: number[] = [0];
  let scanned = 0; // newlines before this index are in `starts`
  return (at) => {
    if (at >= scanned && scanned < text.length) {
      // Scan ahead at least 64 KB at a time.
      const to = Math.min(text.length, Math.max(at + 1, scanned + 65536));
      for (let i = text.indexOf('\n', scanned); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      scanned = to;
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

const ENTRY_START = /\n[ \t]*@[A-Za-z]+[ \t]*[{(]/g;

/** Index of the '@' of the next entry that starts on a line of its own after `from`, or -1. */
function nextEntryLine(text: string, from: number): number {
  ENTRY_START.lastIndex = from;
  const m = ENTRY_START.exec(text);
  return m ? text.indexOf('@', m.index) : -1;
}

/** Whether a new entry starts on the line after the newline at `nl`. */
function entryAfterNewline(text: string, nl: number): boolean {
  let j = nl + 1;
  while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
  if (text.charCodeAt(j) !== 64) return false;
  j++;
  const s = j;
  while ((text.charCodeAt(j) | 32) >= 97 && (text.charCodeAt(j) | 32) <= 122) j++;
  if (j === s) return false;
  while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
  return text.charCodeAt(j) === 123 || text.charCodeAt(j) === 40;
}

/** Split an author list at " and " outside braces; "others" (et al.) is not an author. "Last, First" → "First Last". */
export function splitAuthors(raw: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (depth === 0 && /\s/.test(c!) && /^\s+and\s/i.test(raw.slice(i, i + 6))) {
      names.push(raw.slice(start, i));
      i += raw.slice(i).match(/^\s+and\s+/i)![0].length - 1;
      start = i + 1;
    }
  }
  names.push(raw.slice(start));
  return names
    .map((n) => n.trim())
    .filter((n) => n && !/^others$/i.test(n) && !/^et\.? al\.?$/i.test(n))
    .map((n) => {
      const parts = splitTop(n, ',').map((p) => p.trim());
      const ordered = parts.length === 3 ? `${parts[2]} ${parts[0]} ${parts[1]}` : parts.length === 2 ? `${parts[1]} ${parts[0]}` : n;
      return latexToText(ordered);
    })
    .filter(Boolean);
}

function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}') depth--;
    else if (depth === 0 && s[i] === sep) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

/** The arXiv id an entry names: eprint (with archivePrefix arXiv), journal "arXiv preprint arXiv:…", URLs, notes, the arXiv DOI. */
function arxivOf(f: Map<string, string>): string | null {
  const eprint = f.get('eprint') ?? '';
  const prefix = `${f.get('archiveprefix') ?? ''} ${f.get('eprinttype') ?? ''}`;
  if (eprint && (/arxiv/i.test(prefix) || /^(arxiv:)?\d{4}\.\d{4,5}/i.test(eprint.trim()) || /^[a-z-]+(\.[A-Z]{2})?\/\d{7}/.test(eprint.trim()))) {
    const id = parseArxivId(eprint);
    if (id) return id.id;
  }
  for (const k of ['journal', 'booktitle', 'note', 'howpublished', 'url', 'doi', 'pdf', 'archiveprefix', 'annote']) {
    const v = f.get(k);
    if (!v) continue;
    const m = /arxiv\.org\/(?:abs|pdf)\/([^\s}"]+)|arxiv:?\s*([\w.\-/]+\d)|corr\s+abs\/(\S+)|10\.48550\/arxiv\.(\S+)/i.exec(v);
    if (m) {
      const id = parseArxivId(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
      if (id) return id.id;
    }
  }
  return null;
}

const yearOf = (s: string | undefined) => {
  const m = /\b(1[5-9]\d\d|20\d\d)\b/.exec(s ?? '');
  return m ? Number(m[1]) : null;
};

function toImport(key: string, f: Map<string, string>, line: number): BibImport | ReadIssue {
  const title = latexToText(f.get('title') ?? '');
  if (!title) return { line, reason: `entry "${key}" has no title` };
  const url = latexToText(f.get('url') ?? '') || (/\\url\{([^}]+)\}/.exec(f.get('howpublished') ?? '')?.[1] ?? null);
  return {
    title,
    authors: splitAuthors(f.get('author') ?? f.get('editor') ?? ''),
    year: yearOf(f.get('year') ?? f.get('date')),
    arxivId: arxivOf(f),
    doi: normalizeDoi(f.get('doi') ?? (url && /doi\.org\//.test(url) ? url : null)),
    url: url || null,
    abstract: f.get('abstract') ? latexToText(f.get('abstract')!) : null,
    // A Paper Lens export names the saved date and the user's tags apart from the topics in `keywords`.
    keywords: splitList(f.get(f.has('paperlens-saved') ? 'paperlens-tags' : 'keywords')),
    note: f.get('note') ? latexToText(f.get('note')!) : null,
    savedAt: dateOf(f.get('paperlens-saved')),
    line,
  };
}

const splitList = (v: string | undefined) => (v ?? '').split(/[,;]/).map((k) => latexToText(k)).filter(Boolean);

/** An ISO date or time (a Paper Lens export's saved date), as epoch milliseconds. */
function dateOf(v: string | undefined): number | null {
  if (!v || !/^\s*\d{4}-\d\d-\d\d/.test(v)) return null;
  const t = Date.parse(v.trim());
  return Number.isFinite(t) ? t : null;
}

export interface BibResult {
  entries: BibImport[];
  errors: ReadIssue[];
  /** Entries in the file (entries + errors). */
  total: number;
}

/**
 * Read BibTeX text. `onSlice(done, total)` is awaited every ~20 ms of work (progress, and a chance for the
 * page to breathe); `isCancelled()` stops the read.
 */
export async function parseBibtex(text: string, onSlice?: (done: number, total: number) => Promise<void> | void, isCancelled?: () => boolean): Promise<BibResult> {
  const lineOf = lineIndex(text);
  const macros = new Map<string, string>(Object.entries(MONTHS));
  const entries: BibImport[] = [];
  const errors: ReadIssue[] = [];
  let total = 0;
  let i = 0;
  let sliceStart = performance.now();
  const n = text.length;

  /** A braced or quoted value starting at j (the opening character); returns [text, end index]. */
  const delimited = (j: number, field: string): [string, number] => {
    const quoted = text.charCodeAt(j) === 34;
    let depth = 0;
    const start = j + 1;
    for (let k = start; k < n; k++) {
      const c = text.charCodeAt(k);
      if (c === 92) {
        k++; // \{ \} \" are text
        continue;
      }
      if (c === 10 && entryAfterNewline(text, k)) {
        throw new BibError(`${quoted ? 'unterminated quote' : 'unclosed brace'} in field "${field}" (the next entry starts at line ${lineOf(k + 1)})`, text.indexOf('@', k));
      }
      if (c === 123) depth++;
      else if (c === 125) {
        if (depth === 0) {
          // A quoted value cannot hold an unbalanced "}": the entry's own end, reached inside the quote.
          if (quoted) throw new BibError(`unterminated quote in field "${field}"`);
          return [text.slice(start, k), k + 1];
        }
        depth--;
      } else if (c === 34 && quoted && depth === 0) return [text.slice(start, k), k + 1];
    }
    throw new BibError(`${quoted ? 'unterminated quote' : 'unclosed brace'} in field "${field}" (the file ends inside it)`, n);
  };

  const skipSpace = (j: number) => {
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    return j;
  };

  /** Field name = value, value, …, up to the entry's closing character; returns the end index. */
  const fields = (j: number, close: number, into: Map<string, string>, onlyOne = false): number => {
    for (;;) {
      j = skipSpace(j);
      while (text.charCodeAt(j) === 44) j = skipSpace(j + 1);
      if (j >= n) throw new BibError('the file ends inside this entry (missing "}")', n);
      if (text.charCodeAt(j) === close) return j + 1;
      if (text.charCodeAt(j) === 64) throw new BibError(`missing "}" at the end of the entry (the next entry starts at line ${lineOf(j)})`, j);
      const nameStart = j;
      while (j < n && isIdent(text.charCodeAt(j))) j++;
      const name = text.slice(nameStart, j).toLowerCase();
      if (!name) throw new BibError(`unexpected "${text[j]}" where a field name should be`);
      j = skipSpace(j);
      if (text.charCodeAt(j) !== 61) throw new BibError(`field "${name}" has no "="`);
      j = skipSpace(j + 1);
      let value = '';
      for (;;) {
        const c = text.charCodeAt(j);
        if (c === 123 || c === 34) {
          const [v, end] = delimited(j, name);
          value += v;
          j = end;
        } else if (c >= 48 && c <= 57) {
          const s = j;
          while (j < n && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
          value += text.slice(s, j);
        } else if (isIdent(c)) {
          const s = j;
          while (j < n && isIdent(text.charCodeAt(j))) j++;
          const macro = text.slice(s, j);
          value += macros.get(macro.toLowerCase()) ?? macro;
        } else throw new BibError(`field "${name}" has no value`);
        j = skipSpace(j);
        if (text.charCodeAt(j) === 35) {
          j = skipSpace(j + 1);
          continue;
        }
        break;
      }
      into.set(name, value);
      if (onlyOne) return j;
      j = skipSpace(j);
      const c = text.charCodeAt(j);
      if (c === close) return j + 1;
      if (c !== 44) {
        if (c === 64) throw new BibError(`missing "}" at the end of the entry (the next entry starts at line ${lineOf(j)})`, j);
        throw new BibError(`expected "," or "}" after field "${name}", found "${text[j] ?? 'the end of the file'}"`);
      }
    }
  };

  while (i < n) {
    if (isCancelled?.()) break;
    const at = text.indexOf('@', i);
    if (at < 0) break;
    let j = at + 1;
    const typeStart = j;
    while (j < n && ((text.charCodeAt(j) | 32) >= 97 && (text.charCodeAt(j) | 32) <= 122)) j++;
    const type = text.slice(typeStart, j).toLowerCase();
    j = skipSpace(j);
    const open = text.charCodeAt(j);
    if (!type || (open !== 123 && open !== 40)) {
      i = at + 1; // an @ in free text between entries
      continue;
    }
    const close = open === 123 ? 125 : 41;
    j++;
    if (type === 'comment' || type === 'preamble') {
      try {
        const [, end] = open === 123 ? delimited(j - 1, type) : [null, text.indexOf(')', j) + 1 || n];
        i = end;
      } catch {
        i = j;
      }
      continue;
    }
    if (type === 'string') {
      const m = new Map<string, string>();
      try {
        i = fields(j, close, m, true);
        i = skipSpace(i);
        if (text.charCodeAt(i) === close) i++;
        for (const [k, v] of m) macros.set(k, v);
      } catch (e) {
        errors.push({ line: lineOf(at), reason: `@string: ${(e as Error).message}` });
        i = (e as BibError).resumeAt >= 0 ? (e as BibError).resumeAt : nextEntryLine(text, j) >= 0 ? nextEntryLine(text, j) : n;
      }
      continue;
    }
    total++;
    const line = lineOf(at);
    j = skipSpace(j);
    const keyStart = j;
    while (j < n && !isSpace(text.charCodeAt(j)) && text.charCodeAt(j) !== 44 && text.charCodeAt(j) !== close && text.charCodeAt(j) !== 123 && text.charCodeAt(j) !== 125) j++;
    const key = text.slice(keyStart, j);
    j = skipSpace(j);
    try {
      if (text.charCodeAt(j) === 123 || text.charCodeAt(j) === 125 || (!key && text.charCodeAt(j) !== close)) throw new BibError(`@${type} at line ${line} has a malformed key ("${text.slice(at, Math.min(at + 30, text.indexOf('\n', at) >>> 0)).trim()}")`);
      const f = new Map<string, string>();
      if (text.charCodeAt(j) === close) i = j + 1;
      else {
        if (text.charCodeAt(j) !== 44) throw new BibError(`entry "${key}": expected "," after the key`);
        i = fields(j + 1, close, f);
      }
      const r = toImport(key, f, line);
      if ('reason' in r && !('title' in r)) errors.push(r);
      else entries.push(r as BibImport);
    } catch (e) {
      if (!(e instanceof BibError)) throw e;
      const msg = e.message.startsWith('@') || e.message.startsWith('entry') ? e.message : `entry "${key}": ${e.message}`;
      errors.push({ line, reason: msg });
      // Resume at the entry that began inside this one, else at the next entry on a line of its own.
      const next = e.resumeAt >= 0 ? e.resumeAt : nextEntryLine(text, at + 1);
      i = next >= 0 ? next : n;
    }
    if (onSlice && performance.now() - sliceStart > 20) {
      await onSlice(i, n);
      sliceStart = performance.now();
    }
  }
  return { entries, errors, total };
}
