/**
 * Papers as the jobs hand them out: the record a page sees (from a stored row or the bundled corpus),
 * its topics, where the corpus lists it, its saved fields, and what a page entry becomes when stored.
 */
import type { CorpusPaper } from '../corpus/types';
import type { NewPaper } from '../db/library';
import type { PaperRow, VisitRow } from '../db/schema';
import { normalizeTitle, paperIdForTitle, parseArxivId, stableHash } from '../match/normalize';
import type { CorpusPlace, EntryInfo } from '../messages';
import { TAXONOMY, TOPIC_COLORS } from '../topics/taxonomy';
import type { PaperRecord, SavedInfo, Sighting, TopicTag } from '../types';
import type { Ctx } from './context';

/** The id a paper gets when Paper Lens first meets it. */
export function localIdFor(e: { title: string; arxivId?: string | null }): string {
  const ax = parseArxivId(e.arxivId ?? null)?.id;
  return ax ? `arxiv:${ax}` : paperIdForTitle(e.title);
}

const topicInfo = new Map(TAXONOMY.map((t) => [t.id, { label: t.label, color: TOPIC_COLORS[t.id] ?? '#64748b' }]));

/** Bit of each default topic (for the search index's topic filter). */
export const TOPIC_BIT = new Map(TAXONOMY.map((t, i) => [t.id, 1 << i] as const));
export const topicBits = (ids: string[]) => ids.reduce((b, id) => b | (TOPIC_BIT.get(id) ?? 0), 0);

/**
 * Topics of a paper: the default-taxonomy topics computed once (at build time for the bundled corpus,
 * when first met for local papers, stored with them) plus the user's topics, applied live.
 */
export function topicsOf(ctx: Ctx, row: PaperRow | null | undefined, corpus: CorpusPaper | undefined, entry?: { title: string; abstract?: string | null }): TopicTag[] {
  const text = untaggedText(row, corpus, entry);
  if (text) return tagRemembered(ctx, text.title, text.abstract);
  return storedTopicsOf(ctx, row, corpus, entry);
}

/**
 * The text a paper's topics must be classified from now (stored without topics, or not stored), or null
 * when they are stored with it or bundled.
 */
export function untaggedText(row: PaperRow | null | undefined, corpus: CorpusPaper | undefined, entry?: { title: string; abstract?: string | null }): { title: string; abstract: string | null } | null {
  if (corpus?.topicTags || (row && (row.topics.length || row.topicsChecked))) return null;
  const title = row?.title ?? corpus?.title ?? entry?.title;
  return title ? { title, abstract: corpus?.abstract ?? entry?.abstract ?? null } : null;
}

/** Topics of a paper stored or bundled with them (untaggedText gave null): the user's topics, then the stored ones not hidden. */
export function storedTopicsOf(ctx: Ctx, row: PaperRow | null | undefined, corpus: CorpusPaper | undefined, entry?: { title: string; abstract?: string | null }): TopicTag[] {
  const title = row?.title ?? corpus?.title ?? entry?.title;
  if (!title) return [];
  const abstract = corpus?.abstract ?? entry?.abstract ?? null;
  const stored = corpus?.topicTags ?? row!.topics.map((t) => ({ id: t, score: 0, why: [] as string[] }));
  const user = ctx.tagger.tagUser(title, abstract);
  const hidden = new Set(ctx.settings.hiddenTopics);
  const defaults = stored
    .filter((t) => !hidden.has(t.id) && topicInfo.has(t.id))
    .map((t) => ({ id: t.id, label: topicInfo.get(t.id)!.label, color: topicInfo.get(t.id)!.color, score: t.score, why: t.why }));
  return [...user, ...defaults].slice(0, 3);
}

/**
 * Topics of papers stored without any (none found, or not computed yet) are computed when they are
 * shown; the last RECENT_TAGS of them are remembered (by a hash of their text, per tagger: a settings
 * change starts afresh), so the papers a daily listing repeats are not classified again on every visit.
 */
const RECENT_TAGS = 20_000;
const recent = { tagger: null as Ctx['tagger'] | null, tags: new Map<string, TopicTag[]>() };

function recentFor(ctx: Ctx): Map<string, TopicTag[]> {
  if (recent.tagger !== ctx.tagger) {
    recent.tagger = ctx.tagger;
    recent.tags.clear();
  }
  return recent.tags;
}

const textKey = (title: string, abstract: string | null) => stableHash(`${title}\u0000${abstract ?? ''}`);

/** The topics of this text if they were classified lately, else null (nothing is classified here). */
export function rememberedTopics(ctx: Ctx, title: string, abstract: string | null): TopicTag[] | null {
  const known = recentFor(ctx).get(textKey(title, abstract));
  return known ? [...known] : null;
}

/** Classify (or recall) the topics of this text. */
export function tagRemembered(ctx: Ctx, title: string, abstract: string | null): TopicTag[] {
  const tags = recentFor(ctx);
  const key = textKey(title, abstract);
  const known = tags.get(key);
  if (known) return [...known];
  const fresh = ctx.tagger.tag(title, abstract);
  if (tags.size >= RECENT_TAGS) tags.delete(tags.keys().next().value!);
  tags.set(key, fresh);
  return [...fresh];
}

/** Default-taxonomy topic ids of tags (what a paper row stores). */
export const storedTopicIds = (tags: TopicTag[]): string[] => tags.map((t) => t.id).filter((t) => topicInfo.has(t));

/** What a page entry (or an import) says about the paper with this id, ready to store. */
export function paperFromEntry(ctx: Ctx, id: string, e: EntryInfo, topics?: TopicTag[], key?: string): NewPaper {
  const c = ctx.corpusById.get(id);
  const title = c?.title ?? e.title;
  return {
    id,
    title,
    key: c ? c.key : (key ?? normalizeTitle(title).key),
    arxivId: parseArxivId(e.arxivId ?? null)?.id ?? null,
    doi: e.doi ?? null,
    url: e.url ?? null,
    abstract: e.abstract ?? c?.abstract ?? null,
    authors: e.authors ?? [],
    year: e.year ?? null,
    codeUrl: c?.codeUrls[0] ?? null,
    topics: storedTopicIds(topics ?? topicsOf(ctx, null, c, e)),
  };
}

export function corpusPlaces(ctx: Ctx, id: string): CorpusPlace[] {
  return ctx.corpusById.get(id)?.listings.map((l) => ({ listing: l.listing, position: l.position, date: l.date })) ?? [];
}

export function savedInfo(ctx: Ctx, id: string): SavedInfo | null {
  const s = ctx.saved.get(id);
  return s ? { savedAt: s.savedAt, note: s.note, tags: s.tags } : null;
}

export function libraryNames(ctx: Ctx, row: PaperRow | null | undefined): string[] {
  return (row?.collections ?? []).filter((c) => c !== 'zotero').map((c) => ctx.imports.get(c)?.name ?? c);
}

/** The paper's Zotero item: the names of its Zotero collections (null: not in Zotero). */
export function zoteroOf(ctx: Ctx, row: PaperRow | null | undefined): { collections: string[] } | null {
  if (!row?.origins.includes('zotero')) return null;
  return { collections: (row.zotero ?? []).map((k) => ctx.zoteroCollections.get(k)).filter((x): x is string => !!x) };
}

export function toSighting(visit: VisitRow, at: number): Sighting {
  return { site: visit.site, label: visit.label, pageUrl: visit.url, date: visit.date, seenAt: at };
}

/** The record pages see, from a stored row and/or the bundled corpus. */
export function recordOf(ctx: Ctx, row: PaperRow | null | undefined, id: string, abstract: string | null = null): PaperRecord | null {
  const c = ctx.corpusById.get(id);
  if (!row && !c) return null;
  return {
    id,
    title: row?.title ?? c!.title,
    key: row?.key ?? c!.key,
    arxivId: row?.arxivId ?? null,
    doi: row?.doi ?? null,
    url: row?.url ?? null,
    abstract: abstract ?? c?.abstract ?? null,
    authors: row?.authors ?? [],
    year: row?.year ?? null,
    codeUrl: row?.codeUrl ?? c?.codeUrls[0] ?? null,
    topics: topicsOf(ctx, row, c).map((t) => t.id),
    origins: [...(c ? (['bundled'] as const) : []), ...(row?.origins ?? [])],
    collections: row?.collections ?? [],
    addedAt: row?.addedAt ?? 0,
  };
}

/** Whether a paper belongs in the library match index (saved or imported: fuzzy matching covers those). */
export const inLibrary = (row: PaperRow) => row.origins.includes('saved') || row.origins.includes('imported') || row.origins.includes('zotero');
