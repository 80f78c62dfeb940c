/**
 * Zotero job: the user's Zotero library (Zotero desktop on this computer, read through its local API)
 * as library papers of their own origin ('zotero', in the reserved collection 'zotero'), kept in step by
 * a sync: the first one reads every item, later ones the items changed since the library version of the
 * last (`since`) and drop the items Zotero no longer lists (`format=versions`). Runs on demand and at
 * most every 60 s while a listing is open; each page of items is one write in the queue, so listings are
 * answered between them. Saving a paper can also create it in Zotero (the connector's saveItems).
 * Nothing stored is lost on a failure: a sync that stops keeps what it wrote and starts again from the
 * last complete version.
 */
import { mergePaper } from '../db/library';
import type { PaperRow } from '../db/schema';
import { keyHashes } from '../match/key-table';
import type { EntryInfo, ZoteroStatus } from '../messages';
import { ZoteroClient, ZoteroError, type ClientOptions } from '../zotero/client';
import { connectorItem, type ZoteroPaper } from '../zotero/items';
import { resolveEntries } from './annotate';
import type { Ctx } from './context';
import { paperFromEntry } from './papers';
import { bumpLibRev, libIndexApply, markDeleted, writeSegment } from './storage';

/** The collection Zotero's papers are in (import collections have ids "c-…"). */
export const ZOTERO_COLLECTION = 'zotero';
/** A listing starts a sync when the last one is older than this. */
export const SYNC_EVERY_MS = 60_000;

/** What every start reads (meta 'zotero'): small. The item map (meta 'zoteroItems') is read by a sync. */
interface SyncInfo {
  /** Library version of the last complete sync (0: none yet). */
  libraryVersion: number;
  collections: Record<string, string>;
  lastSync: number | null;
  /** Items without a title at the last sync. */
  noTitle: number;
  /** Zotero items in Paper Lens. */
  count: number;
}

interface SyncState extends SyncInfo {
  /** Item key → [item version, paper number]. */
  items: Record<string, [number, number]>;
}

const EMPTY_INFO: SyncInfo = { libraryVersion: 0, collections: {}, lastSync: null, noTitle: 0, count: 0 };

export interface ZoteroDeps {
  client?: ClientOptions;
  /** Whether the browser lets Paper Lens reach Zotero (the host permission). */
  permitted?: () => Promise<boolean>;
}

export class ZoteroJob {
  private readonly client: ZoteroClient;
  private info: SyncInfo | null = null;
  private items: Record<string, [number, number]> | null = null;
  private running: Promise<ZoteroStatus> | null = null;
  private lastAttempt = 0;
  private status: Omit<ZoteroStatus, 'enabled' | 'items' | 'lastSync' | 'noTitle'> = { state: 'off', message: '' };

  constructor(
    private readonly ctx: Ctx,
    private readonly deps: ZoteroDeps = {},
    private readonly onLibrary: () => void = () => {},
  ) {
    this.client = new ZoteroClient(deps.client);
  }

  /** The sync's summary, read at start (collection names are needed by every annotate). */
  async load(): Promise<SyncInfo> {
    if (!this.info) {
      this.info = { ...EMPTY_INFO, ...((await this.ctx.lib.getMeta<SyncInfo>('zotero')) ?? {}) };
      this.ctx.zoteroCollections = new Map(Object.entries(this.info.collections));
    }
    return this.info;
  }

  /** Summary and item map, for a sync. */
  private async state(): Promise<SyncState> {
    const info = await this.load();
    this.items ??= (await this.ctx.lib.getMeta<Record<string, [number, number]>>('zoteroItems')) ?? {};
    return { ...info, items: this.items };
  }

  private async persist(st: SyncState): Promise<void> {
    const { items, ...info } = st;
    info.count = Object.keys(items).length;
    this.info = info;
    this.items = items;
    await this.ctx.write(async () => {
      await this.ctx.lib.setMeta('zoteroItems', items);
      await this.ctx.lib.setMeta('zotero', info);
    });
  }

  async getStatus(): Promise<ZoteroStatus> {
    const info = await this.load();
    const enabled = this.ctx.settings.zoteroEnabled;
    const base = enabled ? this.status : { state: 'off' as const, message: 'Zotero is off.' };
    return { enabled, ...base, items: info.count, lastSync: info.lastSync, noTitle: info.noTitle };
  }

  /** A listing was annotated: sync when on and the last attempt is older than a minute (not awaited). */
  maybeSync(): void {
    if (!this.ctx.settings.zoteroEnabled || this.running || this.ctx.now() - this.lastAttempt < SYNC_EVERY_MS) return;
    void this.sync().catch(() => undefined);
  }

  sync(): Promise<ZoteroStatus> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private setStatus(state: ZoteroStatus['state'], message: string): void {
    this.status = { state, message };
    this.ctx.broadcast({ type: 'changed', what: 'zotero' });
  }

  private async run(): Promise<ZoteroStatus> {
    this.lastAttempt = this.ctx.now();
    const st = await this.state();
    if (!this.ctx.settings.zoteroEnabled) return this.getStatus();
    if (this.deps.permitted && !(await this.deps.permitted())) {
      this.setStatus('error', 'Paper Lens is not allowed to reach Zotero on this computer: turn the Zotero option off and on again, and allow it.');
      return this.getStatus();
    }
    this.setStatus('syncing', 'Reading your Zotero library…');
    let noTitle = 0;
    let changed = false;
    try {
      await this.client.check();
      const { versions, libraryVersion } = await this.client.versions();
      const collections = await this.client.collections();
      if (libraryVersion !== st.libraryVersion || st.lastSync === null) {
        await this.client.itemsSince(st.libraryVersion, async (papers, skipped) => {
          noTitle += skipped.noTitle;
          if (papers.length) {
            await this.apply(st, papers);
            changed = true;
          }
        });
        // Items Zotero no longer lists (deleted, or in the trash) leave the library.
        const gone = Object.keys(st.items).filter((k) => !versions.has(k));
        if (gone.length) {
          await this.detach(st, gone);
          changed = true;
        }
        st.libraryVersion = libraryVersion;
        if (st.lastSync === null || noTitle) st.noTitle = noTitle;
      }
      st.collections = Object.fromEntries(collections);
      this.ctx.zoteroCollections = collections;
      st.lastSync = this.ctx.now();
      this.setStatus('connected', 'Connected to Zotero.');
    } catch (e) {
      const z = e instanceof ZoteroError ? e : new ZoteroError('error', `Zotero sync failed: ${(e as Error).message}`);
      this.setStatus(z.kind, z.message);
    } finally {
      // What was written stays; the state says which items it came from (a stopped sync starts again
      // from the last complete library version).
      await this.persist(st).catch(() => undefined);
      if (changed) {
        this.onLibrary();
        this.ctx.broadcast({ type: 'changed', what: 'library' });
      }
    }
    return this.getStatus();
  }

  /** One page of items: each becomes (or joins) its paper, in one transaction. */
  private async apply(st: SyncState, papers: ZoteroPaper[]): Promise<void> {
    const { ctx } = this;
    const entries: EntryInfo[] = papers.map((p) => ({ title: p.title, arxivId: p.arxivId, doi: p.doi, url: p.url, abstract: p.abstract, authors: p.authors, year: p.year }));
    await ctx.write(async () => {
      const resolved = await resolveEntries(ctx, entries, { fuzzy: false });
      const moved: number[] = [];
      await ctx.lib.write(async (w) => {
        const current = await w.readRows(resolved.filter((r) => r.row).map((r) => r.row!.n));
        const byId = new Map<string, PaperRow>();
        for (const r of current.values()) byId.set(r.id, r);
        for (const [id, row] of await w.papersByIds(resolved.filter((r) => !r.row && !r.unstored && !byId.has(r.id)).map((r) => r.id))) byId.set(id, row);
        const written = new Map<string, PaperRow>();
        const docs: Array<[PaperRow, string | null]> = [];
        const keyAdds: Array<[number[], number]> = [];
        for (let i = 0; i < papers.length; i++) {
          const p = papers[i]!;
          const id = resolved[i]!.id;
          const before = written.get(id) ?? byId.get(id);
          const n = before?.n ?? ++ctx.last.n;
          const merged = mergePaper(before, paperFromEntry(ctx, id, entries[i]!, undefined, resolved[i]!.key || undefined), 'zotero', ctx.now(), n, ZOTERO_COLLECTION);
          const row: PaperRow = { ...merged.row, zotero: [...new Set([...(written.has(id) ? (before?.zotero ?? []) : []), ...p.collections])] };
          w.putPaper(row, merged.abstract, !before);
          written.set(id, row);
          docs.push([row, p.abstract]);
          if (!before || before.key !== row.key || before.arxivId !== row.arxivId || before.doi !== row.doi) {
            const hs = keyHashes(row);
            w.addKeys(hs, row.n);
            keyAdds.push([hs, row.n]);
          }
          const old = st.items[p.key];
          if (old && old[1] !== n) moved.push(old[1]);
          st.items[p.key] = [p.version, n];
        }
        writeSegment(ctx, w, docs);
        bumpLibRev(ctx, w);
        w.onCommit(() => {
          for (const [hs, n] of keyAdds) for (const h of hs) ctx.keys.add(h, n);
          for (const r of written.values()) libIndexApply(ctx, r, r.id);
        });
      });
      // An item now names another paper (its title or ids changed): the old paper leaves Zotero unless
      // another item is still that paper.
      if (moved.length) await this.detachPapers(st, moved);
    });
  }

  /** Items gone from Zotero. */
  private async detach(st: SyncState, keys: string[]): Promise<void> {
    const ns: number[] = [];
    for (const k of keys) {
      const it = st.items[k];
      delete st.items[k];
      if (it) ns.push(it[1]);
    }
    await this.ctx.write(() => this.detachPapers(st, ns));
  }

  /** These papers leave Zotero unless an item of the sync state still names them (runs inside a write). */
  private async detachPapers(st: SyncState, ns: number[]): Promise<void> {
    const { ctx } = this;
    const still = new Set(Object.values(st.items).map(([, n]) => n));
    const drop = [...new Set(ns)].filter((n) => !still.has(n));
    for (let i = 0; i < drop.length; i += 2000) {
      const chunk = drop.slice(i, i + 2000);
      await ctx.lib.write(async (w) => {
        const rows = await w.readRows(chunk);
        const gone: number[] = [];
        const updated: PaperRow[] = [];
        const removedIds: string[] = [];
        for (const row of rows.values()) {
          const origins = row.origins.filter((o) => o !== 'zotero');
          if (origins.length === 0) {
            w.deletePaper(row.n, row.seenCount);
            gone.push(row.n);
            removedIds.push(row.id);
          } else {
            const { zotero: _z, ...rest } = row;
            const next: PaperRow = { ...rest, origins, collections: row.collections.filter((c) => c !== ZOTERO_COLLECTION), updatedAt: ctx.now() };
            w.putPaper(next, null, false);
            updated.push(next);
          }
        }
        markDeleted(ctx, w, gone);
        bumpLibRev(ctx, w);
        w.onCommit(() => {
          for (const id of removedIds) libIndexApply(ctx, null, id);
          for (const r of updated) libIndexApply(ctx, r, r.id);
        });
      });
    }
  }

  /**
   * After a Paper Lens save: create the paper in Zotero too (when on, connected, and it is not there).
   * Returns what happened, for the row that was clicked; never throws (the Paper Lens save stands).
   */
  async saveToo(paper: { title: string; authors: string[]; year: number | null; arxivId: string | null; doi: string | null; url: string | null; abstract: string | null }, inZotero: boolean, pageUrl: string | null): Promise<{ added: boolean; error?: string } | undefined> {
    const s = this.ctx.settings;
    if (!s.zoteroEnabled || !s.zoteroSaveToo || inZotero) return undefined;
    if (this.deps.permitted && !(await this.deps.permitted())) return { added: false, error: 'Paper Lens is not allowed to reach Zotero (Options → Zotero).' };
    try {
      await this.client.saveItem(connectorItem(paper), pageUrl);
      // It shows as "in Zotero" after the next sync: now.
      this.lastAttempt = 0;
      void this.sync().catch(() => undefined);
      return { added: true };
    } catch (e) {
      const z = e instanceof ZoteroError ? e : new ZoteroError('error', (e as Error).message);
      return { added: false, error: z.message };
    }
  }

  /** Everything was deleted (options "delete all data"): forget the sync too. */
  forget(): void {
    this.info = { ...EMPTY_INFO, collections: {} };
    this.items = {};
    this.ctx.zoteroCollections = new Map();
  }

  /** Zotero turned off: its papers leave the library (saved, imported or seen ones stay as such). */
  async disable(): Promise<void> {
    if (this.running) await this.running.catch(() => undefined);
    const st = await this.state();
    const keys = Object.keys(st.items);
    if (keys.length) await this.detach(st, keys);
    await this.persist({ ...EMPTY_INFO, collections: {}, items: {} });
    this.ctx.zoteroCollections = new Map();
    this.status = { state: 'off', message: 'Zotero is off.' };
    this.onLibrary();
    this.ctx.broadcast({ type: 'changed', what: 'library' });
  }
}
