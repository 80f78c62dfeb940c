/**
 * Settings job: settings, user topics, history on/off and how long history is kept, and re-tagging
 * stored papers once after an update ships a different topic classifier.
 */
import type { PaperRow } from '../db/schema';
import type { Request, Responses } from '../messages';
import { classify, createTagger, TAXONOMY, TOPIC_COLORS, TOPIC_MODEL_VERSION } from '../topics/classifier';
import type { Settings } from '../types';
import type { Ctx } from './context';
import type { History } from './history';
import { rebuildDerived } from './storage';

const DAY_MS = 24 * 3600 * 1000;

export function getSettings(ctx: Ctx): Responses['getSettings'] {
  return {
    settings: ctx.settings,
    userTopics: ctx.userTopics,
    topics: TAXONOMY.map((t) => ({ id: t.id, label: t.label, description: t.description, color: TOPIC_COLORS[t.id] ?? '#64748b' })),
  };
}

export async function updateSettings(ctx: Ctx, history: History, patch: Extract<Request, { type: 'updateSettings' }>['patch']): Promise<Responses['updateSettings']> {
  const settings = await ctx.write(async () => {
    ctx.settings = await ctx.lib.updateSettings(patch as Partial<Settings>);
    return ctx.settings;
  });
  if (patch.hiddenTopics) {
    ctx.tagger = createTagger({ userTopics: ctx.userTopics, hidden: settings.hiddenTopics });
    ctx.broadcast({ type: 'changed', what: 'topics' });
  } else ctx.broadcast({ type: 'changed', what: 'settings' });
  if (patch.historyEnabled === false) history.drop();
  // A retention limit the user just chose applies now (in the background), then once a day.
  if (patch.historyYears != null) void prune(ctx, history, true);
  return { settings };
}

export async function setHistory(ctx: Ctx, history: History, enabled: boolean): Promise<Responses['setHistory']> {
  if (!enabled) history.drop();
  const settings = await ctx.write(async () => (ctx.settings = await ctx.lib.updateSettings({ historyEnabled: enabled })));
  ctx.broadcast({ type: 'changed', what: 'history' });
  return { enabled: settings.historyEnabled };
}

export async function setUserTopics(ctx: Ctx, topics: Extract<Request, { type: 'setUserTopics' }>['topics']): Promise<Responses['setUserTopics']> {
  await ctx.write(async () => {
    await ctx.lib.setMeta('userTopics', topics);
    ctx.userTopics = topics;
    ctx.tagger = createTagger({ userTopics: topics, hidden: ctx.settings.hiddenTopics });
  });
  ctx.broadcast({ type: 'changed', what: 'topics' });
  return { topics: ctx.userTopics };
}

/**
 * Apply the user's history retention (never without one): at most once a day unless `now` is set.
 * Returns what was removed (null when nothing was due).
 */
export async function prune(ctx: Ctx, history: History, now = false): Promise<{ sightings: number; papers: number } | null> {
  const years = ctx.settings.historyYears;
  if (years == null) return null;
  const last = (await ctx.lib.getMeta<number>('lastPrune')) ?? 0;
  if (!now && ctx.now() - last < DAY_MS) return null;
  const res = await history.prune(years);
  await ctx.lib.setMeta('lastPrune', ctx.now());
  if (res.sightings) ctx.broadcast({ type: 'changed', what: 'history' });
  return res;
}

/**
 * Default topics are computed once and stored with a paper; when an update ships a different
 * classifier, the stored ones are recomputed once, in chunks through the write queue (listings are
 * answered between chunks), and the search index (which holds topic bits) is rebuilt after.
 */
export async function retagAfterModelChange(ctx: Ctx): Promise<number> {
  if ((await ctx.lib.getMeta<string>('topicModel')) === TOPIC_MODEL_VERSION) return 0;
  let changed = 0;
  for (let from = 0; ; ) {
    const rows = await ctx.lib.scanPapers(from, 1000);
    if (!rows.length) break;
    await ctx.write(async () => {
      const abstracts = await ctx.lib.abstracts(rows.filter((r) => r.abstractLen > 0).map((r) => r.n));
      const next: PaperRow[] = [];
      for (const r of rows) {
        if (ctx.corpusById.has(r.id)) continue;
        const abstract = abstracts.get(r.n) ?? null;
        const ids = classify(r.title, abstract).map((t) => t.id);
        const { topicsChecked: _, ...rest } = r;
        const checked = !ids.length && !!abstract;
        if (ids.join() !== r.topics.join() || checked !== !!r.topicsChecked) next.push({ ...rest, topics: ids, ...(checked ? { topicsChecked: true as const } : {}) });
      }
      if (next.length) await ctx.lib.write(async (w) => next.forEach((r) => w.putPaper(r, null, false)), ['papers', 'meta']);
      changed += next.length;
    });
    from = rows[rows.length - 1]!.n + 1;
  }
  await ctx.write(async () => {
    if (changed) await rebuildDerived(ctx);
    await ctx.lib.setMeta('topicModel', TOPIC_MODEL_VERSION);
  });
  return changed;
}
