/**
 * Import readers: BibTeX (our own reader, lib/export/bibtex.ts), CSV with a title column (Zotero's export
 * included), RIS (a line-tagged format, read per record), CSL-JSON (Zotero's and citation.js's export)
 * and the Paper Lens JSON backup. Each reports every entry it could not read with its line and reason;
 * an entry reported is never imported, and entries read + entries reported = entries in the file.
 */
import { normalizeDoi, parseArxivId } from '../match/normalize';
import { parseBibtex } from './bibtex';
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
  /** Keywords / tags the file gives the entry (BibTeX keywords, CSV "Manual Tags"). */
  keywords?: string[];
  note?: string | null;
  /** When the paper was saved, for a Paper Lens export of saved papers (CSV saved_at, BibTeX paperlens-saved). */
  savedAt?: number | null;
  /** Line of the entry in the file (1-based). */
  line: number;
}

export interface ReadResult {
  format: 'bibtex' | 'ris' | 'csv' | 'json' | 'csljson';
  entries: ImportEntry[];
  errors: ReadIssue[];
  warnings: string[];
}

/** Size and binary checks; the BOM's encoding when there is one. */
function checkBytes(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length > MAX_IMPORT_BYTES) throw new ImportError(`The file is ${(bytes.length / 1048576).toFixed(1)} MB; Paper Lens imports files up to 50 MB.`);
  if (bytes.length === 0) throw new ImportError('The file is empty.');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const sample = bytes.subarray(0, Math.min(bytes.length, 65536));
  for (const b of sample) if (b === 0) throw new ImportError('This is a binary file, not a library export (BibTeX, RIS, CSV or a Paper Lens JSON backup).');
  return null;
}

const LATIN1_WARNING = 'The file is not UTF-8; it was read as Windows-1252 (Latin-1). Check accented characters in the preview.';

/** Bytes -> text: UTF-8 (with or without BOM) or UTF-16 with BOM; other encodings read as Windows-1252 with a warning. */
export function decodeFile(bytes: Uint8Array): { text: string; warnings: string[] } {
  const bom = checkBytes(bytes);
  if (bom) return { text: new TextDecoder(bom).decode(bytes.subarray(2)), warnings: [] };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, ''), warnings: [] };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), warnings: [LATIN1_WARNING] };
  }
}

/**
 * decodeFile in slices of `chunk` bytes with `pause()` between them (a 30 MB file decoded at once holds
 * the page for about 100 ms). Same result as decodeFile.
 */
export async function decodeFileInSlices(bytes: Uint8Array, pause: () => Promise<void>, chunk = 4 * 1024 * 1024): Promise<{ text: string; warnings: string[] }> {
  const bom = checkBytes(bytes);
  if (bom || bytes.length <= chunk) return decodeFile(bytes);
  const parts: string[] = [];
  try {
    const dec = new TextDecoder('utf-8', { fatal: true });
    for (let i = 0; i < bytes.length; i += chunk) {
      parts.push(dec.decode(bytes.subarray(i, i + chunk), { stream: i + chunk < bytes.length }));
      await pause();
    }
    return { text: parts.join('').replace(/^\ufeff/, ''), warnings: [] };
  } catch {
    parts.length = 0;
    const dec = new TextDecoder('windows-1252');
    for (let i = 0; i < bytes.length; i += chunk) {
      parts.push(dec.decode(bytes.subarray(i, i + chunk), { stream: i + chunk < bytes.length }));
      await pause();
    }
    return { text: parts.join(''), warnings: [LATIN1_WARNING] };
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

/**
 * BibTeX (lib/export/bibtex.ts): every entry read on its own, broken ones reported at their own line and
 * never imported; entries read + entries reported = entries in the file.
 */
export async function readBibtex(text: string, onProgress?: (done: number, total: number) => void | Promise<void>, isCancelled?: () => boolean): Promise<ReadResult> {
  if (!/@[A-Za-z]+\s*[{(]/.test(text)) throw new ImportError('No BibTeX entries (@article{…}, @misc{…}) found in this file.');
  const r = await parseBibtex(text, onProgress, isCancelled);
  return { format: 'bibtex', entries: r.entries, errors: r.errors.sort((a, b) => a.line - b.line), warnings: [] };
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
        keywords: get('KW'),
        note: get('N1').join('\n') || null,
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

/** The arXiv id a free-text field names ("arXiv: 2401.01234", an arXiv URL, the arXiv DOI). */
export function arxivIn(...values: Array<string | null | undefined>): string | null {
  for (const v of values) {
    if (!v) continue;
    const m = /arxiv\.org\/(?:abs|pdf)\/([^\s"]+)|arxiv\s*[:.]?\s*([\w.\-/]*\d)|10\.48550\/arxiv\.(\S+)/i.exec(v);
    const id = m ? parseArxivId(m[1] ?? m[2] ?? m[3] ?? '') : null;
    if (id) return id.id;
  }
  return null;
}

/** "Last, First; Last2, First2" (Zotero) or "A and B": names as "First Last"; "et al." / "others" dropped. */
function csvAuthors(s: string): string[] {
  const parts = s.includes(';') ? s.split(';') : s.split(/\s+and\s+/i);
  return parts
    .map((p) => p.trim())
    .filter((p) => p && !/^(others|et\.? al\.?)$/i.test(p))
    .map((p) => {
      const m = /^([^,]+),\s*(.+)$/.exec(p);
      return m ? `${m[2]} ${m[1]}` : p;
    });
}

interface CsvRecord {
  fields: string[];
  line: number;
  error?: string;
}

/**
 * CSV records with the line each starts on (quoted fields may span lines). A quote that is never closed
 * swallows the rest of the file in a plain reader; here, when a quoted value reaches a line that reads
 * as a whole record of its own (as many fields as the header, with balanced quotes) the quote is taken
 * as broken: that record is reported and reading resumes on that line. (Only for files of 4+ columns:
 * with fewer, a line of an abstract could look like a record.)
 */
function csvRecords(text: string, delim: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  const n = text.length;
  let cols = 0;
  let fields: string[] = [];
  let field = '';
  let inQuote = false;
  let quoted = false;
  let line = 1;
  let start = 1;
  const fieldCount = (from: number): number => {
    // Fields on the physical line starting at `from`, or -1 when its quotes do not balance.
    let count = 1;
    let q = false;
    for (let k = from; k < n; k++) {
      const c = text[k];
      if (c === '\n' || c === '\r') return q ? -1 : count;
      if (c === '"') q = !q;
      else if (c === delim && !q) count++;
    }
    return q ? -1 : count;
  };
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) {
      if (!cols) cols = fields.length;
      out.push({ fields, line: start });
    }
    fields = [];
    field = '';
    quoted = false;
  };
  for (let i = 0; i < n; i++) {
    const c = text[i]!;
    if (inQuote) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuote = false;
      } else if (c === '\n') {
        line++;
        if (cols >= 4 && fieldCount(i + 1) === cols) {
          out.push({ fields: [], line: start, error: 'unterminated quote: this row could not be read' });
          fields = [];
          field = '';
          inQuote = false;
          quoted = false;
          start = line;
          continue;
        }
        field += c;
      } else field += c;
      continue;
    }
    if (c === '"' && field === '' && !quoted) {
      inQuote = true;
      quoted = true;
    } else if (c === delim) {
      fields.push(field);
      field = '';
      quoted = false;
    } else if (c === '\n') {
      endRecord();
      line++;
      start = line;
    } else if (c === '\r') {
      if (text[i + 1] !== '\n') {
        endRecord();
        line++;
        start = line;
      }
    } else field += c;
  }
  if (inQuote) out.push({ fields: [], line: start, error: 'unterminated quote: the file ends inside this row' });
  else if (field !== '' || fields.length) endRecord();
  return out;
}

export function readCsv(text: string): ReadResult {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0 || text.length);
  const delim = [',', ';', '\t'].sort((a, b) => firstLine.split(b).length - firstLine.split(a).length)[0]!;
  const records = csvRecords(text, delim);
  const header = (records[0]?.fields ?? []).map((h) => h.trim().toLowerCase());
  const titleCol = header.findIndex((f) => f === 'title') >= 0 ? header.findIndex((f) => f === 'title') : header.findIndex((f) => /\btitle\b/.test(f) && !/(journal|book|series|short|publication)/.test(f));
  if (titleCol < 0) throw new ImportError(`This CSV has no "title" column (columns: ${header.slice(0, 12).join(', ') || 'none'}).`);
  const col = (...names: string[]) => header.findIndex((f) => names.includes(f));
  const authorCol = col('authors', 'author', 'creators', 'author(s)');
  const yearCol = col('year', 'publication year', 'date', 'published');
  const arxivCol = col('arxiv_id', 'arxiv', 'arxiv id', 'eprint', 'archive id');
  const doiCol = col('doi');
  const urlCol = col('url', 'link');
  const absCol = col('abstract', 'abstract note', 'summary');
  const extraCol = col('extra');
  const tagsCol = col('manual tags', 'tags', 'keywords');
  const noteCol = col('notes', 'note');
  const savedCol = col('saved_at');
  const entries: ImportEntry[] = [];
  const errors: ReadIssue[] = [];
  const get = (r: CsvRecord, c: number) => (c >= 0 ? (r.fields[c] ?? '').trim() : '');
  for (const r of records.slice(1)) {
    if (r.error) {
      errors.push({ line: r.line, reason: r.error });
      continue;
    }
    const title = cleanTitle(get(r, titleCol));
    if (!title) {
      errors.push({ line: r.line, reason: 'empty title' });
      continue;
    }
    const url = get(r, urlCol) || null;
    entries.push({
      title,
      authors: authorCol >= 0 ? csvAuthors(get(r, authorCol)) : [],
      year: yearCol >= 0 ? yearOf(get(r, yearCol)) : null,
      arxivId: (arxivCol >= 0 ? parseArxivId(get(r, arxivCol))?.id : null) ?? arxivIn(get(r, extraCol), url, get(r, doiCol)),
      doi: doiCol >= 0 ? normalizeDoi(get(r, doiCol)) : null,
      url,
      abstract: get(r, absCol) || null,
      keywords: tagsCol >= 0 ? get(r, tagsCol).split(/\s*;\s*/).filter(Boolean) : [],
      note: get(r, noteCol) || null,
      savedAt: savedCol >= 0 && /^\d{4}-\d\d-\d\d/.test(get(r, savedCol)) ? Date.parse(get(r, savedCol)) || null : null,
      line: r.line,
    });
  }
  return { format: 'csv', entries, errors, warnings: [] };
}

/** CSL-JSON (Zotero's "CSL JSON" export, citation.js): a list of items, or { items: [...] }. */
export function readCslJson(json: unknown): ReadResult {
  const items = Array.isArray(json) ? json : json && typeof json === 'object' && Array.isArray((json as { items?: unknown }).items) ? (json as { items: unknown[] }).items : null;
  if (!items) throw new ImportError('This JSON file is neither a Paper Lens backup nor a CSL-JSON list of items.');
  const entries: ImportEntry[] = [];
  const errors: ReadIssue[] = [];
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
  items.forEach((raw, k) => {
    const it = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const title = cleanTitle(str(it.title));
    if (!title) {
      errors.push({ line: 0, reason: `item ${k + 1}${it.id ? ` ("${str(it.id)}")` : ''} has no title` });
      return;
    }
    const authors = Array.isArray(it.author)
      ? (it.author as Array<Record<string, unknown>>).map((a) => str(a.literal) || [str(a.given), str(a['non-dropping-particle']), str(a.family)].filter(Boolean).join(' ')).filter(Boolean)
      : [];
    const issued = it.issued as { 'date-parts'?: unknown[][]; raw?: string } | undefined;
    const year = Number(issued?.['date-parts']?.[0]?.[0]) || yearOf(issued?.raw ?? str(it.year));
    const url = str(it.URL) || null;
    entries.push({
      title,
      authors,
      year: year && year >= 1000 && year <= 3000 ? year : null,
      arxivId: arxivIn(str(it.number), str(it.archive_location), str(it.note), url, str(it.DOI), str(it['container-title'])),
      doi: normalizeDoi(str(it.DOI) || null),
      url,
      abstract: str(it.abstract) || null,
      keywords: str(it.keyword).split(/\s*[,;]\s*/).filter(Boolean),
      note: null,
      line: 0,
    });
  });
  return { format: 'csljson', entries, errors, warnings: [] };
}
