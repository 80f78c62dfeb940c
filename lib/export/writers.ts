/**
 * Export writers: BibTeX (Zotero/JabRef friendly: arXiv papers as @misc with eprint/archivePrefix/
 * primaryClass; unique, stable keys; special characters escaped), RIS, CSV and the JSON backup.
 */
import Papa from 'papaparse';
import { foldUnicode } from '../match/normalize';

export interface ExportPaper {
  id: string;
  title: string;
  authors: string[];
  year: number | null;
  arxivId: string | null;
  primaryClass?: string | null;
  doi: string | null;
  url: string | null;
  abstract: string | null;
  topics: string[];
  note: string;
  tags: string[];
  savedAt: number | null;
}

export type ExportFormat = 'bibtex' | 'ris' | 'csv' | 'json';

const TITLE_STOP = new Set(['a', 'an', 'the', 'on', 'of', 'for', 'in', 'to', 'and', 'with', 'towards', 'toward', 'is', 'are', 'how', 'what', 'why', 'when', 'do', 'does']);

function asciiWord(s: string): string {
  return foldUnicode(s).replace(/[^a-z0-9]/g, '');
}

function lastName(author: string): string {
  const a = author.trim();
  if (a.includes(',')) return a.split(',')[0]!.trim();
  const parts = a.split(/\s+/);
  return parts[parts.length - 1] ?? '';
}

/** Base citation key: firstauthor + year + first significant title word (ASCII, lower case). */
export function baseKey(p: ExportPaper): string {
  const author = asciiWord(lastName(p.authors[0] ?? '')) || 'anon';
  const word = (p.title.match(/[\p{L}\p{N}]+/gu) ?? []).map(asciiWord).find((w) => w.length > 1 && !TITLE_STOP.has(w)) ?? 'paper';
  return `${author}${p.year ?? (p.arxivId ? `20${p.arxivId.slice(0, 2)}` : '')}${word}`;
}

/** Unique, stable keys: collisions get a, b, c… suffixes in paper-id order (independent of export order). */
export function citationKeys(papers: ExportPaper[]): Map<string, string> {
  const groups = new Map<string, ExportPaper[]>();
  for (const p of papers) {
    const k = baseKey(p);
    const g = groups.get(k) ?? [];
    g.push(p);
    groups.set(k, g);
  }
  const out = new Map<string, string>();
  for (const [k, g] of groups) {
    if (g.length === 1) out.set(g[0]!.id, k);
    else [...g].sort((a, b) => (a.id < b.id ? -1 : 1)).forEach((p, i) => out.set(p.id, `${k}${suffix(i)}`));
  }
  return out;
}

function suffix(i: number): string {
  let s = '';
  let n = i;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

/** Escape text for a BibTeX field value (braced). */
export function escapeBibtex(s: string): string {
  return s
    .replace(/[\u226e\u226f]/g, (c) => c.normalize('NFD')) // ≮ ≯ contain < > once decomposed
    .replace(/\\/g, '\u0000')
    .replace(/([{}&%$#_])/g, '\\$1')
    .replace(/~/g, '\\textasciitilde{}')
    .replace(/</g, '\\textless{}')
    .replace(/>/g, '\\textgreater{}')
    .replace(/\^/g, '\\textasciicircum{}')
    .replace(/\u0000/g, '\\textbackslash{}')
    // TeX ligatures ('' `` -- ---) would change the text: break them up.
    .replace(/`/g, '{`}')
    .replace(/'(?=')/g, "'{}")
    .replace(/-(?=-)/g, '-{}')
    .replace(/[\r\n\t]+/g, ' ');
}

function field(name: string, value: string | null | undefined, opts: { protectCase?: boolean } = {}): string | null {
  if (value == null || value === '') return null;
  const v = escapeBibtex(value);
  return `  ${name} = {${opts.protectCase ? `{${v}}` : v}}`;
}

export function toBibTeX(papers: ExportPaper[]): string {
  const keys = citationKeys(papers);
  return papers
    .map((p) => {
      const isArxiv = !!p.arxivId;
      const fields = [
        field('title', p.title, { protectCase: true }),
        field('author', p.authors.join(' and ')),
        field('year', p.year != null ? String(p.year) : p.arxivId && /^\d{4}\./.test(p.arxivId) ? `20${p.arxivId.slice(0, 2)}` : null),
        isArxiv ? field('eprint', p.arxivId) : null,
        isArxiv ? field('archivePrefix', 'arXiv') : null,
        isArxiv ? field('primaryClass', p.primaryClass ?? null) : null,
        field('doi', p.doi),
        field('url', p.url ?? (p.arxivId ? `https://arxiv.org/abs/${p.arxivId}` : null)),
        field('abstract', p.abstract),
        field('keywords', [...p.tags, ...p.topics].join(', ')),
        field('note', p.note),
        // Read back by Paper Lens's import (the paper saved again, with its own tags); other tools ignore them.
        field('paperlens-saved', p.savedAt ? new Date(p.savedAt).toISOString() : null),
        field('paperlens-tags', p.tags.join(', ')),
      ].filter((x): x is string => x !== null);
      return `@${isArxiv || !p.doi ? 'misc' : 'article'}{${keys.get(p.id)},\n${fields.join(',\n')}\n}\n`;
    })
    .join('\n');
}

export function toRIS(papers: ExportPaper[]): string {
  const line = (tag: string, v: string | null | undefined) => (v ? `${tag}  - ${v.replace(/[\r\n]+/g, ' ')}\r\n` : '');
  return papers
    .map(
      (p) =>
        line('TY', p.arxivId || !p.doi ? 'GEN' : 'JOUR') +
        line('TI', p.title) +
        p.authors.map((a) => line('AU', a)).join('') +
        line('PY', p.year != null ? String(p.year) : null) +
        line('DO', p.doi) +
        line('UR', p.url ?? (p.arxivId ? `https://arxiv.org/abs/${p.arxivId}` : null)) +
        line('AB', p.abstract) +
        (p.arxivId ? line('M1', `arXiv:${p.arxivId}`) : '') +
        [...p.tags, ...p.topics].map((k) => line('KW', k)).join('') +
        line('N1', p.note) +
        line('ID', p.id) +
        'ER  - \r\n',
    )
    .join('\r\n');
}

export const CSV_COLUMNS = ['title', 'authors', 'year', 'arxiv_id', 'doi', 'url', 'topics', 'tags', 'note', 'saved_at', 'id'] as const;

export function toCSV(papers: ExportPaper[]): string {
  return Papa.unparse(
    {
      fields: [...CSV_COLUMNS],
      data: papers.map((p) => [
        p.title,
        p.authors.join('; '),
        p.year ?? '',
        p.arxivId ?? '',
        p.doi ?? '',
        p.url ?? '',
        p.topics.join('; '),
        p.tags.join('; '),
        p.note,
        p.savedAt ? new Date(p.savedAt).toISOString() : '',
        p.id,
      ]),
    },
    { newline: '\r\n' },
  );
}
