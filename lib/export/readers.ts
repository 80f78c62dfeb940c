/**
 * Import readers: BibTeX (@retorquere/bibtex-parser, the parser behind Better BibTeX for Zotero),
 * CSV with a title column (papaparse), RIS (a line-tagged format, read per record), and the Paper Lens
 * JSON backup. Each reports every entry it could not read with its line number and reason.
 */
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import Papa from 'papaparse';
import { normalizeDoi, parseArxivId } from '../match/normalize';
import { ImportError, type ReadIssue } from './errors';

export { ImportError, type ReadIssue };

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export interface ImportEntry {
  title: string;
  authors: string[];
  year: number | null;
  arxivId: string | null;
  doi: string | null;
  url: string | null;
  abstract: string | null;
  /** Line of the entry in the file (1-based). */
  line: number;
}

export interface ReadResult {
  format: 'bibtex' | 'ris' | 'csv' | 'json';
  entries: ImportEntry[];
  errors: ReadIssue[];
  warnings: string[];
}

/** Bytes -> text: UTF-8 (with or without BOM) or UTF-16 with BOM; other encodings read as Windows-1252 with a warning. */
export function decodeFile(bytes: Uint8Array): { text: string; warnings: string[] } {
  if (bytes.length > MAX_IMPORT_BYTES) throw new ImportError(`The file is ${(bytes.length / 1048576).toFixed(1)} MB; Paper Lens imports files up to 50 MB.`);
  if (bytes.length === 0) throw new ImportError('The file is empty.');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), warnings: [] };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), warnings: [] };
  const sample = bytes.subarray(0, Math.min(bytes.length, 65536));
  let nul = 0;
  for (const b of sample) if (b === 0) nul++;
  if (nul > 0) throw new ImportError('This is a binary file, not a library export (BibTeX, RIS, CSV or a Paper Lens JSON backup).');
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, ''), warnings: [] };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), warnings: ['The file is not UTF-8; it was read as Windows-1252 (Latin-1). Check accented characters in the preview.'] };
  }
}

export function detectFormat(name: string, text: string): ReadResult['format'] {
  const ext = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'bib' || ext === 'bibtex') return 'bibtex';
  if (ext === 'ris') return 'ris';
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  if (ext === 'json') return 'json';
  const head = text.slice(0, 5000).trimStart();
  if (head.startsWith('{') || head.startsWith('[')) return 'json';
  if (/^@[a-z]+\s*[{(]/im.test(head)) return 'bibtex';
  if (/^TY {2}- /m.test(head)) return 'ris';
  if (/^[^\n]*\btitle\b[^\n]*[,;\t]/i.test(head)) return 'csv';
  throw new ImportError('Paper Lens cannot tell what kind of file this is: use BibTeX (.bib), RIS (.ris), CSV with a "title" column (.csv) or a Paper Lens JSON backup (.json).');
}

function lineAt(text: string, index: number): number {
  let n = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function cleanTitle(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function yearOf(s: string | undefined | null): number | null {
  const m = /\b(1[5-9]\d\d|20\d\d)\b/.exec(s ?? '');
  return m ? Number(m[1]) : null;
}

/** BibTeX, in chunks so a large file can report progress between chunks. */
export async function readBibtex(text: string, onProgress?: (done: number, total: number) => void | Promise<void>): Promise<ReadResult> {
  const starts: number[] = [];
  const re = /^[ \t]*@/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index);
  const entries: ImportEntry[] = [];
  const errors: ReadIssue[] = [];
  if (starts.length === 0) throw new ImportError('No BibTeX entries (@article{…}, @misc{…}) found in this file.');
  const CHUNK = 300;
  let lineOffset = lineAt(text, starts[0]!) - 1;
  for (let c = 0; c < starts.length; c += CHUNK) {
    const from = starts[c]!;
    const to = c + CHUNK < starts.length ? starts[c + CHUNK]! : text.length;
    const chunk = text.slice(from, to);
    const lib = parseBibtex(chunk, { english: false, sentenceCase: false, caseProtection: false } as never);
    let cursor = 0;
    for (const e of lib.entries) {
      const keyRe = new RegExp(`@[A-Za-z]+\\s*[{(]\\s*${e.key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*,`, 'g');
      keyRe.lastIndex = cursor;
      const km = keyRe.exec(chunk);
      const at = km ? km.index : -1;
      if (at >= 0) cursor = at + 1;
      const line = lineOffset + lineAt(chunk, Math.max(0, at));
      const f = e.fields as Record<string, unknown>;
      const title = typeof f.title === 'string' ? cleanTitle(f.title) : '';
      if (!title) {
        errors.push({ line, reason: `entry "${e.key}" has no title` });
        continue;
      }
      const authors = Array.isArray(f.author)
        ? (f.author as Array<{ lastName?: string; firstName?: string; name?: string }>).map((a) => a.name ?? [a.firstName, a.lastName].filter(Boolean).join(' ')).filter(Boolean)
        : [];
      const eprint = typeof f.eprint === 'string' ? f.eprint : '';
      const arxivFrom = /arxiv/i.test(String(f.archiveprefix ?? f.eprinttype ?? '')) || /^\d{4}\.\d{4,5}/.test(eprint) ? eprint : typeof f.journal === 'string' && /arxiv/i.test(f.journal) ? f.journal : String(f.url ?? '');
      entries.push({
        title,
        authors,
        year: yearOf(String(f.year ?? f.date ?? '')),
        arxivId: parseArxivId(arxivFrom)?.id ?? null,
        doi: normalizeDoi(typeof f.doi === 'string' ? f.doi : null),
        url: typeof f.url === 'string' ? f.url : null,
        abstract: typeof f.abstract === 'string' ? f.abstract.replace(/\s+/g, ' ').trim() : null,
        line,
      });
    }
    for (const err of lib.errors) {
      const m = /at line (\d+)/.exec(err.error);
      const local = m ? Number(m[1]) : err.input ? lineAt(chunk, Math.max(0, chunk.indexOf(err.input.slice(0, 40)))) : 1;
      errors.push({ line: lineOffset + local, reason: err.error.replace(/ at line \d+, column \d+/, '') });
    }
    lineOffset += lineAt(chunk, chunk.length) - 1;
    await onProgress?.(Math.min(c + CHUNK, starts.length), starts.length);
  }
  // One report per broken entry, at the line where the entry starts: a parse error and "no title"
  // for the same entry are one problem.
  const entryLines: number[] = [];
  {
    let line = 1;
    let pos = 0;
    for (const st of starts) {
      for (; pos < st; pos++) if (text.charCodeAt(pos) === 10) line++;
      entryLines.push(line);
    }
  }
  const byEntry = new Map<number, ReadIssue>();
  for (const e of errors) {
    let start = entryLines[0]!;
    for (const l of entryLines) if (l <= e.line) start = l;
    const prev = byEntry.get(start);
    if (!prev || /no title/.test(prev.reason)) byEntry.set(start, { line: start, reason: e.reason });
  }
  const unique = [...byEntry.values()].sort((a, b) => a.line - b.line);
  return { format: 'bibtex', entries, errors: unique, warnings: [] };
}

export function readRis(text: string): ReadResult {
  const entries: ImportEntry[] = [];
  const errors: ReadIssue[] = [];
  const lines = text.split(/\r?\n/);
  let cur: { line: number; tags: Map<string, string[]> } | null = null;
  const finish = () => {
    if (!cur) return;
    const get = (...t: string[]) => t.flatMap((x) => cur!.tags.get(x) ?? []);
    const title = cleanTitle(get('TI', 'T1', 'CT', 'BT')[0] ?? '');
    if (!title) errors.push({ line: cur.line, reason: 'record has no title (TI/T1)' });
    else {
      const urls = get('UR', 'L1', 'L2');
      entries.push({
        title,
        authors: get('AU', 'A1', 'A2'),
        year: yearOf(get('PY', 'Y1', 'DA')[0]),
        arxivId: parseArxivId([...get('M1', 'AN', 'UR'), ...urls].find((x) => /arxiv/i.test(x)) ?? null)?.id ?? null,
        doi: normalizeDoi(get('DO')[0] ?? null),
        url: urls[0] ?? null,
        abstract: get('AB', 'N2')[0] ?? null,
        line: cur.line,
      });
    }
    cur = null;
  };
  lines.forEach((raw, i) => {
    const m = /^([A-Z][A-Z0-9]) {2}-(?: (.*))?$/.exec(raw.trimEnd());
    if (!m) {
      if (raw.trim() && cur) {
        // Continuation of the previous tag's value.
        const last = [...cur.tags.keys()].pop();
        if (last) {
          const vals = cur.tags.get(last)!;
          vals[vals.length - 1] = `${vals[vals.length - 1]} ${raw.trim()}`;
        }
      } else if (raw.trim()) errors.push({ line: i + 1, reason: 'text outside a record (expected "TY  - ")' });
      return;
    }
    const [, tag, value = ''] = m;
    if (tag === 'TY') {
      if (cur) {
        errors.push({ line: cur.line, reason: 'record not closed with "ER  -"' });
        finish();
      }
      cur = { line: i + 1, tags: new Map() };
      return;
    }
    if (!cur) {
      errors.push({ line: i + 1, reason: `tag ${tag} outside a record` });
      return;
    }
    if (tag === 'ER') return finish();
    const list = cur.tags.get(tag!) ?? [];
    list.push(value.trim());
    cur.tags.set(tag!, list);
  });
  if (cur) {
    errors.push({ line: (cur as { line: number }).line, reason: 'the file ends inside this record (truncated: no "ER  -")' });
  }
  if (entries.length === 0 && errors.length === 0) throw new ImportError('No RIS records (TY  - …) found in this file.');
  return { format: 'ris', entries, errors, warnings: [] };
}

export function readCsv(text: string): ReadResult {
  const res = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim().toLowerCase() });
  const fields = res.meta.fields ?? [];
  const titleCol = fields.find((f) => f === 'title') ?? fields.find((f) => /\btitle\b/.test(f) && !/(journal|book|series|short)/.test(f));
  if (!titleCol) throw new ImportError(`This CSV has no "title" column (columns: ${fields.slice(0, 12).join(', ') || 'none'}).`);
  const col = (...names: string[]) => fields.find((f) => names.includes(f));
  const authorCol = col('authors', 'author', 'creators', 'author(s)');
  const yearCol = col('year', 'publication year', 'date', 'published');
  const arxivCol = col('arxiv_id', 'arxiv', 'arxiv id', 'eprint');
  const doiCol = col('doi');
  const urlCol = col('url', 'link');
  const absCol = col('abstract', 'abstract note', 'summary');
  const entries: ImportEntry[] = [];
  const errors: ReadIssue[] = [];
  // Line of each data row: papaparse gives no line numbers, so count records as we go (quoted newlines included).
  const rowLines: number[] = [];
  {
    let line = 1;
    let inQuote = false;
    let rowStart = 1;
    let started = false;
    let header = true;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (!started && ch !== '\n' && ch !== '\r') {
        started = true;
        rowStart = line;
      }
      if (ch === '"') inQuote = !inQuote;
      else if (ch === '\n') {
        if (!inQuote) {
          if (started) {
            if (header) header = false;
            else rowLines.push(rowStart);
          }
          started = false;
        }
        line++;
      }
    }
    if (started && !header) rowLines.push(rowStart);
  }
  res.data.forEach((row, i) => {
    const line = rowLines[i] ?? i + 2;
    const title = cleanTitle(row[titleCol] ?? '');
    if (!title) {
      errors.push({ line, reason: 'empty title' });
      return;
    }
    entries.push({
      title,
      authors: authorCol ? (row[authorCol] ?? '').split(/\s*;\s*|\s+and\s+/).map((s) => s.trim()).filter(Boolean) : [],
      year: yearCol ? yearOf(row[yearCol]) : null,
      arxivId: arxivCol ? parseArxivId(row[arxivCol])?.id ?? null : parseArxivId(urlCol ? row[urlCol] : null)?.id ?? null,
      doi: doiCol ? normalizeDoi(row[doiCol]) : null,
      url: urlCol ? row[urlCol] || null : null,
      abstract: absCol ? row[absCol] || null : null,
      line,
    });
  });
  for (const e of res.errors) errors.push({ line: (rowLines[e.row ?? 0] ?? (e.row ?? 0) + 2), reason: e.message });
  return { format: 'csv', entries, errors, warnings: [] };
}
