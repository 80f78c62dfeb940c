/**
 * Import a library file (BibTeX, RIS, CSV with a title column, CSL-JSON, or a Paper Lens JSON backup):
 * read it in slices with a progress bar and a Cancel button, preview what was read / already known / could
 * not be read (each with its line), then import it in batches. The import is staged in the background and
 * only becomes a collection when it finishes (kept, added to a collection of the same name, or replacing
 * it); Cancel, or an error half-way, puts the library back as it was.
 */
import { useRef, useState } from 'preact/hooks';
import { BACKUP_FORMAT, readBackup, type Backup } from '../lib/export/backup';
import { decodeFileInSlices, detectFormat, ImportError, MAX_IMPORT_BYTES, readBibtex, readCslJson, readCsv, readRis, type ImportEntry, type ReadResult } from '../lib/export/readers';
import type { EntryInfo, ImportSave, Responses } from '../lib/messages';
import { send } from '../lib/rpc';

type Collection = Responses['listCollections']['collections'][number];

const BATCH = 1000;
const DRY_BATCH = 5000;
const tick = () => new Promise<void>((r) => setTimeout(r, 0));

class Cancelled extends Error {}

export function toEntry(e: ImportEntry): EntryInfo {
  let url: string | null = null;
  try {
    url = e.url && /^https?:/i.test(e.url) && e.url.length <= 2048 ? new URL(e.url).href : null;
  } catch {
    url = null;
  }
  return {
    title: e.title.slice(0, 1000),
    arxivId: e.arxivId,
    doi: e.doi && e.doi.length <= 256 ? e.doi : null,
    url,
    abstract: e.abstract ? e.abstract.slice(0, 20000) : null,
    authors: e.authors.slice(0, 200).map((a) => a.slice(0, 300)),
    year: e.year && e.year >= 1000 && e.year <= 3000 ? e.year : null,
  };
}

/** An entry to save as well: its saved date (a Paper Lens export), its tags and its note, within the message limits. */
export function toSave(e: ImportEntry): ImportSave {
  return {
    savedAt: e.savedAt && e.savedAt > 0 && e.savedAt < 8.64e15 ? Math.round(e.savedAt) : null,
    tags: [...new Set((e.keywords ?? []).map((k) => k.trim().slice(0, 100)).filter(Boolean))].slice(0, 50),
    note: (e.note ?? '').slice(0, 10000),
  };
}

/** What the preview's "already known" count needs: title and ids, nothing else. */
function toProbe(e: ImportEntry): EntryInfo {
  return { title: e.title.slice(0, 1000), arxivId: e.arxivId, doi: e.doi && e.doi.length <= 256 ? e.doi : null, url: null };
}

type Phase = 'idle' | 'reading' | 'preview' | 'importing';
type Mode = 'replace' | 'merge' | 'keep';

const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/** "zotero (2)", "zotero (3)"…: the first name no collection has. */
function freeName(name: string, collections: Collection[]): string {
  for (let k = 2; ; k++) {
    const next = `${name} (${k})`;
    if (!collections.some((c) => sameName(c.name, next))) return next;
  }
}

const FORMAT_NAMES: Record<ReadResult['format'], string> = { bibtex: 'BibTeX', ris: 'RIS', csv: 'CSV', json: 'JSON backup', csljson: 'CSL-JSON' };

export function ImportPanel({ collections, onDone, onError, onActive }: {
  collections: Collection[];
  onDone(message: string): void;
  onError(message: string | null): void;
  /** The staging id of the import running now (null when none): the options page does not offer to undo it. */
  onActive?(id: string | null): void;
}) {
  const [phase, setPhase] = useState<Phase>('idle');
  const [name, setName] = useState('');
  const [fileName, setFileName] = useState('');
  const [progress, setProgress] = useState<{ done: number; total: number; what: string } | null>(null);
  const [read, setRead] = useState<ReadResult | null>(null);
  const [backup, setBackup] = useState<{ b: Backup; errors: ReadResult['errors'] } | null>(null);
  const [matched, setMatched] = useState(0);
  const [mode, setMode] = useState<Mode>('replace');
  /** Save the papers too, with their tags and notes (on by default for a Paper Lens export of saved papers). */
  const [saveAll, setSaveAll] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const cancelled = useRef(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const reset = () => {
    setPhase('idle');
    setRead(null);
    setBackup(null);
    setProgress(null);
    setMatched(0);
    setMode('replace');
    setSaveAll(false);
    setCancelling(false);
    cancelled.current = false;
  };
  const clearFile = () => {
    if (fileInput.current) fileInput.current.value = '';
  };

  const onFile = async (file: File | undefined) => {
    reset();
    onError(null);
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) return onError(`"${file.name}" is ${(file.size / 1048576).toFixed(1)} MB; Paper Lens imports files up to 50 MB.`);
    setFileName(file.name);
    setName(file.name.replace(/\.[a-z]+$/i, ''));
    setPhase('reading');
    setProgress({ done: 0, total: 1, what: 'Reading' });
    try {
      const { text, warnings } = await decodeFileInSlices(new Uint8Array(await file.arrayBuffer()), tick);
      const format = detectFormat(file.name, text);
      let res: ReadResult;
      if (format === 'json') {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch (e) {
          throw new ImportError(`This JSON file cannot be read: ${(e as Error).message}`);
        }
        if (json && typeof json === 'object' && !Array.isArray(json) && (json as { format?: unknown }).format === BACKUP_FORMAT) {
          const { backup: b, errors } = readBackup(json);
          setBackup({ b, errors });
          setProgress(null);
          setPhase('preview');
          return;
        }
        res = readCslJson(json);
      } else if (format === 'bibtex') {
        res = await readBibtex(
          text,
          async (done, total) => {
            setProgress({ done, total, what: 'Reading' });
            await tick();
          },
          () => cancelled.current,
        );
      } else res = format === 'ris' ? readRis(text) : readCsv(text);
      if (cancelled.current) throw new Cancelled();
      res.warnings.push(...warnings);
      // How many are already known: counted in the background from memory, nothing written.
      let m = 0;
      for (let i = 0; i < res.entries.length; i += DRY_BATCH) {
        if (cancelled.current) throw new Cancelled();
        setProgress({ done: i, total: res.entries.length, what: 'Checking what you already have' });
        const r = await send({ type: 'importBatch', collection: { id: 'preview', name: 'preview', format: res.format }, entries: res.entries.slice(i, i + DRY_BATCH).map(toProbe), dryRun: true });
        m += r.matched;
      }
      setRead(res);
      setMatched(m);
      setSaveAll(res.entries.some((e) => e.savedAt != null));
      setProgress(null);
      setPhase('preview');
    } catch (e) {
      const wasCancelled = e instanceof Cancelled || cancelled.current;
      reset();
      clearFile();
      if (wasCancelled) onDone(`Reading "${file.name}" was cancelled; nothing was imported.`);
      else onError(e instanceof ImportError ? e.message : `Could not read "${file.name}": ${(e as Error).message}`);
    }
  };

  const existing = collections.find((c) => !c.pending && sameName(c.name, name || fileName));

  const doImport = async () => {
    if (!read || read.entries.length === 0) return;
    cancelled.current = false;
    setPhase('importing');
    const wanted = name.trim() || fileName || 'Imported';
    const how: Mode = existing ? mode : 'keep';
    const finalName = existing && how === 'keep' ? freeName(wanted, collections) : wanted;
    const collection = { id: `c-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`, name: finalName, format: read.format };
    let sent = 0;
    onActive?.(collection.id);
    try {
      for (let i = 0; i < read.entries.length; i += BATCH) {
        if (cancelled.current) throw new Cancelled();
        setProgress({ done: i, total: read.entries.length, what: 'Importing' });
        const slice = read.entries.slice(i, i + BATCH);
        sent++;
        await send({ type: 'importBatch', collection, entries: slice.map(toEntry), ...(saveAll ? { saves: slice.map(toSave) } : {}) });
      }
      if (cancelled.current) throw new Cancelled();
      setProgress({ done: read.entries.length, total: read.entries.length, what: 'Finishing' });
      await send({ type: 'importFinish', id: collection.id, mode: how, target: how === 'keep' ? null : existing!.id });
      const where = how === 'merge' ? `added to "${existing!.name}"` : how === 'replace' ? `replacing the previous "${existing!.name}"` : `as "${finalName}"`;
      const skipped = read.errors.length ? `; ${read.errors.length} ${read.errors.length === 1 ? 'entry' : 'entries'} could not be read and ${read.errors.length === 1 ? 'was' : 'were'} not imported` : '';
      onActive?.(null);
      onDone(`Imported ${read.entries.length} papers ${where} (${matched} were already known)${saveAll ? ', all saved with their tags and notes' : ''}${skipped}.`);
      reset();
      clearFile();
    } catch (e) {
      const wasCancelled = e instanceof Cancelled;
      setProgress({ done: 0, total: 1, what: 'Undoing' });
      let undone = sent === 0;
      if (!undone) {
        try {
          await send({ type: 'importCancel', id: collection.id });
          undone = true;
        } catch {
          undone = false;
        }
      }
      setProgress(null);
      setCancelling(false);
      setPhase('preview');
      onActive?.(null);
      if (wasCancelled && undone) onDone('Import cancelled; your library is as it was.');
      else if (undone) onError(`Import stopped: ${(e as Error).message}. Nothing was imported; your library is as it was.`);
      else onError(`Import stopped: ${(e as Error).message}. The papers imported so far are listed below as an unfinished import: undo it or keep it.`);
    }
  };

  const doRestore = async () => {
    if (!backup) return;
    setPhase('importing');
    const b = backup.b;
    const parts: Array<Record<string, unknown>> = [];
    for (const key of ['papers', 'saved', 'sightings', 'imports'] as const) for (let i = 0; i < b[key].length; i += 2000) parts.push({ [key]: b[key].slice(i, i + 2000) });
    parts.push({ userTopics: b.userTopics, settings: b.settings });
    try {
      for (let i = 0; i < parts.length; i++) {
        setProgress({ done: i, total: parts.length, what: 'Restoring' });
        await send({ type: 'restoreBackup', part: parts[i] as never });
      }
      onDone(`Backup restored: ${b.saved.length} saved papers, ${b.papers.length} papers, ${b.sightings.length} sightings, ${b.imports.length} collections.`);
      reset();
      clearFile();
    } catch (e) {
      onError(`Restore stopped: ${(e as Error).message}`);
      setPhase('preview');
      setProgress(null);
    }
  };

  const cancel = () => {
    cancelled.current = true;
    setCancelling(true);
  };

  const errors = read?.errors ?? backup?.errors ?? [];
  const busy = phase === 'reading' || phase === 'importing';
  return (
    <div class="import">
      <div class="row wrap">
        <label>
          File <input ref={fileInput} type="file" accept=".bib,.bibtex,.ris,.csv,.json,text/plain" disabled={busy} onChange={(e) => void onFile((e.currentTarget as HTMLInputElement).files?.[0])} />
        </label>
        <label>
          Collection name <input type="text" value={name} disabled={busy} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
        </label>
      </div>
      {progress && (
        <div class="row" data-testid="import-progress">
          <span>{progress.what}…</span>
          <progress max={progress.total} value={progress.done} aria-label={`${progress.what} progress`} />
          <span>{progress.total > 1 ? `${Math.round((100 * progress.done) / progress.total)}%` : ''}</span>
          {busy && progress.what !== 'Undoing' && progress.what !== 'Finishing' && (
            <button type="button" onClick={cancel} disabled={cancelling}>{cancelling ? 'Cancelling…' : 'Cancel'}</button>
          )}
        </div>
      )}
      {phase !== 'idle' && phase !== 'reading' && read && (
        <div class="preview" role="region" aria-label="Import preview" data-testid="import-preview">
          <p>
            {FORMAT_NAMES[read.format]} file {fileName}: <strong>{read.entries.length + read.errors.length}</strong> entries · <strong>{read.entries.length}</strong> read ·{' '}
            <strong>{read.errors.length}</strong> could not be read · <strong>{matched}</strong> of those read are already in Paper Lens
          </p>
          {read.warnings.map((w) => <p key={w} class="pl-muted">⚠ {w}</p>)}
          {read.entries.length > 0 && existing && (
            <fieldset class="same-name" disabled={busy}>
              <legend>You already have a collection named "{existing.name}" ({existing.count} papers)</legend>
              <label><input type="radio" name="import-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} /> Replace it with this file (papers only in the old one are removed, unless saved or seen)</label>
              <label><input type="radio" name="import-mode" checked={mode === 'merge'} onChange={() => setMode('merge')} /> Add this file's papers to it</label>
              <label><input type="radio" name="import-mode" checked={mode === 'keep'} onChange={() => setMode('keep')} /> Keep both (this one as "{freeName(name.trim() || fileName, collections)}")</label>
            </fieldset>
          )}
          {read.entries.length > 0 && (
            <label class="save-all">
              <input type="checkbox" checked={saveAll} disabled={busy} onChange={(e) => setSaveAll((e.currentTarget as HTMLInputElement).checked)} /> Save these papers too, with their tags and notes
              {read.entries.some((e) => e.savedAt != null) ? ' (this file is a Paper Lens export of saved papers)' : ''}
            </label>
          )}
          {read.entries.length > 0 ? (
            <button type="button" disabled={busy} onClick={() => void doImport()}>
              {existing && mode === 'replace' ? `Import ${read.entries.length} papers, replacing "${existing.name}"` : existing && mode === 'merge' ? `Add ${read.entries.length} papers to "${existing.name}"` : `Import ${read.entries.length} papers as "${existing ? freeName(name.trim() || fileName, collections) : name.trim() || fileName}"`}
            </button>
          ) : (
            <p>Nothing could be read from this file; nothing was imported.</p>
          )}
        </div>
      )}
      {phase !== 'idle' && backup && (
        <div class="preview" role="region" aria-label="Restore preview" data-testid="import-preview">
          <p>
            Paper Lens backup from {backup.b.exportedAt ? new Date(backup.b.exportedAt).toLocaleString() : 'an unknown date'}: {backup.b.saved.length} saved, {backup.b.papers.length} papers, {backup.b.sightings.length} sightings,{' '}
            {backup.b.imports.length} collections, {backup.b.userTopics.length} topics · {backup.errors.length} invalid records skipped
          </p>
          <button type="button" disabled={busy} onClick={() => void doRestore()}>Restore this backup</button>
        </div>
      )}
      {errors.length > 0 && phase !== 'idle' && (
        <details open={errors.length <= 20}>
          <summary>{errors.length} entr{errors.length === 1 ? 'y' : 'ies'} could not be read (not imported)</summary>
          <ul class="errors">
            {errors.slice(0, 500).map((e, i) => (
              <li key={i}>{e.line > 0 ? `line ${e.line}: ` : ''}{e.reason}</li>
            ))}
            {errors.length > 500 && <li>… and {errors.length - 500} more</li>}
          </ul>
        </details>
      )}
    </div>
  );
}
