/**
 * Import/export job: imported collections (BibTeX, RIS, CSV), exports of saved papers, the JSON backup
 * and its restore, and deleting everything. Each batch is one transaction; the derived indexes (keys,
 * search segments, library match index) are written with the papers they index.
 */
import { mergePaper, withSighting } from '../db/library';
import { features } from '../match/compare';
import { keyHash } from '../match/key-table';
import { normalizeDoi, parseArxivId } from '../match/normalize';
import { DERIVED_VERSION, fire, type ImportRow, type PaperRow, type SavedRow, type UndoRow, type VisitRow } from '../db/schema';
import { BACKUP_FORMAT, BACKUP_VERSION, readBackup, type Backup, type BackupPaper, type BackupSighting } from '../export/backup';
import { toBibTeX, toCSV, toRIS, type ExportPaper } from '../export/writers';
import { keyHashes } from '../match/key-table';
import type { EntryInfo, Request, Responses } from '../messages';
import type { Settings } from '../types';
import { resolveEntries } from './annotate';
import type { Ctx } from './context';
import type { History } from './history';
import { paperFromEntry, recordOf } from './papers';
import { bumpLibRev, libIndexApply, markDeleted, rebuildDerived, rebuildLibIndex, writeSegment } from './storage';
import { createTagger } from '../topics/classifier';

/** Which entries are already in Paper Lens, from memory only (key table and library index): the preview's count. */
function knownCount(ctx: Ctx, entries: EntryInfo[]): number {
  let known = 0;
  for (const e of entries) {
    const ax = parseArxivId(e.arxivId ?? null)?.id;
    const doi = normalizeDoi(e.doi ?? null);
    const f = features(e.title);
    const hit =
      (ax && ctx.keys.candidates(keyHash('a', ax)).length) ||
      (doi && ctx.keys.candidates(keyHash('d', doi)).length) ||
      (f.key && !f.truncated && ctx.keys.candidates(keyHash('t', f.key)).length);
    if (hit) known++;
    else {
      if (ctx.libIndex.lookup({ title: e.title, arxivId: e.arxivId, doi: e.doi }, { fuzzy: false })) known++;
    }
  }
  return known;
}

/**
 * One batch of an import into collection `c` (pending until importFinish, undone by importCancel). Each
 * paper the import touches for the first time is kept in `undo` as it was, in the same transaction.
 * A dry run only counts the entries already known (from memory: no database read).
 */
export async function importBatch(ctx: Ctx, req: Extract<Request, { type: 'importBatch' }>, onLibrary: () => void): Promise<Responses['importBatch']> {
  if (req.dryRun) return { added: 0, matched: knownCount(ctx, req.entries), ids: [] };
  return ctx.write(async () => {
    const c = req.collection.id;
    const resolved = await resolveEntries(ctx, req.entries, { fuzzy: false });
    const matched = resolved.filter((r) => r.match).length;
    return ctx.lib.write(async (w) => {
      const written = new Map<string, PaperRow>();
      const docs: Array<[PaperRow, string | null]> = [];
      const keyAdds: Array<[number[], number]> = [];
      // Rows as they are now (not as resolution read them), and rows by id for papers stored without a
      // key the entry has: one batch of reads.
      const current = await w.readRows(resolved.filter((r) => r.row).map((r) => r.row!.n));
      const byId = new Map<string, PaperRow>();
      for (const r of current.values()) byId.set(r.id, r);
      for (const [id, row] of await w.papersByIds(resolved.filter((r) => !r.row && !r.unstored && !byId.has(r.id)).map((r) => r.id))) byId.set(id, row);
      const created: number[] = [];
      // Entries saved too (a Paper Lens export read back): the saved rows this import wrote in earlier
      // batches are already kept for undo (records keyed below zero).
      const saves = req.saves?.some(Boolean) ? req.saves : null;
      const savedNow = new Map<string, SavedRow>();
      const savesUndo: NonNullable<UndoRow['saves']> = [];
      const recorded = new Set<string>();
      if (saves) for (const u of await w.tx.objectStore('undo').getAll(IDBKeyRange.bound([c, -Infinity], [c, 0], false, true))) for (const x of u.saves ?? []) recorded.add(x.paperId);
      const oldAbstracts = await w.abstracts([...byId.values()].filter((r) => r.abstractLen > 0 && !r.collections.includes(c)).map((r) => r.n));
      for (let i = 0; i < req.entries.length; i++) {
        const e = req.entries[i]!;
        const id = resolved[i]!.id;
        const before = written.get(id) ?? byId.get(id);
        const n = before?.n ?? ++ctx.last.n;
        const merged = mergePaper(before, paperFromEntry(ctx, id, e, undefined, resolved[i]!.key || undefined), 'imported', ctx.now(), n, c);
        const abstract = merged.abstract;
        let row = merged.row;
        const s = saves?.[i];
        if (s) {
          const prev = savedNow.get(id) ?? ctx.saved.get(id);
          if (!recorded.has(id)) {
            savesUndo.push({ n, paperId: id, before: prev ?? null });
            recorded.add(id);
          }
          const next: SavedRow = prev
            ? { ...prev, savedAt: Math.min(prev.savedAt, s.savedAt ?? prev.savedAt), note: prev.note || s.note, tags: [...new Set([...prev.tags, ...s.tags])] }
            : { paperId: id, savedAt: s.savedAt ?? ctx.now(), note: s.note, tags: s.tags };
          w.putSaved(next);
          savedNow.set(id, next);
          if (!row.origins.includes('saved')) row = { ...row, origins: [...row.origins, 'saved'] };
        }
        // First touched by this import: keep it as it was (or that it did not exist).
        if (!written.has(id) && !before?.collections.includes(c)) {
          if (before) w.put('undo', { c, n, row: before, abstract: oldAbstracts.get(n) ?? null } satisfies UndoRow);
          else created.push(n);
        }
        w.putPaper(row, abstract, !before);
        written.set(id, row);
        docs.push([row, e.abstract ?? null]);
        if (!before || before.key !== row.key || before.arxivId !== row.arxivId || before.doi !== row.doi) {
          const hs = keyHashes(row);
          w.addKeys(hs, row.n);
          keyAdds.push([hs, row.n]);
        }
      }
      if (created.length) w.put('undo', { c, n: -created[0]!, row: null, abstract: null, created: Uint32Array.from(created) } satisfies UndoRow);
      // A number of its own keys the record: it sorts before every other record of the import, so an
      // undo takes the saves back first.
      if (savesUndo.length) w.put('undo', { c, n: -++ctx.last.n, row: null, abstract: null, saves: savesUndo } satisfies UndoRow);
      const prev = ctx.imports.get(c);
      const imp: ImportRow = prev ? { ...prev, count: prev.count + req.entries.length } : { ...req.collection, count: req.entries.length, importedAt: ctx.now(), pending: true };
      fire(w.tx.objectStore('imports').put(imp));
      writeSegment(ctx, w, docs);
      bumpLibRev(ctx, w);
      w.onCommit(() => {
        for (const [id, sr] of savedNow) ctx.saved.set(id, sr);
        ctx.imports.set(imp.id, imp);
        for (const [hs, n] of keyAdds) for (const h of hs) ctx.keys.add(h, n);
        for (const r of written.values()) libIndexApply(ctx, r, r.id);
        onLibrary();
      });
      return { added: req.entries.length, matched, ids: resolved.map((r) => r.id) };
    });
  });
}

/**
 * Finish an import: keep it as its own collection (`keep`), add it to an existing collection (`merge`),
 * or let it replace one (`replace`: papers only in the old collection go, as removeCollection does).
 */
export async function importFinish(ctx: Ctx, req: Extract<Request, { type: 'importFinish' }>, onLibrary: () => void): Promise<Responses['importFinish']> {
  const c = req.id;
  const imp = ctx.imports.get(c);
  if (!imp?.pending) throw new Error('there is no import in progress with this id');
  const target = req.target ? ctx.imports.get(req.target) : undefined;
  if (req.mode !== 'keep' && (!target || target.pending || target.id === c)) throw new Error('the collection to merge into or replace is not there');
  if (req.mode === 'replace') await removeCollection(ctx, target!.id, onLibrary);
  await ctx.write(async () => {
    if (req.mode === 'merge') {
      // Move every paper of the import into the target collection, in chunks.
      for (;;) {
        const rows = await ctx.lib.db.getAllFromIndex('papers', 'byCollection', c, 2000);
        if (!rows.length) break;
        await ctx.lib.write(async (w) => {
          for (const r of rows) w.putPaper({ ...r, collections: [...new Set(r.collections.map((x) => (x === c ? target!.id : x)))] }, null, false);
        }, ['papers', 'meta']);
      }
    }
    await ctx.lib.write(async (w) => {
      const store = w.tx.objectStore('imports');
      let done: ImportRow;
      if (req.mode === 'merge') {
        done = { ...target!, count: target!.count + imp.count, importedAt: ctx.now() };
        fire(store.delete(c));
      } else done = { ...imp, name: req.mode === 'replace' ? target!.name : imp.name, pending: false };
      delete done.pending;
      fire(store.put(done));
      fire(w.tx.objectStore('undo').delete(IDBKeyRange.bound([c, -Infinity], [c, Infinity])));
      w.onCommit(() => {
        if (req.mode === 'merge') ctx.imports.delete(c);
        ctx.imports.set(done.id, done);
      });
    }, ['imports', 'undo', 'meta']);
  });
  onLibrary();
  ctx.broadcast({ type: 'changed', what: 'library' });
  return { id: req.mode === 'merge' ? target!.id : c };
}

/**
 * Undo an import: every paper it touched back as it was, the papers it created gone, the collection gone.
 * What happened to those papers meanwhile (saved, seen on a listing, put in another collection) stays.
 */
export async function importCancel(ctx: Ctx, id: string, onLibrary: () => void): Promise<Responses['importCancel']> {
  if (!ctx.imports.get(id)?.pending) throw new Error('there is no import in progress with this id');
  let restored = 0;
  const range = IDBKeyRange.bound([id, -Infinity], [id, Infinity]);
  await ctx.write(async () => {
    for (;;) {
      const all = await ctx.lib.db.getAll('undo', range, 500);
      if (!all.length) break;
      // About 5,000 papers a transaction (a record holds one changed paper or a batch of created ones).
      const undo: UndoRow[] = [];
      let cost = 0;
      for (const u of all) {
        const size = u.created?.length ?? u.saves?.length ?? 1;
        if (undo.length && cost + size > 5000) break;
        undo.push(u);
        cost += size;
      }
      await ctx.lib.write(async (w) => {
        const ns = undo.flatMap((u) => (u.created ? [...u.created] : u.saves ? u.saves.map((x) => x.n) : [u.n]));
        // Rows as this transaction leaves them (a paper can be named by several records).
        const now = await w.readRows(ns);
        const gone: number[] = [];
        const back = new Map<number, [PaperRow, string | null]>();
        const savedBack: SavedRow[] = [];
        const unsaved: string[] = [];
        const put = (n: number, cur: PaperRow, origins: PaperRow['origins'], collections = cur.collections) => {
          if (origins.length === 0) {
            w.deletePaper(n, cur.seenCount);
            gone.push(n);
            now.delete(n);
          } else {
            const row = { ...cur, collections, origins };
            w.putPaper(row, null, false);
            back.set(n, [row, null]);
            now.set(n, row);
          }
        };
        const drop = (n: number) => {
          const cur = now.get(n);
          if (!cur) return;
          const collections = cur.collections.filter((x) => x !== id);
          put(n, cur, collections.length ? cur.origins : cur.origins.filter((o) => o !== 'imported'), collections);
        };
        for (const u of undo) {
          if (u.saves) {
            for (const x of u.saves) {
              if (x.before) {
                w.putSaved(x.before);
                savedBack.push(x.before);
                continue;
              }
              w.deleteSaved(x.paperId);
              unsaved.push(x.paperId);
              const cur = now.get(x.n);
              if (cur) put(x.n, cur, cur.origins.filter((o) => o !== 'saved'));
            }
          } else if (u.created) for (const n of u.created) drop(n);
          else if (u.row) {
            const cur = now.get(u.n);
            // As it was, with what happened to it since (sightings, saving, other collections).
            const row: PaperRow = cur
              ? {
                  ...u.row,
                  seen: cur.seen,
                  seenCount: cur.seenCount,
                  origins: [...new Set([...u.row.origins, ...cur.origins.filter((o) => o !== 'imported')])],
                  collections: [...new Set([...u.row.collections, ...cur.collections.filter((x) => x !== id)])],
                }
              : u.row;
            w.put('papers', row);
            now.set(u.n, row);
            if (u.abstract) w.put('abstracts', u.abstract, u.n);
            else if (!row.abstractLen) w.delete('abstracts', u.n);
            back.set(u.n, [row, u.abstract]);
          } else drop(u.n);
          w.delete('undo', [u.c, u.n]);
        }
        markDeleted(ctx, w, gone);
        // Re-index the papers put back (the import's segment indexed them with its own data).
        writeSegment(ctx, w, [...back.entries()].filter(([n]) => now.has(n)).map(([, d]) => d));
        restored += new Set(ns).size;
        w.onCommit(() => {
          for (const p of unsaved) ctx.saved.delete(p);
          for (const sr of savedBack) ctx.saved.set(sr.paperId, sr);
        });
      });
    }
    await ctx.lib.write(async (w) => {
      w.delete('imports', id);
      bumpLibRev(ctx, w);
      w.onCommit(() => ctx.imports.delete(id));
    }, ['imports', 'meta']);
    await rebuildLibIndex(ctx);
  });
  onLibrary();
  ctx.broadcast({ type: 'changed', what: 'library' });
  return { restored };
}

export function listCollections(ctx: Ctx): Responses['listCollections'] {
  return { collections: [...ctx.imports.values()].sort((a, b) => b.importedAt - a.importedAt) };
}

/** Remove an imported collection: only its papers (those not also saved, seen or in another collection) go. */
export async function removeCollection(ctx: Ctx, id: string, onLibrary: () => void): Promise<Responses['removeCollection']> {
  return ctx.write(() =>
    ctx.lib.write(async (w) => {
      const rows = await w.tx.objectStore('papers').index('byCollection').getAll(id);
      const removed: number[] = [];
      const updated: PaperRow[] = [];
      const removedIds: string[] = [];
      for (const row of rows) {
        const collections = row.collections.filter((c) => c !== id);
        const origins = collections.length ? row.origins : row.origins.filter((o) => o !== 'imported');
        if (origins.length === 0) {
          w.deletePaper(row.n, row.seenCount);
          removed.push(row.n);
          removedIds.push(row.id);
        } else {
          const next = { ...row, collections, origins, updatedAt: ctx.now() };
          w.putPaper(next, null, false);
          updated.push(next);
        }
      }
      fire(w.tx.objectStore('imports').delete(id));
      markDeleted(ctx, w, removed);
      bumpLibRev(ctx, w);
      w.onCommit(() => {
        ctx.imports.delete(id);
        for (const pid of removedIds) libIndexApply(ctx, null, pid);
        for (const r of updated) libIndexApply(ctx, r, r.id);
        onLibrary();
        ctx.broadcast({ type: 'changed', what: 'library' });
      });
      return { removed: removed.length };
    }),
  );
}

export async function exportSaved(ctx: Ctx, req: Extract<Request, { type: 'exportSaved' }>): Promise<Responses['exportSaved']> {
  const saved = [...ctx.saved.values()].sort((a, b) => a.savedAt - b.savedAt);
  const rows = await ctx.lib.papersByIds(saved.map((s) => s.paperId));
  const abstracts = await ctx.lib.abstracts([...rows.values()].filter((r) => r.abstractLen > 0).map((r) => r.n));
  const list = saved
    .map((s) => {
      const row = rows.get(s.paperId) ?? null;
      return { s, r: recordOf(ctx, row, s.paperId, row ? (abstracts.get(row.n) ?? null) : null) };
    })
    .filter((x): x is { s: typeof x.s; r: NonNullable<typeof x.r> } => !!x.r)
    .filter((x) => (!req.topic || x.r.topics.includes(req.topic)) && (!req.tag || x.s.tags.includes(req.tag)))
    .map(({ s, r }): ExportPaper => ({
      id: r.id, title: r.title, authors: r.authors, year: r.year, arxivId: r.arxivId, doi: r.doi, url: r.url, abstract: r.abstract,
      topics: r.topics, note: s.note, tags: s.tags, savedAt: s.savedAt,
    }));
  const stamp = new Date(ctx.now()).toISOString().slice(0, 10);
  const [text, ext, mime] =
    req.format === 'bibtex' ? [toBibTeX(list), 'bib', 'application/x-bibtex'] : req.format === 'ris' ? [toRIS(list), 'ris', 'application/x-research-info-systems'] : [toCSV(list), 'csv', 'text/csv'];
  return { filename: `paper-lens-saved-${stamp}.${ext}`, mime, text, count: list.length };
}

/** The whole library as a JSON backup (history included when asked). */
/** A backup must fit in one message and one file the browser can hold (≈ 1.5 KB a paper, 150 B a sighting). */
const BACKUP_MAX_BYTES = 40 * 1024 * 1024;

export async function exportBackup(ctx: Ctx, includeSightings: boolean): Promise<Responses['exportBackup']> {
  const imported = [...ctx.imports.values()].reduce((n, c) => n + c.count, 0);
  const estimate = includeSightings ? ctx.counts.papers * 1500 + ctx.counts.sightings * 150 : (ctx.saved.size + imported) * 1500;
  if (estimate > BACKUP_MAX_BYTES) {
    throw new Error(
      includeSightings
        ? `Your history (${ctx.counts.papers.toLocaleString('en')} papers, ${ctx.counts.sightings.toLocaleString('en')} sightings) is too large for one backup file. Export without history, or keep less history (Options → History).`
        : 'Your library is too large for one backup file; export your saved papers as BibTeX or CSV instead.',
    );
  }
  const papers: BackupPaper[] = [];
  const sightings: BackupSighting[] = [];
  const byN = new Map<number, string>();
  for (let from = 0; ; ) {
    const rows = await ctx.lib.scanPapers(from, 2000);
    if (!rows.length) break;
    const keep = includeSightings ? rows : rows.filter((r) => r.origins.some((o) => o !== 'seen'));
    const abstracts = await ctx.lib.abstracts(keep.filter((r) => r.abstractLen > 0).map((r) => r.n));
    for (const r of keep) {
      byN.set(r.n, r.id);
      papers.push({
        id: r.id, title: r.title, key: r.key, arxivId: r.arxivId, doi: r.doi, url: r.url, abstract: abstracts.get(r.n) ?? null, authors: r.authors,
        year: r.year, codeUrl: r.codeUrl, topics: r.topics, origins: includeSightings ? r.origins : r.origins.filter((o) => o !== 'seen'),
        collections: r.collections, addedAt: r.addedAt, updatedAt: r.updatedAt,
      });
    }
    from = rows[rows.length - 1]!.n + 1;
  }
  if (includeSightings) {
    const visits = new Map((await ctx.lib.db.getAll('visits')).map((v) => [v.v, v]));
    for (const rec of await ctx.lib.db.getAll('sightings')) {
      const v = visits.get(rec.v);
      if (!v) continue;
      for (const n of rec.ns) {
        const paperId = byN.get(n);
        if (paperId) sightings.push({ paperId, site: v.site, label: v.label, pageUrl: v.url, date: v.date, visitStart: v.startedAt, at: rec.at });
      }
    }
  }
  papers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  sightings.sort((a, b) => a.at - b.at || (a.paperId < b.paperId ? -1 : a.paperId > b.paperId ? 1 : 0) || (a.pageUrl < b.pageUrl ? -1 : 1));
  const saved = [...ctx.saved.values()].sort((a, b) => (a.paperId < b.paperId ? -1 : 1));
  const imports = [...ctx.imports.values()].map(({ pending: _p, ...i }) => i).sort((a, b) => (a.id < b.id ? -1 : 1));
  const backup: Backup = { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: ctx.now(), papers, saved, sightings, imports, userTopics: ctx.userTopics, settings: ctx.settings };
  return {
    filename: `paper-lens-backup-${new Date(ctx.now()).toISOString().slice(0, 10)}.json`,
    json: JSON.stringify(backup),
    counts: { papers: papers.length, saved: saved.length, sightings: sightings.length, imports: imports.length, userTopics: ctx.userTopics.length },
  };
}

/**
 * Restore one slice of a backup (merging into what is there): papers, saved rows, sightings (each names
 * its visit by page and start time, so slices restore on their own), collections, topics, settings.
 */
export async function restoreBackup(ctx: Ctx, history: History, part: Extract<Request, { type: 'restoreBackup' }>['part'], onLibrary: () => void): Promise<Responses['restoreBackup']> {
  const { backup, errors } = readBackup({ format: BACKUP_FORMAT, version: BACKUP_VERSION, ...part });
  if (errors.length) throw new Error(`backup part has ${errors.length} invalid record(s): ${errors.slice(0, 3).map((e) => e.reason).join('; ')}`);
  history.drop();
  await ctx.write(async () => {
    // Papers named by sightings or saved rows of this slice but stored by an earlier slice.
    const named = new Set([...backup.sightings.map((s) => s.paperId), ...backup.saved.map((s) => s.paperId)]);
    await ctx.lib.write(async (w) => {
      const byId = new Map<string, PaperRow>();
      for (const p of backup.papers) {
        const existing = byId.get(p.id) ?? (await w.paperById(p.id));
        const n = existing?.n ?? ++ctx.last.n;
        const base = mergePaper(existing, { ...p }, null, p.updatedAt, n);
        const row: PaperRow = {
          ...base.row,
          origins: [...new Set([...(existing?.origins ?? []), ...p.origins])],
          collections: [...new Set([...(existing?.collections ?? []), ...p.collections])],
          topics: existing?.topics.length ? existing.topics : p.topics,
          addedAt: existing ? Math.min(existing.addedAt, p.addedAt) : p.addedAt,
          updatedAt: p.updatedAt,
        };
        w.putPaper(row, base.abstract, !existing);
        byId.set(p.id, row);
        w.addKeys(keyHashes(row), row.n);
      }
      for (const id of named) if (!byId.has(id)) {
        const r = await w.paperById(id);
        if (r) byId.set(id, r);
      }
      for (const s of backup.saved) fire(w.tx.objectStore('saved').put(s));
      // Sightings: find or create each visit (same page, same start), then one sighting per paper per visit.
      const visits = new Map<string, VisitRow>();
      const visitKey = (url: string, start: number) => `${start}\u0000${url}`;
      for (const s of backup.sightings) {
        const k = visitKey(s.pageUrl, s.visitStart);
        if (visits.has(k)) continue;
        const same = (await w.tx.objectStore('visits').index('byUrl').getAll(s.pageUrl)).find((v) => v.startedAt === s.visitStart);
        const v = same ?? { v: ++ctx.last.v, url: s.pageUrl, site: s.site, label: s.label, date: s.date, startedAt: s.visitStart, lastAt: s.at, loads: [] };
        if (!same) w.putVisit(v, true);
        visits.set(k, v);
      }
      const shown = new Map<string, { v: number; at: number; ns: number[] }>();
      for (const s of backup.sightings) {
        const v = visits.get(visitKey(s.pageUrl, s.visitStart))!;
        const row = byId.get(s.paperId);
        if (!row) continue;
        const added = withSighting(row, v.v, s.at);
        if (!added.added) continue;
        byId.set(s.paperId, added.row);
        const k = `${v.v}:${s.at}`;
        const rec = shown.get(k) ?? { v: v.v, at: s.at, ns: [] };
        rec.ns.push(row.n);
        shown.set(k, rec);
        if (v.lastAt < s.at) {
          v.lastAt = s.at;
          w.putVisit({ ...v }, false);
        }
      }
      for (const rec of shown.values()) w.putSightings(rec.v, rec.at, rec.ns);
      for (const row of byId.values()) w.putPaper(row, null, false);
      for (const i of backup.imports) fire(w.tx.objectStore('imports').put(i));
      const restored = new Map(backup.papers.map((p) => [p.id, p]));
      writeSegment(ctx, w, [...byId.values()].filter((r) => restored.has(r.id)).map((r) => [r, restored.get(r.id)!.abstract] as [PaperRow, string | null]));
      bumpLibRev(ctx, w);
      if (part.userTopics) w.putMeta('userTopics', part.userTopics);
      w.onCommit(() => {
        for (const s of backup.saved) ctx.saved.set(s.paperId, s);
        for (const i of backup.imports) ctx.imports.set(i.id, i);
        for (const r of byId.values()) for (const h of keyHashes(r)) ctx.keys.add(h, r.n);
        if (part.userTopics) {
          ctx.userTopics = part.userTopics;
          ctx.tagger = createTagger({ userTopics: ctx.userTopics, hidden: ctx.settings.hiddenTopics });
        }
      });
    });
    if (part.settings) ctx.settings = await ctx.lib.updateSettings(part.settings as Partial<Settings>);
    if (backup.papers.length || backup.saved.length || backup.imports.length) await rebuildLibIndex(ctx);
  });
  onLibrary();
  ctx.broadcast({ type: 'changed', what: 'library' });
  return { restored: backup.papers.length + backup.saved.length + backup.sightings.length + backup.imports.length };
}

/** Delete everything (options "delete all data"). */
export async function wipe(ctx: Ctx, history: History, onLibrary: () => void): Promise<Responses['wipe']> {
  history.drop();
  await ctx.write(async () => {
    await ctx.lib.wipe();
    await ctx.lib.setMeta('derived', DERIVED_VERSION);
    ctx.saved.clear();
    ctx.imports.clear();
    ctx.userTopics = [];
    ctx.settings = await ctx.lib.settings();
    ctx.tagger = createTagger({ userTopics: [], hidden: ctx.settings.hiddenTopics });
    ctx.counts = { papers: 0, sightings: 0, visits: 0 };
    ctx.libRev = 0;
    history.forget();
    await rebuildDerived(ctx);
    await rebuildLibIndex(ctx);
  });
  onLibrary();
  ctx.broadcast({ type: 'changed', what: 'library' });
  return { ok: true as const };
}
