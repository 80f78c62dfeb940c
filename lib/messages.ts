/**
 * The one typed protocol between content scripts, popup, options and the background.
 * Every request is validated by `validateRequest` in the background before it is handled;
 * a bad request gets `{ ok: false, error }` and never causes a write.
 */

import { HISTORY_YEARS_CHOICES, type Origin, type PageFilter, type PaperRecord, type SavedInfo, type Settings, type Sighting, type Site, type TopicTag } from './types';
import { SITE_IDS } from './sites/specs';

export const PROTOCOL = 'paper-lens/1';

/** Limits applied by the validator. */
export const LIMITS = {
  maxEntriesPerAnnotate: 2000,
  maxTitle: 1000,
  maxAbstract: 20000,
  maxUrl: 2048,
  maxNote: 10000,
  maxQuery: 500,
  maxTags: 50,
  maxTagLength: 100,
  maxMessageBytes: 48 * 1024 * 1024,
} as const;
// The restore and import messages carry at most 5,000 records; abstracts make that up to ~40 MB.

/** A paper entry found on a listing, as the content script sends it (no DOM). */
export interface EntryInfo {
  title: string;
  arxivId: string | null;
  arxivVersion?: string | null;
  doi?: string | null;
  url: string | null;
  abstract?: string | null;
  /**
   * The entry has an abstract of this length that was not sent (a large batch goes without its abstracts:
   * see leanEntries in lib/wire.ts); the answer marks the entries whose abstract the background wants (abstractWanted).
   */
  abstractLen?: number;
  authors?: string[];
  year?: number | null;
}

export interface PageInfo {
  url: string;
  site: Site;
  /** Human label of the listing ("arXiv cs.LG", "HF Papers"). */
  label: string;
  /** The listing's date when the page shows one (ISO yyyy-mm-dd or as printed). */
  date?: string | null;
  /**
   * A token of this page load (random, made by the content script): the annotations of one page load
   * belong to one visit, whatever time passes between them (lib/types.ts VISIT_WINDOW_MS).
   */
  load?: string | null;
}

export type MatchKind = 'id' | 'doi' | 'exact' | 'fuzzy';

export interface CorpusPlace {
  listing: string;
  position: number;
  date: string | null;
}

export interface Annotation {
  /** The entry's own paper (known, or newly recorded as seen), else null. */
  paperId: string | null;
  /** How the entry was recognised (a fuzzy match only names a look-alike: see lookAlike). */
  match: { kind: MatchKind; score: number; reason: string } | null;
  /**
   * A different paper this entry looks like (a fuzzy title match): shown for information only; the
   * entry's star and filters act on the entry's own paper.
   */
  lookAlike: { paperId: string; title: string; score: number; reason: string; saved: boolean; inCorpus: boolean } | null;
  saved: SavedInfo | null;
  /** Sightings on earlier visits (this visit excluded), newest first: the most recent 8. */
  seenBefore: Sighting[];
  /** How many earlier visits showed this paper in all. */
  seenCount: number;
  /** Bundled-corpus listings this paper appeared on. */
  corpus: CorpusPlace[];
  /** In an imported collection ("in your library"). */
  libraries: string[];
  /** In the user's Zotero library (read from Zotero desktop): its Zotero collections. */
  zotero?: { collections: string[] } | null;
  /** 0-based indexes of other entries of this request that are the same paper. */
  repeats: number[];
  topics: TopicTag[];
  /** Its topics are not classified yet (`topics` is empty): they come in a 'details' request. */
  topicsPending?: true;
  /** Whether it looks like another paper depends on its abstract (not sent): the 'details' answer says. */
  lookAlikePending?: true;
  /**
   * Send it with its abstract in a 'details' request: something above is pending, or it is a new paper
   * (or one stored with a shorter abstract) whose abstract was not sent and is kept with it.
   */
  abstractWanted?: true;
}

/** An entry an annotate answer left something for (abstractWanted), sent with its abstract. */
export interface DetailsEntry extends EntryInfo {
  /** The entry's paper, as annotate named it (its abstract is kept with the page's history). */
  paperId: string | null;
  /** Classify its topics (the annotation was topicsPending). */
  topics: boolean;
  /** Look for a look-alike with its abstract (the annotation was lookAlikePending). */
  lookAlike: boolean;
}

export interface Stats {
  corpusPapers: number;
  corpusEntries: number;
  corpusListings: number;
  /** Papers stored locally (seen, saved or imported). */
  localPapers: number;
  saved: number;
  /** "In your library": papers saved or in an imported collection. */
  library: number;
  sightings: number;
  visits: number;
  imports: number;
  historyEnabled: boolean;
  historyYears: number | null;
  /** Bytes the browser reports for Paper Lens's storage (IndexedDB included), null when unknown. */
  storageBytes: number | null;
}

export interface SearchHit {
  id: string;
  title: string;
  year: number | null;
  url: string | null;
  codeUrl: string | null;
  topics: TopicTag[];
  saved: SavedInfo | null;
  sources: Origin[];
  seen: Sighting[];
  score: number;
}

export interface SearchFilters {
  savedOnly?: boolean;
  topic?: string | null;
  source?: 'bundled' | 'seen' | 'imported' | 'saved' | 'zotero' | null;
  yearFrom?: number | null;
  yearTo?: number | null;
}

export type SettingsView = Settings;

export interface UserTopicInfo {
  id: string;
  label: string;
  color: string;
  phrases: string[];
  exclude: string[];
}

/** A slice of a JSON backup, restored in one transaction (records already checked by lib/export/backup). */
export interface RestorePart {
  papers?: unknown[];
  saved?: unknown[];
  sightings?: unknown[];
  visits?: unknown[];
  imports?: unknown[];
  userTopics?: UserTopicInfo[];
  settings?: SettingsPatch | null;
}

export type SettingsPatch = Partial<Omit<Settings, 'sites'>> & { sites?: Partial<Settings['sites']> };

/* ---------------------------------------------------------------- requests */

export type Request =
  | { type: 'ping' }
  | { type: 'stats' }
  | { type: 'annotate'; page: PageInfo; entries: EntryInfo[] }
  /** "For you": how much each entry looks like the user's library (titles, and abstracts when the page shows them). */
  | { type: 'forYou'; entries: ForYouEntry[] }
  /**
   * What annotate answers left for later, once the page's rows are drawn: topics (topicsPending), look-alikes
   * that depend on an abstract (lookAlikePending), and the abstracts of new papers (kept with the history).
   */
  | { type: 'details'; page: PageInfo; entries: DetailsEntry[] }
  /** The page's badges are on screen: the history of what it showed can be written now (see lib/service.ts). */
  | { type: 'shown'; pageUrl: string }
  | { type: 'save'; entry: EntryInfo; paperId?: string | null; page?: PageInfo | null }
  | { type: 'unsave'; paperId: string }
  | { type: 'setNote'; paperId: string; note: string; tags?: string[] }
  | { type: 'getPaper'; paperId: string }
  /** `sort`: 'forYou' orders the best matches by how much they look like the user's library. */
  | { type: 'search'; query: string; filters?: SearchFilters; limit?: number; offset?: number; sort?: 'relevance' | 'forYou' }
  | { type: 'listSaved'; limit?: number; offset?: number }
  | { type: 'setHistory'; enabled: boolean }
  | { type: 'getSettings' }
  /**
   * `saves` (one per entry, or null): save the entry's paper too, with its tags and note (a Paper Lens
   * export read back). A paper saved already keeps its note and gets the tags added.
   */
  | { type: 'importBatch'; collection: { id: string; name: string; format: string }; entries: EntryInfo[]; dryRun?: boolean; saves?: Array<ImportSave | null> }
  /** Finish an import (keep it as its collection, merge it into `target`, or let it replace `target`). */
  | { type: 'importFinish'; id: string; mode: 'keep' | 'merge' | 'replace'; target?: string | null }
  /** Undo an import in progress: the library as it was before it. */
  | { type: 'importCancel'; id: string }
  | { type: 'listCollections' }
  | { type: 'removeCollection'; id: string }
  | { type: 'exportSaved'; format: 'bibtex' | 'ris' | 'csv'; topic?: string | null; tag?: string | null }
  | { type: 'exportBackup'; includeSightings: boolean }
  | { type: 'restoreBackup'; part: RestorePart }
  | { type: 'setUserTopics'; topics: UserTopicInfo[] }
  | { type: 'wipe'; confirm: 'DELETE' }
  | { type: 'updateSettings'; patch: SettingsPatch }
  | { type: 'clearHistory' }
  /** Zotero: where the sync stands; sync now. */
  | { type: 'zoteroStatus' }
  | { type: 'zoteroSync' };

export type RequestType = Request['type'];

/** The Zotero option's status line. */
export interface ZoteroStatus {
  enabled: boolean;
  state: 'off' | 'syncing' | 'connected' | 'not-running' | 'disabled' | 'error';
  message: string;
  /** Zotero items in Paper Lens. */
  items: number;
  lastSync: number | null;
  /** Items without a title (not papers) at the last sync. */
  noTitle: number;
}

/** An imported entry to save: when it was saved (null: now), its tags and its note. */
export interface ImportSave {
  savedAt: number | null;
  tags: string[];
  note: string;
}

/** A listing entry to rank: its text, and its paper when annotate named one (a saved paper is never marked). */
export interface ForYouEntry {
  title: string;
  abstract: string | null;
  paperId: string | null;
}

export interface ForYouMark {
  /** Index of the entry in the request. */
  i: number;
  score: number;
  /** The saved paper it is nearest to, when one shares its strongest words. */
  nearest: { paperId: string; title: string } | null;
}

export interface Responses {
  /**
   * `marks`: the entries that look most like the library (none when it has fewer than a few papers: see
   * `hint`); `tags`: the user's tags (on at least 5 saved papers) suggested for entries that look like them.
   */
  forYou: { librarySize: number; marks: ForYouMark[]; tags: Array<{ i: number; tags: string[] }>; hint: string | null };
  ping: { pong: true; protocol: string; version: string; corpusSize: number };
  stats: Stats;
  annotate: { annotations: Annotation[] };
  /** Per entry, in order: its topics (null: not asked) and its look-alike (undefined: not asked). */
  details: { topics: Array<TopicTag[] | null>; lookAlikes: Array<Annotation['lookAlike'] | undefined> };
  shown: { recorded: number };
  /** `zotero`: the paper was also created in Zotero, or why not (the Paper Lens save stands either way). */
  save: { paperId: string; savedAt: number; zotero?: { added: boolean; error?: string } };
  unsave: { paperId: string; removed: boolean };
  setNote: { paperId: string };
  /** `sightings`: the most recent (up to 16), newest first; `seenCount`: visits the paper was seen on in all. */
  getPaper: { paper: PaperRecord | null; saved: SavedInfo | null; sightings: Sighting[]; seenCount: number; corpus: CorpusPlace[] };
  search: { hits: SearchHit[]; total: number; tookMs: number };
  listSaved: { hits: SearchHit[]; total: number };
  setHistory: { enabled: boolean };
  getSettings: { settings: SettingsView; userTopics: UserTopicInfo[]; topics: Array<{ id: string; label: string; description: string; color: string }> };
  importBatch: { added: number; matched: number; ids: string[] };
  importFinish: { id: string };
  importCancel: { restored: number };
  listCollections: { collections: Array<{ id: string; name: string; format: string; count: number; importedAt: number; pending?: boolean }> };
  removeCollection: { removed: number };
  exportSaved: { filename: string; mime: string; text: string; count: number };
  exportBackup: { filename: string; json: string; counts: Record<string, number> };
  restoreBackup: { restored: number };
  setUserTopics: { topics: UserTopicInfo[] };
  wipe: { ok: true };
  updateSettings: { settings: SettingsView };
  clearHistory: { removed: number };
  zoteroStatus: ZoteroStatus;
  zoteroSync: ZoteroStatus;
}

export type Reply<T extends RequestType> = { ok: true; data: Responses[T] } | { ok: false; error: string };

/** Broadcast from the background to every tab and extension page. */
export type Broadcast =
  | { type: 'changed'; what: 'saved'; paperId: string; saved: SavedInfo | null }
  | { type: 'changed'; what: 'library' | 'history' | 'topics' | 'settings' | 'zotero' }
  | { type: 'storageError'; message: string };

export interface Envelope {
  protocol: typeof PROTOCOL;
  request: Request;
}

/* -------------------------------------------------------------- validation */

export class ValidationError extends Error {
  override name = 'ValidationError';
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function fail(msg: string): never {
  throw new ValidationError(msg);
}
function str(o: Obj, k: string, max: number, opts: { optional?: boolean; nullable?: boolean; nonEmpty?: boolean } = {}): string | null | undefined {
  const v = o[k];
  if (v === undefined) {
    if (opts.optional) return undefined;
    fail(`${k} is required`);
  }
  if (v === null) {
    if (opts.nullable || opts.optional) return null;
    fail(`${k} must be a string`);
  }
  if (typeof v !== 'string') fail(`${k} must be a string`);
  if (v.length > max) fail(`${k} is too long (${v.length} > ${max})`);
  if (opts.nonEmpty && !v.trim()) fail(`${k} must not be empty`);
  return v;
}
function onlyKeys(o: Obj, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(`${where}: unexpected field "${k}"`);
}
function int(o: Obj, k: string, min: number, max: number, optional = true): number | undefined {
  const v = o[k];
  if (v === undefined || v === null) {
    if (optional) return undefined;
    fail(`${k} is required`);
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(`${k} must be an integer in ${min}..${max}`);
  return v;
}
function bool(o: Obj, k: string, optional = true): boolean | undefined {
  const v = o[k];
  if (v === undefined) {
    if (optional) return undefined;
    fail(`${k} is required`);
  }
  if (typeof v !== 'boolean') fail(`${k} must be true or false`);
  return v;
}
function strArray(o: Obj, k: string, maxItems: number, maxLen: number): string[] | undefined {
  const v = o[k];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) fail(`${k} must be a list`);
  if (v.length > maxItems) fail(`${k} has too many items (${v.length} > ${maxItems})`);
  for (const s of v) if (typeof s !== 'string' || s.length > maxLen) fail(`${k} must hold strings of at most ${maxLen} characters`);
  return v as string[];
}
const PAPER_ID_RE = /^[a-z0-9][a-z0-9:._/-]{0,120}$/i;
function paperId(o: Obj, k: string): string {
  const v = str(o, k, 128, { nonEmpty: true })!;
  if (!PAPER_ID_RE.test(v)) fail(`${k} is not a paper id`);
  return v;
}
const SITES: Site[] = [...SITE_IDS, 'generic'];

function validUrl(v: string | null | undefined, k: string): string | null {
  if (v == null || v === '') return null;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    fail(`${k} is not a URL`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') fail(`${k} must be an http(s) URL`);
  return u.href;
}

export function validateEntry(v: unknown, where = 'entry'): EntryInfo {
  if (!isObj(v)) fail(`${where} must be an object`);
  onlyKeys(v, ['title', 'arxivId', 'arxivVersion', 'doi', 'url', 'abstract', 'abstractLen', 'authors', 'year'], where);
  const title = str(v, 'title', LIMITS.maxTitle, { nonEmpty: true })!;
  const arxivId = str(v, 'arxivId', 64, { optional: true, nullable: true }) ?? null;
  if (arxivId !== null && !/^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?\/\d{7})$/.test(arxivId)) fail(`${where}.arxivId is not an arXiv id`);
  const arxivVersion = str(v, 'arxivVersion', 8, { optional: true, nullable: true }) ?? null;
  if (arxivVersion !== null && !/^v\d{1,3}$/.test(arxivVersion)) fail(`${where}.arxivVersion is not a version`);
  const doi = str(v, 'doi', 256, { optional: true, nullable: true }) ?? null;
  const url = validUrl(str(v, 'url', LIMITS.maxUrl, { optional: true, nullable: true }), `${where}.url`);
  const abstract = str(v, 'abstract', LIMITS.maxAbstract, { optional: true, nullable: true }) ?? null;
  const abstractLen = int(v, 'abstractLen', 1, LIMITS.maxAbstract);
  if (abstractLen !== undefined && abstract !== null) fail(`${where} has both an abstract and abstractLen`);
  const authors = strArray(v, 'authors', 200, 300);
  const year = int(v, 'year', 1000, 3000) ?? null;
  return { title, arxivId, arxivVersion, doi, url, abstract, ...(abstractLen !== undefined ? { abstractLen } : {}), ...(authors ? { authors } : {}), year };
}

/** A request's `entries`: a list of at most LIMITS.maxEntriesPerAnnotate, each checked by `each`. */
function entryList<T>(v: unknown, each: (e: unknown, where: string) => T): T[] {
  if (!Array.isArray(v)) fail('entries must be a list');
  if (v.length > LIMITS.maxEntriesPerAnnotate) fail(`too many entries (${v.length} > ${LIMITS.maxEntriesPerAnnotate})`);
  return v.map((e, i) => each(e, `entries[${i}]`));
}

/** An entry of a title and an optional abstract (and the fields `more` names, checked by the caller). */
function textEntry(e: unknown, where: string, more: string[]): { title: string; abstract: string | null; fields: Obj } {
  if (!isObj(e)) fail(`${where} must be an object`);
  onlyKeys(e, ['title', 'abstract', ...more], where);
  return { title: str(e, 'title', LIMITS.maxTitle, { nonEmpty: true })!, abstract: str(e, 'abstract', LIMITS.maxAbstract, { optional: true }) ?? null, fields: e };
}

function validateSaves(v: unknown, count: number): Array<ImportSave | null> {
  if (!Array.isArray(v) || v.length !== count) fail('saves must be a list with one item (or null) per entry');
  return v.map((s, i) => {
    if (s === null) return null;
    if (!isObj(s)) fail(`saves[${i}] must be an object or null`);
    onlyKeys(s, ['savedAt', 'tags', 'note'], `saves[${i}]`);
    const savedAt = s.savedAt === null ? null : int(s, 'savedAt', 0, 8.64e15);
    if (savedAt === undefined) fail(`saves[${i}].savedAt must be a time or null`);
    const tags = strArray(s, 'tags', LIMITS.maxTags, LIMITS.maxTagLength) ?? [];
    return { savedAt, tags: [...new Set(tags.map((t) => t.trim()).filter(Boolean))], note: str(s, 'note', LIMITS.maxNote, { optional: true }) ?? '' };
  });
}

export function validatePage(v: unknown): PageInfo {
  if (!isObj(v)) fail('page must be an object');
  onlyKeys(v, ['url', 'site', 'label', 'date', 'load'], 'page');
  const url = validUrl(str(v, 'url', LIMITS.maxUrl, { nonEmpty: true }), 'page.url')!;
  const site = v.site;
  if (typeof site !== 'string' || !SITES.includes(site as Site)) fail('page.site is not a known site');
  const label = str(v, 'label', 200)!;
  const date = str(v, 'date', 40, { optional: true, nullable: true }) ?? null;
  const load = str(v, 'load', 40, { optional: true, nullable: true }) ?? null;
  if (load !== null && !/^[a-z0-9]{8,40}$/i.test(load)) fail('page.load is not a page-load token');
  return { url, site: site as Site, label, date, ...(load ? { load } : {}) };
}

function validateFilters(v: unknown): SearchFilters {
  if (v === undefined || v === null) return {};
  if (!isObj(v)) fail('filters must be an object');
  onlyKeys(v, ['savedOnly', 'topic', 'source', 'yearFrom', 'yearTo'], 'filters');
  const source = v.source;
  if (source != null && !['bundled', 'seen', 'imported', 'saved', 'zotero'].includes(source as string)) fail('filters.source is not a source');
  return {
    savedOnly: bool(v, 'savedOnly'),
    topic: str(v, 'topic', 64, { optional: true, nullable: true }) ?? null,
    source: (source as SearchFilters['source']) ?? null,
    yearFrom: int(v, 'yearFrom', 1000, 3000) ?? null,
    yearTo: int(v, 'yearTo', 1000, 3000) ?? null,
  };
}

function validateUserTopics(v: unknown): UserTopicInfo[] {
  if (!Array.isArray(v)) fail('topics must be a list');
  if (v.length > 100) fail('at most 100 user topics');
  return v.map((t, i) => {
    if (!isObj(t)) fail(`topics[${i}] must be an object`);
    onlyKeys(t, ['id', 'label', 'color', 'phrases', 'exclude'], `topics[${i}]`);
    const id = str(t, 'id', 64, { nonEmpty: true })!;
    if (!/^u-[a-z0-9-]{1,60}$/.test(id)) fail(`topics[${i}].id must look like "u-name"`);
    const color = str(t, 'color', 7, { nonEmpty: true })!;
    if (!/^#[0-9a-f]{6}$/i.test(color)) fail(`topics[${i}].color must be #rrggbb`);
    const phrases = strArray(t, 'phrases', 50, 200) ?? [];
    if (phrases.filter((p) => p.trim()).length === 0) fail(`topics[${i}] needs at least one phrase`);
    return { id, label: str(t, 'label', 60, { nonEmpty: true })!, color, phrases, exclude: strArray(t, 'exclude', 50, 200) ?? [] };
  });
}

const FILTERS: PageFilter[] = ['all', 'dim-seen', 'hide-seen', 'saved-only', 'for-you'];

function validateSettingsPatch(v: unknown): SettingsPatch {
  if (!isObj(v)) fail('patch must be an object');
  onlyKeys(v, ['historyEnabled', 'historyYears', 'sites', 'genericHosts', 'pageFilter', 'hiddenTopics', 'summaryCollapsed', 'zoteroEnabled', 'zoteroSaveToo'], 'patch');
  const out: SettingsPatch = {};
  const h = bool(v, 'historyEnabled');
  if (h !== undefined) out.historyEnabled = h;
  const c = bool(v, 'summaryCollapsed');
  if (c !== undefined) out.summaryCollapsed = c;
  for (const k of ['zoteroEnabled', 'zoteroSaveToo'] as const) {
    const b = bool(v, k);
    if (b !== undefined) out[k] = b;
  }
  if (v.historyYears !== undefined) {
    if (v.historyYears !== null && !(HISTORY_YEARS_CHOICES as readonly unknown[]).includes(v.historyYears)) fail(`patch.historyYears must be null (keep everything) or one of ${HISTORY_YEARS_CHOICES.join(', ')}`);
    out.historyYears = v.historyYears as number | null;
  }
  if (v.sites !== undefined) {
    if (!isObj(v.sites)) fail('patch.sites must be an object');
    onlyKeys(v.sites, SITE_IDS, 'patch.sites');
    const sites: SettingsPatch['sites'] = {};
    for (const k of SITE_IDS) {
      const b = bool(v.sites, k);
      if (b !== undefined) sites[k] = b;
    }
    out.sites = sites;
  }
  const hosts = strArray(v, 'genericHosts', 500, 253);
  if (hosts) {
    for (const host of hosts) if (!/^[a-z0-9.-]+$/i.test(host)) fail('patch.genericHosts must hold host names');
    out.genericHosts = hosts.map((x) => x.toLowerCase());
  }
  if (v.pageFilter !== undefined) {
    if (!isObj(v.pageFilter)) fail('patch.pageFilter must be an object');
    const pf: Record<string, PageFilter> = {};
    for (const [k, val] of Object.entries(v.pageFilter)) {
      if (!/^[a-z]{2,10}$/.test(k) || !FILTERS.includes(val as PageFilter)) fail('patch.pageFilter is not valid');
      pf[k] = val as PageFilter;
    }
    out.pageFilter = pf;
  }
  const hidden = strArray(v, 'hiddenTopics', 100, 64);
  if (hidden) out.hiddenTopics = hidden;
  return out;
}

/** Validate an untrusted message. Returns a clean Request (unknown fields rejected) or throws ValidationError. */
export function validateRequest(raw: unknown): Request {
  if (!isObj(raw)) fail('message must be an object');
  if (raw.protocol !== PROTOCOL) fail('unknown protocol');
  const r = raw.request;
  if (!isObj(r)) fail('request must be an object');
  const type = r.type;
  switch (type) {
    case 'ping':
    case 'stats':
    case 'clearHistory':
    case 'zoteroStatus':
    case 'zoteroSync':
      onlyKeys(r, ['type'], type);
      return { type };
    case 'annotate': {
      onlyKeys(r, ['type', 'page', 'entries'], type);
      const page = validatePage(r.page);
      return { type, page, entries: entryList(r.entries, validateEntry) };
    }
    case 'details':
      onlyKeys(r, ['type', 'page', 'entries'], type);
      return {
        type,
        page: validatePage(r.page),
        entries: entryList(r.entries, (e, where): DetailsEntry => {
          if (!isObj(e)) fail(`${where} must be an object`);
          const { paperId: p, topics, lookAlike, ...entry } = e;
          const f = { paperId: p, topics, lookAlike };
          return { ...validateEntry(entry, where), paperId: p == null ? null : paperId(f, 'paperId'), topics: bool(f, 'topics', false)!, lookAlike: bool(f, 'lookAlike', false)! };
        }),
      };
    case 'forYou':
      onlyKeys(r, ['type', 'entries'], type);
      return {
        type,
        entries: entryList(r.entries, (e, where): ForYouEntry => {
          const { title, abstract, fields } = textEntry(e, where, ['paperId']);
          return { title, abstract, paperId: fields.paperId == null ? null : paperId(fields, 'paperId') };
        }),
      };
    case 'shown':
      onlyKeys(r, ['type', 'pageUrl'], type);
      return { type, pageUrl: validUrl(str(r, 'pageUrl', LIMITS.maxUrl, { nonEmpty: true }), 'pageUrl')! };
    case 'save': {
      onlyKeys(r, ['type', 'entry', 'paperId', 'page'], type);
      const entry = validateEntry(r.entry);
      const pid = r.paperId == null ? null : paperId(r, 'paperId');
      const page = r.page == null ? null : validatePage(r.page);
      return { type, entry, paperId: pid, page };
    }
    case 'unsave':
    case 'getPaper':
      onlyKeys(r, ['type', 'paperId'], type);
      return { type, paperId: paperId(r, 'paperId') };
    case 'setNote': {
      onlyKeys(r, ['type', 'paperId', 'note', 'tags'], type);
      const tags = strArray(r, 'tags', LIMITS.maxTags, LIMITS.maxTagLength);
      return { type, paperId: paperId(r, 'paperId'), note: str(r, 'note', LIMITS.maxNote)!, ...(tags ? { tags } : {}) };
    }
    case 'search': {
      onlyKeys(r, ['type', 'query', 'filters', 'limit', 'offset', 'sort'], type);
      if (r.sort !== undefined && r.sort !== 'relevance' && r.sort !== 'forYou') fail("sort must be 'relevance' or 'forYou'");
      return {
        type,
        query: str(r, 'query', LIMITS.maxQuery)!,
        filters: validateFilters(r.filters),
        limit: int(r, 'limit', 1, 500) ?? 50,
        offset: int(r, 'offset', 0, 1_000_000) ?? 0,
        ...(r.sort ? { sort: r.sort as 'relevance' | 'forYou' } : {}),
      };
    }
    case 'listSaved':
      onlyKeys(r, ['type', 'limit', 'offset'], type);
      return { type, limit: int(r, 'limit', 1, 500) ?? 50, offset: int(r, 'offset', 0, 1_000_000) ?? 0 };
    case 'setHistory':
      onlyKeys(r, ['type', 'enabled'], type);
      return { type, enabled: bool(r, 'enabled', false)! };
    case 'getSettings':
    case 'listCollections':
      onlyKeys(r, ['type'], type);
      return { type };
    case 'importBatch': {
      onlyKeys(r, ['type', 'collection', 'entries', 'dryRun', 'saves'], type);
      const c = r.collection;
      if (!isObj(c)) fail('collection must be an object');
      onlyKeys(c, ['id', 'name', 'format'], 'collection');
      const id = str(c, 'id', 64, { nonEmpty: true })!;
      if (!/^[a-z0-9-]{1,64}$/i.test(id)) fail('collection.id is not an id');
      if (!Array.isArray(r.entries)) fail('entries must be a list');
      const dryRun = bool(r, 'dryRun') ?? false;
      // A dry run only counts (entries carry title and ids), so it takes bigger batches.
      const max = dryRun ? 5000 : 1000;
      if (r.entries.length > max) fail(`too many entries in one batch (${r.entries.length} > ${max})`);
      return {
        type,
        collection: { id, name: str(c, 'name', 200, { nonEmpty: true })!, format: str(c, 'format', 20, { nonEmpty: true })! },
        entries: r.entries.map((e, i) => validateEntry(e, `entries[${i}]`)),
        dryRun,
        ...(r.saves !== undefined ? { saves: validateSaves(r.saves, r.entries.length) } : {}),
      };
    }
    case 'removeCollection':
    case 'importCancel':
      onlyKeys(r, ['type', 'id'], type);
      return { type, id: str(r, 'id', 64, { nonEmpty: true })! };
    case 'importFinish': {
      onlyKeys(r, ['type', 'id', 'mode', 'target'], type);
      if (!['keep', 'merge', 'replace'].includes(r.mode as string)) fail('mode must be keep, merge or replace');
      return { type, id: str(r, 'id', 64, { nonEmpty: true })!, mode: r.mode as 'keep', target: str(r, 'target', 64, { optional: true, nullable: true }) ?? null };
    }
    case 'exportSaved': {
      onlyKeys(r, ['type', 'format', 'topic', 'tag'], type);
      if (!['bibtex', 'ris', 'csv'].includes(r.format as string)) fail('format must be bibtex, ris or csv');
      return { type, format: r.format as 'bibtex', topic: str(r, 'topic', 64, { optional: true, nullable: true }) ?? null, tag: str(r, 'tag', LIMITS.maxTagLength, { optional: true, nullable: true }) ?? null };
    }
    case 'exportBackup':
      onlyKeys(r, ['type', 'includeSightings'], type);
      return { type, includeSightings: bool(r, 'includeSightings') ?? false };
    case 'restoreBackup': {
      onlyKeys(r, ['type', 'part'], type);
      const part = r.part;
      if (!isObj(part)) fail('part must be an object');
      onlyKeys(part, ['papers', 'saved', 'sightings', 'visits', 'imports', 'userTopics', 'settings'], 'part');
      let n = 0;
      for (const k of ['papers', 'saved', 'sightings', 'visits', 'imports']) {
        const v = part[k];
        if (v === undefined) continue;
        if (!Array.isArray(v)) fail(`part.${k} must be a list`);
        n += v.length;
      }
      if (n > 5000) fail('too many records in one restore part (> 5000)');
      return {
        type,
        part: {
          ...(part as RestorePart),
          userTopics: part.userTopics === undefined ? undefined : validateUserTopics(part.userTopics),
          settings: part.settings == null ? null : validateSettingsPatch(part.settings),
        },
      };
    }
    case 'setUserTopics':
      onlyKeys(r, ['type', 'topics'], type);
      return { type, topics: validateUserTopics(r.topics) };
    case 'wipe':
      onlyKeys(r, ['type', 'confirm'], type);
      if (r.confirm !== 'DELETE') fail('wipe needs confirm: "DELETE"');
      return { type, confirm: 'DELETE' };
    case 'updateSettings':
      onlyKeys(r, ['type', 'patch'], type);
      return { type, patch: validateSettingsPatch(r.patch) };
    default:
      fail(`unknown request type ${JSON.stringify(String(type)).slice(0, 40)}`);
  }
}

/**
 * Rough size of a message before validation (structured clone already happened; this bounds the work
 * that follows): characters of its strings plus 8 per other value, counted until `limit` is passed.
 * No JSON copy of the message is made (500 entries with abstracts are half a megabyte).
 */
export function approxSize(v: unknown, limit = Infinity): number {
  let size = 0;
  const stack: unknown[] = [v];
  const seen = new Set<object>();
  while (stack.length && size <= limit) {
    const x = stack.pop();
    if (typeof x === 'string') size += x.length + 2;
    else if (x === null || typeof x !== 'object') size += 8;
    else if (seen.has(x)) return Infinity; // a cycle: not a message of ours
    else if ((seen.add(x), Array.isArray(x))) {
      size += 2;
      for (const y of x) stack.push(y);
    } else {
      size += 2;
      for (const k in x as Record<string, unknown>) {
        size += k.length + 3;
        stack.push((x as Record<string, unknown>)[k]);
      }
    }
  }
  return size;
}

export function envelope(request: Request): Envelope {
  return { protocol: PROTOCOL, request };
}
