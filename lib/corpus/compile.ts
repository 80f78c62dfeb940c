/**
 * The seed compiler: scraped Hugging Face Papers listings (text) -> the bundled corpus.
 * Runs at build time only (Vite plugin / scripts); the extension never parses text at run time.
 *
 * A seed file is a listing copied from the browser: page chrome ("Get trending papers…",
 * "Subscribe", "new", "byAK and the research community", a date line such as "Mar 13"),
 * then one title line followed by one abstract line per paper (blank lines allowed between).
 * "Subscribe" may be glued to the first title ("SubscribeGraph Attention Networks").
 */
import { collapseWhitespace, normalizeTitle, paperIdForTitle } from '../match/normalize';
import type { BundledCorpus, CorpusEntry, CorpusListing, CorpusPaper } from './types';

export class SeedError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'SeedError';
  }
}

const CHROME_LINES = [
  /^get trending papers in your email inbox( once a day)?!?$/i,
  /^subscribe$/i,
  /^new$/i,
  /^by\s*ak and the research community$/i,
  /^daily papers$/i,
  /^trending papers$/i,
];
const MONTHS = 'jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec';
const DATE_RE = new RegExp(`^(?:(${MONTHS})[a-z]*\\.? \\d{1,2}(?:, ?\\d{4})?|\\d{4}-\\d{2}-\\d{2})$`, 'i');

/** Titles on HF listings are short; abstracts are paragraphs. */
const MAX_TITLE = 400;
const MIN_ABSTRACT = 150;

export interface SeedFile {
  name: string;
  bytes: Uint8Array;
}

function isChrome(line: string): boolean {
  return CHROME_LINES.some((re) => re.test(line));
}

function looksLikeAbstract(line: string): boolean {
  if (line.length >= MAX_TITLE) return true;
  if (line.length < MIN_ABSTRACT) return false;
  // Two or more sentences: ". X" occurs inside the line.
  return /[.!?]\s+[A-Z(]/.test(line);
}

/** Code links (GitHub) from an abstract, cleaned of trailing punctuation and LaTeX. */
export function extractCodeUrls(text: string): string[] {
  const out: string[] = [];
  const re = /(?:https?:\/\/)?(?:www\.)?github\.com\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)/g;
  for (const m of text.matchAll(re)) {
    const owner = m[1]!;
    const repo = m[2]!.replace(/\.git$/, '').replace(/[.\-_]+$/, '');
    if (!repo || owner === 'orgs') continue;
    const url = `https://github.com/${owner}/${repo}`;
    if (!out.includes(url)) out.push(url);
  }
  return out;
}

function decodeStrict(file: string, bytes: Uint8Array): string {
  if (bytes.length === 0) throw new SeedError(file, 1, 'the file is empty');
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const line = countLines(bytes, nul);
    throw new SeedError(file, line, 'binary content (a NUL byte): not a text listing');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Find the first invalid byte to name its line.
    let at = 0;
    for (let i = 0; i < bytes.length; i++) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, i + 1));
      } catch {
        // An incomplete multi-byte sequence at the cut is fine; a definite error stays an error.
        if (i + 4 < bytes.length) {
          try {
            new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, i + 4));
            continue;
          } catch {
            /* fallthrough */
          }
        }
        at = i;
        break;
      }
    }
    throw new SeedError(file, countLines(bytes, at), 'not valid UTF-8 text (binary or wrong encoding)');
  }
}

function countLines(bytes: Uint8Array, upto: number): number {
  let n = 1;
  for (let i = 0; i < upto && i < bytes.length; i++) if (bytes[i] === 10) n++;
  return n;
}

/** Parse one seed listing into entries. Throws SeedError naming file and line on malformed input. */
export function parseSeedFile(file: string, bytes: Uint8Array): { entries: CorpusEntry[]; date: string | null } {
  const text = decodeStrict(file, bytes).replace(/^\ufeff/, '');
  if (text.trim() === '') throw new SeedError(file, 1, 'the file is empty (only blank lines)');
  const controls = /[\u0001-\u0008\u000e-\u001f\u007f]/.exec(text);
  if (controls) {
    const line = text.slice(0, controls.index).split('\n').length;
    throw new SeedError(file, line, 'binary content (control characters): not a text listing');
  }
  const rawLines = text.split(/\r?\n/);
  const endsWithNewline = /\n$/.test(text);
  const entries: CorpusEntry[] = [];
  let date: string | null = null;
  let pendingTitle: { text: string; line: number } | null = null;
  let sawContent = false;
  let lastContentLine = 0;

  for (let i = 0; i < rawLines.length; i++) {
    const lineNo = i + 1;
    let line = collapseWhitespace(rawLines[i]!);
    if (!line) continue;
    lastContentLine = lineNo;
    if (!pendingTitle && entries.length === 0 && isChrome(line)) continue;
    if (!pendingTitle && entries.length === 0 && DATE_RE.test(line)) {
      date = line;
      continue;
    }
    if (!pendingTitle && !sawContent && /^subscribe(?=\S)/i.test(line)) {
      // Page chrome glued to the first title: "SubscribeGraph Attention Networks".
      line = line.replace(/^subscribe/i, '');
    }
    sawContent = true;
    if (!pendingTitle) {
      if (looksLikeAbstract(line)) {
        throw new SeedError(file, lineNo, 'an abstract with no title before it');
      }
      if (!normalizeTitle(line).key) throw new SeedError(file, lineNo, 'a title with no letters or digits');
      pendingTitle = { text: line, line: lineNo };
      continue;
    }
    if (!looksLikeAbstract(line)) {
      throw new SeedError(
        file,
        pendingTitle.line,
        `a title with no abstract ("${pendingTitle.text.slice(0, 80)}" is followed by another short line at line ${lineNo})`,
      );
    }
    entries.push({
      title: pendingTitle.text,
      abstract: line,
      position: entries.length + 1,
      line: pendingTitle.line,
    });
    pendingTitle = null;
  }
  if (pendingTitle) {
    throw new SeedError(file, pendingTitle.line, `a title with no abstract at the end of the file ("${pendingTitle.text.slice(0, 80)}")`);
  }
  if (entries.length === 0) throw new SeedError(file, Math.max(1, lastContentLine), 'no papers found: only page chrome');
  const last = entries[entries.length - 1]!;
  if (!endsWithNewline && !/[.!?)"'\]}>]$|https?:\/\/\S+$/.test(last.abstract)) {
    throw new SeedError(file, lastContentLine, 'truncated last line: the file ends mid-sentence without a final newline');
  }
  return { entries, date };
}

export function listingName(file: string): string {
  return file.replace(/\.txt$/i, '');
}

/** Compile seed files into the bundled corpus. Deterministic: output depends only on the files' contents and names. */
export function compileCorpus(files: SeedFile[]): BundledCorpus {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const listings: CorpusListing[] = [];
  const byKey = new Map<string, CorpusPaper>();
  let entryCount = 0;
  for (const f of sorted) {
    const { entries, date } = parseSeedFile(f.name, f.bytes);
    const listing = listingName(f.name);
    listings.push({ id: listing, file: f.name, date, site: 'hf', count: entries.length });
    for (const e of entries) {
      entryCount++;
      const norm = normalizeTitle(e.title);
      let paper = byKey.get(norm.key);
      if (!paper) {
        paper = {
          id: paperIdForTitle(e.title),
          title: e.title,
          abstract: e.abstract,
          key: norm.key,
          codeUrls: extractCodeUrls(e.abstract),
          listings: [],
        };
        byKey.set(norm.key, paper);
      } else if (e.abstract.length > paper.abstract.length) {
        paper.abstract = e.abstract;
        paper.codeUrls = extractCodeUrls(e.abstract);
      }
      paper.listings.push({ listing, position: e.position, date });
    }
  }
  const papers = [...byKey.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ids = new Set<string>();
  for (const p of papers) {
    if (ids.has(p.id)) throw new Error(`paper id collision: ${p.id} (${p.title})`);
    ids.add(p.id);
  }
  return { version: 1, entryCount, listings, papers };
}

/** Corpus statistics, as the Foundation issue states them. */
export function corpusStats(c: BundledCorpus): { entries: number; papers: number; multiListing: number; repeatedEntries: number } {
  const multi = c.papers.filter((p) => new Set(p.listings.map((l) => l.listing)).size > 1);
  return {
    entries: c.entryCount,
    papers: c.papers.length,
    multiListing: multi.length,
    repeatedEntries: multi.reduce((n, p) => n + p.listings.length - 1, 0),
  };
}
