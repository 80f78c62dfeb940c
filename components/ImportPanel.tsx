/**
 * Import a library file (BibTeX, RIS, CSV with a title column, or a Paper Lens JSON backup): read it in
 * chunks with a progress bar, preview what was read / already known / could not be read (with line
 * numbers), then import it as a named collection in batches.
 */
import { useState } from 'preact/hooks';
import { readBackup, type Backup } from '../lib/export/backup';
import { decodeFile, detectFormat, ImportError, MAX_IMPORT_BYTES, readBibtex, readCsv, readRis, type ImportEntry, type ReadResult } from '../lib/export/readers';
import type { EntryInfo } from '../lib/messages';
import { send } from '../lib/rpc';

const BATCH = 500;
const tick = () => new Promise<void>((r) => setTimeout(r, 0));

function toEntry(e: ImportEntry): EntryInfo {
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

type Phase = 'idle' | 'reading' | 'preview' | 'importing';

export function ImportPanel({ onDone, onError }: { onDone(message: string): void; onError(message: string | null): void }) {
  const [phase, setPhase] = useState<Phase>('idle');
  const [name, setName] = useState('');
  const [fileName, setFileName] = useState('');
  const [progress, setProgress] = useState<{ done: number; total: number; what: string } | null>(null);
  const [read, setRead] = useState<ReadResult | null>(null);
  const [backup, setBackup] = useState<{ b: Backup; errors: ReadResult['errors'] } | null>(null);
  const [matched, setMatched] = useState(0);

  const reset = () => {
    setPhase('idle');
    setRead(null);
    setBackup(null);
    setProgress(null);
    setMatched(0);
  };

  const onFile = async (file: File | undefined) => {
    reset();
    onError(null);
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) return onError(`"${file.name}" is ${(file.size / 1048576).toFixed(1)} MB; Paper Lens imports files up to 50 MB.`);
    setFileName(file.name);
    if (!name) setName(file.name.replace(/\.[a-z]+$/i, ''));
    setPhase('reading');
    try {
      const { text, warnings } = decodeFile(new Uint8Array(await file.arrayBuffer()));
      const format = detectFormat(file.name, text);
      if (format === 'json') {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch (e) {
          throw new ImportError(`This JSON file cannot be read: ${(e as Error).message}`);
        }
        const { backup: b, errors } = readBackup(json);
        setBackup({ b, errors });
        setPhase('preview');
        return;
      }
      setProgress({ done: 0, total: 1, what: 'Reading' });
      const res =
        format === 'bibtex'
          ? await readBibtex(text, async (done, total) => {
              setProgress({ done, total, what: 'Reading' });
              await tick();
            })
          : format === 'ris'
            ? readRis(text)
            : readCsv(text);
      res.warnings.push(...warnings);
      setRead(res);
      // How many are already known (no writes).
      let m = 0;
      for (let i = 0; i < res.entries.length; i += 1000) {
        setProgress({ done: i, total: res.entries.length, what: 'Matching' });
        const r = await send({ type: 'importBatch', collection: { id: 'preview', name: 'preview', format }, entries: res.entries.slice(i, i + 1000).map(toEntry), dryRun: true });
        m += r.matched;
      }
      setMatched(m);
      setProgress(null);
      setPhase('preview');
    } catch (e) {
      reset();
      onError(e instanceof ImportError ? e.message : `Could not read "${file.name}": ${(e as Error).message}`);
    }
  };

  const doImport = async () => {
    if (!read || read.entries.length === 0) return;
    setPhase('importing');
    const collection = { id: `c-${Date.now().toString(36)}`, name: name.trim() || fileName || 'Imported', format: read.format };
    try {
      for (let i = 0; i < read.entries.length; i += BATCH) {
        setProgress({ done: i, total: read.entries.length, what: 'Importing' });
        await send({ type: 'importBatch', collection, entries: read.entries.slice(i, i + BATCH).map(toEntry) });
      }
      onDone(`Imported ${read.entries.length} papers as "${collection.name}" (${matched} were already known)${read.errors.length ? `; ${read.errors.length} entries could not be read` : ''}.`);
      reset();
    } catch (e) {
      onError(`Import stopped: ${(e as Error).message}. Papers imported before the error are in "${collection.name}"; remove the collection to undo.`);
      setPhase('preview');
      setProgress(null);
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
    } catch (e) {
      onError(`Restore stopped: ${(e as Error).message}`);
      setPhase('preview');
      setProgress(null);
    }
  };

  const errors = read?.errors ?? backup?.errors ?? [];
  return (
    <div class="import">
      <div class="row wrap">
        <label>
          File <input type="file" accept=".bib,.bibtex,.ris,.csv,.json,text/plain" disabled={phase === 'reading' || phase === 'importing'} onChange={(e) => void onFile((e.currentTarget as HTMLInputElement).files?.[0])} />
        </label>
        <label>
          Collection name <input type="text" value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
        </label>
      </div>
      {progress && (
        <div class="row">
          <span>{progress.what}…</span>
          <progress max={progress.total} value={progress.done} aria-label={`${progress.what} progress`} />
          <span>{progress.done} / {progress.total}</span>
        </div>
      )}
      {phase === 'preview' && read && (
        <div class="preview" role="region" aria-label="Import preview" data-testid="import-preview">
          <p>
            <strong>{read.entries.length}</strong> papers read from {fileName} ({read.format}) · <strong>{matched}</strong> already known · <strong>{read.errors.length}</strong> could not be read
          </p>
          {read.warnings.map((w) => <p key={w} class="pl-muted">⚠ {w}</p>)}
          {read.entries.length > 0 ? (
            <button type="button" onClick={() => void doImport()}>Import {read.entries.length} papers as "{name.trim() || fileName}"</button>
          ) : (
            <p>Nothing could be read from this file; nothing was imported.</p>
          )}
        </div>
      )}
      {phase === 'preview' && backup && (
        <div class="preview" role="region" aria-label="Restore preview" data-testid="import-preview">
          <p>
            Paper Lens backup from {backup.b.exportedAt ? new Date(backup.b.exportedAt).toLocaleString() : 'an unknown date'}: {backup.b.saved.length} saved, {backup.b.papers.length} papers, {backup.b.sightings.length} sightings,{' '}
            {backup.b.imports.length} collections, {backup.b.userTopics.length} topics · {backup.errors.length} invalid records skipped
          </p>
          <button type="button" onClick={() => void doRestore()}>Restore this backup</button>
        </div>
      )}
      {errors.length > 0 && (
        <details open={errors.length <= 20}>
          <summary>{errors.length} entr{errors.length === 1 ? 'y' : 'ies'} could not be read</summary>
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
