/** The Paper Lens JSON backup: a full copy of the library that re-imports to exactly the same state. */
import type { Settings } from '../db/library';
import type { ImportRow, PaperRow, SavedRow, SightingRow } from '../db/schema';
import type { UserTopic } from '../topics/types';
import { ImportError, type ReadIssue } from './errors';

export const BACKUP_FORMAT = 'paper-lens-backup';

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: 1;
  exportedAt: number;
  papers: PaperRow[];
  saved: SavedRow[];
  sightings: SightingRow[];
  imports: ImportRow[];
  userTopics: UserTopic[];
  settings: Partial<Settings> | null;
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const isStrArr = (v: unknown): v is string[] => Array.isArray(v) && v.every(isStr);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const ORIGINS = ['bundled', 'seen', 'saved', 'imported'];

function validPaper(p: Record<string, unknown>): boolean {
  return isStr(p.id) && p.id.length <= 128 && isStr(p.title) && p.title.length > 0 && isStr(p.key) && isStrArr(p.authors) && isStrArr(p.topics) &&
    Array.isArray(p.origins) && p.origins.every((o) => ORIGINS.includes(o as string)) && isStrArr(p.collections) && isNum(p.addedAt) &&
    (p.year === null || isNum(p.year)) && ['arxivId', 'doi', 'url', 'abstract', 'codeUrl'].every((k) => p[k] === null || isStr(p[k]));
}

/** Check a parsed JSON value is a Paper Lens backup; bad records are reported, not imported. */
export function readBackup(json: unknown): { backup: Backup; errors: ReadIssue[] } {
  const o = json as Record<string, unknown>;
  if (!o || typeof o !== 'object' || Array.isArray(o) || o.format !== BACKUP_FORMAT) {
    throw new ImportError('This JSON file is not a Paper Lens backup (expected "format": "paper-lens-backup").');
  }
  if (o.version !== 1) throw new ImportError(`This backup has version ${String(o.version)}; this Paper Lens reads version 1.`);
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
  const backup: Backup = {
    format: BACKUP_FORMAT,
    version: 1,
    exportedAt: isNum(o.exportedAt) ? o.exportedAt : 0,
    papers: take<PaperRow>('papers', validPaper).map((p) => ({ ...p, updatedAt: isNum(p.updatedAt) ? p.updatedAt : p.addedAt })),
    saved: take<SavedRow>('saved', (s) => isStr(s.paperId) && isNum(s.savedAt) && isStr(s.note) && isStrArr(s.tags)),
    sightings: take<SightingRow>('sightings', (s) => isStr(s.id) && isStr(s.paperId) && isStr(s.site) && isStr(s.label) && isStr(s.pageUrl) && isNum(s.seenAt) && isNum(s.lastSeenAt)),
    imports: take<ImportRow>('imports', (s) => isStr(s.id) && isStr(s.name) && isStr(s.format) && isNum(s.count) && isNum(s.importedAt)),
    userTopics: take<UserTopic>('userTopics', (t) => isStr(t.id) && isStr(t.label) && isStr(t.color) && isStrArr(t.phrases) && isStrArr(t.exclude)),
    settings: o.settings && typeof o.settings === 'object' ? (o.settings as Partial<Settings>) : null,
  };
  return { backup, errors };
}
