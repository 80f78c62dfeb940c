/**
 * Zotero items (the JSON of Zotero's local API, the Web API v3 shape: `{ key, version, data: { itemType,
 * title, creators, date, DOI, url, extra, archiveID, collections, tags, … } }`) as Paper Lens papers.
 * Notes, attachments and annotations are not papers; an item without a title is skipped and counted.
 */
import { arxivIn } from '../export/readers';
import { normalizeDoi, parseArxivId } from '../match/normalize';

export interface ZoteroPaper {
  key: string;
  version: number;
  title: string;
  arxivId: string | null;
  doi: string | null;
  url: string | null;
  authors: string[];
  year: number | null;
  abstract: string | null;
  /** Keys of the Zotero collections the item is in. */
  collections: string[];
  tags: string[];
}

const NOT_PAPERS = new Set(['note', 'attachment', 'annotation']);
const KEY_RE = /^[A-Z0-9]{8}$/;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, max = 2000): string => (typeof v === 'string' ? v.slice(0, max).replace(/\s+/g, ' ').trim() : '');

function creatorName(c: unknown): string {
  if (!isObj(c)) return '';
  if (typeof c.name === 'string') return text(c.name, 300);
  return text(`${text(c.firstName, 150)} ${text(c.lastName, 150)}`, 300);
}

/** The year of a Zotero date ("2024-01-15", "January 2024", "2024"). */
function yearOf(date: string): number | null {
  const m = /\b(1[5-9]\d\d|20\d\d)\b/.exec(date);
  return m ? Number(m[1]) : null;
}

export type ItemResult = { paper: ZoteroPaper } | { skip: 'not-a-paper' | 'no-title' | 'invalid' };

/** One item of a local API response. */
export function itemToPaper(item: unknown): ItemResult {
  if (!isObj(item) || typeof item.key !== 'string' || !KEY_RE.test(item.key) || !isObj(item.data)) return { skip: 'invalid' };
  const d = item.data;
  const version = typeof item.version === 'number' ? item.version : typeof d.version === 'number' ? d.version : NaN;
  if (!Number.isInteger(version) || version < 0) return { skip: 'invalid' };
  if (typeof d.itemType !== 'string' || NOT_PAPERS.has(d.itemType)) return { skip: 'not-a-paper' };
  // A deleted item (in the trash) is not in the library.
  if (d.deleted === true || d.deleted === 1) return { skip: 'not-a-paper' };
  const title = text(d.title, 1000);
  if (!title) return { skip: 'no-title' };
  const url = text(d.url, 2048) || null;
  const doiField = normalizeDoi(text(d.DOI, 256) || null);
  const extra = typeof d.extra === 'string' ? d.extra.slice(0, 10000) : '';
  const arxivId =
    parseArxivId(/^arxiv:/i.test(text(d.archiveID)) ? text(d.archiveID) : null)?.id ??
    arxivIn(url && /arxiv\.org/i.test(url) ? url : null, ...extra.split('\n').filter((l) => /^\s*arxiv\s*:/i.test(l)), doiField && /^10\.48550\//.test(doiField) ? doiField : null) ??
    null;
  // Zotero keeps a DOI for types without a DOI field in `extra` ("DOI: 10.…").
  const doi = doiField ?? normalizeDoi(/^\s*DOI\s*:\s*(\S+)/im.exec(extra)?.[1] ?? null);
  const creators = Array.isArray(d.creators) ? d.creators.slice(0, 200) : [];
  return {
    paper: {
      key: item.key,
      version,
      title,
      arxivId,
      doi,
      url: url && /^https?:\/\//i.test(url) ? url : null,
      authors: creators.map(creatorName).filter(Boolean),
      year: yearOf(text(d.date, 100)),
      abstract: text(d.abstractNote, 20000) || null,
      collections: Array.isArray(d.collections) ? d.collections.filter((c): c is string => typeof c === 'string' && KEY_RE.test(c)).slice(0, 500) : [],
      tags: Array.isArray(d.tags) ? d.tags.map((t) => (isObj(t) ? text(t.tag, 100) : '')).filter(Boolean).slice(0, 50) : [],
    },
  };
}

/** Collections of a local API response: key → name (the ones that cannot be read are left out). */
export function collectionNames(json: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(json)) return out;
  for (const c of json) {
    if (!isObj(c) || typeof c.key !== 'string' || !KEY_RE.test(c.key)) continue;
    const name = isObj(c.data) ? text(c.data.name, 200) : '';
    if (name) out.set(c.key, name);
  }
  return out;
}

/** A `format=versions` answer: item key → version (entries that are not a key and a version are dropped). */
export function readVersions(json: unknown): Map<string, number> | null {
  if (!isObj(json)) return null;
  const out = new Map<string, number>();
  for (const [k, v] of Object.entries(json)) if (KEY_RE.test(k) && typeof v === 'number' && Number.isInteger(v) && v >= 0) out.set(k, v);
  return out;
}

/** What the connector's saveItems takes for a paper: an arXiv preprint or an article with its DOI. */
export function connectorItem(p: { title: string; authors: string[]; year: number | null; arxivId: string | null; doi: string | null; url: string | null; abstract: string | null }): Record<string, unknown> {
  const creators = p.authors.slice(0, 100).map((a) => {
    const parts = a.trim().split(/\s+/);
    return parts.length > 1 ? { firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1], creatorType: 'author' } : { name: a, creatorType: 'author' };
  });
  const base = {
    id: 'paperlens-1',
    title: p.title,
    creators,
    ...(p.year ? { date: String(p.year) } : {}),
    ...(p.abstract ? { abstractNote: p.abstract } : {}),
    tags: [],
    notes: [],
    attachments: [],
  };
  if (p.arxivId) {
    return {
      ...base,
      itemType: 'preprint',
      repository: 'arXiv',
      archiveID: `arXiv:${p.arxivId}`,
      url: `https://arxiv.org/abs/${p.arxivId}`,
      DOI: p.doi ?? `10.48550/arXiv.${p.arxivId}`,
    };
  }
  return { ...base, itemType: p.doi ? 'journalArticle' : 'webpage', ...(p.doi ? { DOI: p.doi } : {}), ...(p.url ? { url: p.url } : {}) };
}
