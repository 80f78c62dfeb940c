/**
 * The Paper Lens JSON backup: a full copy of the library that re-imports to exactly the same state.
 *
 * Version 2 (this release) stores each sighting with its visit (page, label, when the visit began), so
 * every record stands on its own and a backup restores in slices. Version 1 backups (one sighting per
 * paper per page, first and last time) are read as the v2 → v3 database upgrade reads them: a sighting
 * at its first time and, when seen again later, a second at the last.
 */
import type { Origin, Settings, Site } from '../types';
import type { UserTopic } from '../topics/types';
import { ImportError, type ReadIssue } from './errors';
import { SITE_IDS, siteOfRecorded } from '../sites/specs';

export const BACKUP_FORMAT = 'paper-lens-backup';
export const BACKUP_VERSION = 2;

export interface BackupPaper {
  id: string;
  title: string;
  key: string;
  arxivId: string | null;
  doi: string | null;
  url: string | null;
  abstract: string | null;
  authors: string[];
  year: number | null;
  codeUrl: string | null;
  topics: string[];
  origins: Origin[];
  collections: string[];
  addedAt: number;
  updatedAt: number;
}

export interface BackupSaved {
  paperId: string;
  savedAt: number;
  note: string;
  tags: string[];
}

export interface BackupSighting {
  paperId: string;
  site: Site;
  label: string;
  pageUrl: string;
  date: string | null;
  /** When the visit the paper was seen on began. */
  visitStart: number;
  /** When the paper was first shown on that visit. */
  at: number;
}

export interface BackupImport {
  id: string;
  name: string;
  format: string;
  count: number;
  importedAt: number;
}

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exportedAt: number;
  papers: BackupPaper[];
  saved: BackupSaved[];
  sightings: BackupSighting[];
  imports: BackupImport[];
  userTopics: UserTopic[];
  settings: Partial<Settings> | null;
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const isStrArr = (v: unknown): v is string[] => Array.isArray(v) && v.every(isStr);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const ORIGINS = ['bundled', 'seen', 'saved', 'imported', 'zotero'];
const SITES: string[] = [...SITE_IDS, 'generic'];

function validPaper(p: Record<string, unknown>): boolean {
  return isStr(p.id) && p.id.length <= 128 && isStr(p.title) && p.title.length > 0 && isStr(p.key) && isStrArr(p.authors) && isStrArr(p.topics) &&
    Array.isArray(p.origins) && p.origins.every((o) => ORIGINS.includes(o as string)) && isStrArr(p.collections) && isNum(p.addedAt) &&
    (p.year === null || isNum(p.year)) && ['arxivId', 'doi', 'url', 'abstract', 'codeUrl'].every((k) => p[k] === null || p[k] === undefined || isStr(p[k]));
}

const visitPart = (s: Record<string, unknown>) => isStr(s.paperId) && isStr(s.site) && SITES.includes(s.site) && isStr(s.label) && isStr(s.pageUrl) && (s.date == null || isStr(s.date));

/** Check a parsed JSON value is a Paper Lens backup (v1 or v2); bad records are reported, not imported. */
export function readBackup(json: unknown): { backup: Backup; errors: ReadIssue[] } {
  const o = json as Record<string, unknown>;
  if (!o || typeof o !== 'object' || Array.isArray(o) || o.format !== BACKUP_FORMAT) {
    throw new ImportError('This JSON file is not a Paper Lens backup (expected "format": "paper-lens-backup").');
  }
  if (o.version !== 1 && o.version !== 2) throw new ImportError(`This backup has version ${String(o.version)}; this Paper Lens reads versions 1 and 2.`);
  const errors: ReadIssue[] = [];
  const take = <T>(key: string, ok: (r: Record<string, unknown>) => boolean): T[] => {
    const arr = o[key];
    if (arr === undefined) return [];
    if (!Array.isArray(arr)) {
      errors.push({ line: 0, reason: `"${key}" is not a list` });
      return [];
    }
    return arr.filter((r, i) => {
      const good = !!r && typeof r === 'object' && ok(r as Record<string, unknown>);
      if (!good) errors.push({ line: i + 1, reason: `${key}[${i}] is not a valid record` });
      return good;
    }) as T[];
  };
  let sightings: BackupSighting[];
  if (o.version === 1) {
    type V1 = { paperId: string; site: Site; label: string; pageUrl: string; date?: string | null; seenAt: number; lastSeenAt: number };
    sightings = take<V1>('sightings', (s) => visitPart(s) && isNum(s.seenAt) && isNum(s.lastSeenAt)).flatMap((s) => {
      const base = { paperId: s.paperId, site: siteOfRecorded(s.site, s.pageUrl), label: s.label, pageUrl: s.pageUrl, date: s.date ?? null };
      const first = { ...base, visitStart: s.seenAt, at: s.seenAt };
      return s.lastSeenAt > s.seenAt ? [first, { ...base, visitStart: s.lastSeenAt, at: s.lastSeenAt }] : [first];
    });
  } else {
    sightings = take<BackupSighting>('sightings', (s) => visitPart(s) && isNum(s.visitStart) && isNum(s.at)).map((s) => ({
      // A backup written before a site had its own id says 'generic' for its pages.
      paperId: s.paperId, site: siteOfRecorded(s.site, s.pageUrl), label: s.label, pageUrl: s.pageUrl, date: s.date ?? null, visitStart: s.visitStart, at: s.at,
    }));
  }
  const backup: Backup = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: isNum(o.exportedAt) ? o.exportedAt : 0,
    papers: take<BackupPaper>('papers', validPaper).map((p) => ({
      id: p.id, title: p.title, key: p.key, arxivId: p.arxivId ?? null, doi: p.doi ?? null, url: p.url ?? null, abstract: p.abstract ?? null,
      authors: p.authors, year: p.year ?? null, codeUrl: p.codeUrl ?? null, topics: p.topics, origins: p.origins, collections: p.collections,
      addedAt: p.addedAt, updatedAt: isNum(p.updatedAt) ? p.updatedAt : p.addedAt,
    })),
    saved: take<BackupSaved>('saved', (s) => isStr(s.paperId) && isNum(s.savedAt) && isStr(s.note) && isStrArr(s.tags)).map((s) => ({ paperId: s.paperId, savedAt: s.savedAt, note: s.note, tags: s.tags })),
    sightings,
    imports: take<BackupImport>('imports', (s) => isStr(s.id) && isStr(s.name) && isStr(s.format) && isNum(s.count) && isNum(s.importedAt)).map((i) => ({ id: i.id, name: i.name, format: i.format, count: i.count, importedAt: i.importedAt })),
    userTopics: take<UserTopic>('userTopics', (t) => isStr(t.id) && isStr(t.label) && isStr(t.color) && isStrArr(t.phrases) && isStrArr(t.exclude)),
    settings: o.settings && typeof o.settings === 'object' ? (o.settings as Partial<Settings>) : null,
  };
  return { backup, errors };
}
