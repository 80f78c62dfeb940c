import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ImportPanel } from '../../components/ImportPanel';
import { ZoteroPanel } from '../../components/ZoteroPanel';
import type { Broadcast, Responses, SettingsView, Stats, UserTopicInfo } from '../../lib/messages';
import { HISTORY_YEARS_CHOICES } from '../../lib/types';
import { send } from '../../lib/rpc';
import { SITE_OPTIONS } from '../../lib/sites/specs';

type SettingsReply = Responses['getSettings'];
type Collection = Responses['listCollections']['collections'][number];

function download(filename: string, text: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function fmtBytes(n: number): string {
  return n < 1024 * 1024 ? `${(n / 1024).toFixed(0)} KB` : `${(n / 1048576).toFixed(1)} MB`;
}


export function OptionsApp() {
  const [stats, setStats] = useState<Stats | null>(null);
  const [conf, setConf] = useState<SettingsReply | null>(null);
  const [collections, setCollections] = useState<Collection[]>([]);
  const [activeImport, setActiveImport] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [usage, setUsage] = useState<string>('');
  const [host, setHost] = useState('');
  const [exportTopic, setExportTopic] = useState('');
  const [exportTag, setExportTag] = useState('');
  const [withSightings, setWithSightings] = useState(false);
  const [shortcut, setShortcut] = useState<string>('');
  const [draft, setDraft] = useState<UserTopicInfo>({ id: '', label: '', color: '#0ea5e9', phrases: [], exclude: [] });
  const [phrasesText, setPhrasesText] = useState('');
  const [excludeText, setExcludeText] = useState('');

  const refresh = useCallback(async () => {
    try {
      const [s, c, cols] = await Promise.all([send({ type: 'stats' }), send({ type: 'getSettings' }), send({ type: 'listCollections' })]);
      setStats(s);
      setConf(c);
      setCollections(cols.collections);
      const est = await navigator.storage?.estimate?.();
      const used = s.storageBytes ?? est?.usage ?? null;
      if (used != null) setUsage(`Paper Lens stores ${fmtBytes(used)} on this computer (its database included)${est?.quota ? `, of ${fmtBytes(est.quota)} the browser allows` : ''}.`);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);

  useEffect(() => {
    void refresh();
    void navigator.storage?.persist?.().catch(() => undefined);
    browser.commands?.getAll?.().then((cmds) => setShortcut(cmds.find((c) => c.name === '_execute_action' || c.name === '_execute_browser_action')?.shortcut ?? ''), () => setShortcut(''));
    const onMsg = (m: unknown) => {
      const b = (m as { paperLens?: Broadcast })?.paperLens;
      if (!b) return;
      if (b.type === 'storageError') setError(b.message);
      else void refresh();
    };
    browser.runtime.onMessage.addListener(onMsg);
    return () => browser.runtime.onMessage.removeListener(onMsg);
  }, [refresh]);

  const run = async (fn: () => Promise<unknown>, ok?: string) => {
    setError(null);
    try {
      await fn();
      if (ok) setNotice(ok);
      await refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const settings = conf?.settings;
  const addHost = async () => {
    const h = host.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    if (!/^[a-z0-9.-]+\.[a-z]{2,}$/.test(h)) return setError(`"${host}" is not a host name (example: github.com)`);
    // The permission prompt must come straight from the click.
    const granted = await browser.permissions.request({ origins: [`https://${h}/*`, `http://${h}/*`] }).catch(() => false);
    if (!granted) return setError(`Paper Lens was not allowed on ${h}.`);
    await run(() => send({ type: 'updateSettings', patch: { genericHosts: [...new Set([...(settings?.genericHosts ?? []), h])] } }), `Paper Lens now marks paper links on ${h}.`);
    setHost('');
  };
  const removeHost = (h: string) =>
    run(async () => {
      await send({ type: 'updateSettings', patch: { genericHosts: (settings?.genericHosts ?? []).filter((x) => x !== h) } });
      await browser.permissions.remove({ origins: [`https://${h}/*`, `http://${h}/*`] }).catch(() => false);
    });

  const saveTopic = () => {
    const label = draft.label.trim();
    const phrases = phrasesText.split(',').map((s) => s.trim()).filter(Boolean);
    if (!label || phrases.length === 0) return setError('A topic needs a name and at least one phrase.');
    const id = `u-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'topic'}`;
    const exclude = excludeText.split(',').map((s) => s.trim()).filter(Boolean);
    const topics = [...(conf?.userTopics ?? []).filter((t) => t.id !== id), { id, label, color: draft.color, phrases, exclude }];
    void run(() => send({ type: 'setUserTopics', topics }), `Topic "${label}" saved; it applies everywhere at once.`);
    setDraft({ ...draft, label: '' });
    setPhrasesText('');
    setExcludeText('');
  };

  return (
    <main class="options">
      <h1>Paper Lens</h1>
      <p class="pl-muted" data-testid="corpus-size">
        {stats
          ? `Bundled corpus: ${stats.corpusPapers} papers from ${stats.corpusListings} listings. In your library: ${stats.library.toLocaleString('en')} papers (${stats.saved.toLocaleString('en')} saved, ${stats.imports} imported collections). History: ${stats.sightings.toLocaleString('en')} sightings on ${stats.visits.toLocaleString('en')} visits; ${stats.localPapers.toLocaleString('en')} papers stored in all.`
          : 'loading…'}
      </p>
      <ErrorBanner message={error} />
      {notice && <div class="notice" role="status">{notice}</div>}

      <section aria-labelledby="sites-h">
        <h2 id="sites-h">Sites</h2>
        {settings && SITE_OPTIONS.map(({ id: k, label }) => (
          <label key={k} class="row">
            <input type="checkbox" checked={settings.sites[k]} onChange={(e) => void run(() => send({ type: 'updateSettings', patch: { sites: { [k]: (e.currentTarget as HTMLInputElement).checked } } }))} /> {label}
          </label>
        ))}
        <h3>Any page with paper links (off by default)</h3>
        <p class="pl-muted">On sites you add here, links to arXiv and Hugging Face paper pages get badges. The browser asks for permission for each site.</p>
        <div class="row">
          <input type="text" aria-label="Site to allow (host name)" placeholder="github.com" value={host} onInput={(e) => setHost((e.currentTarget as HTMLInputElement).value)} />
          <button type="button" onClick={() => void addHost()}>Allow on this site</button>
        </div>
        <ul>
          {settings?.genericHosts.map((h) => (
            <li key={h}>{h} <button type="button" onClick={() => void removeHost(h)}>remove</button></li>
          ))}
        </ul>
      </section>

      {settings && <ZoteroPanel settings={settings} onError={setError} onChanged={() => void refresh()} />}

      <section aria-labelledby="topics-h">
        <h2 id="topics-h">Topics</h2>
        <p class="pl-muted">Up to three per paper. Untick a topic to hide it everywhere.</p>
        <div class="topics">
          {conf?.topics.map((t) => (
            <label key={t.id} class="topic" title={t.description}>
              <input type="checkbox" checked={!settings?.hiddenTopics.includes(t.id)} onChange={(e) => {
                const show = (e.currentTarget as HTMLInputElement).checked;
                const hidden = new Set(settings?.hiddenTopics ?? []);
                if (show) hidden.delete(t.id);
                else hidden.add(t.id);
                void run(() => send({ type: 'updateSettings', patch: { hiddenTopics: [...hidden] } }));
              }} />
              <span class="dot" style={{ background: t.color }} /> {t.label}
            </label>
          ))}
        </div>
        <h3>Your topics</h3>
        <ul>
          {conf?.userTopics.map((t) => (
            <li key={t.id}>
              <span class="dot" style={{ background: t.color }} /> <strong>{t.label}</strong>: {t.phrases.join(', ')}
              {t.exclude.length ? ` (not: ${t.exclude.join(', ')})` : ''}{' '}
              <button type="button" onClick={() => void run(() => send({ type: 'setUserTopics', topics: conf.userTopics.filter((x) => x.id !== t.id) }))}>delete</button>
            </li>
          ))}
        </ul>
        <div class="row wrap">
          <input type="text" aria-label="Topic name" placeholder="name" value={draft.label} onInput={(e) => setDraft({ ...draft, label: (e.currentTarget as HTMLInputElement).value })} />
          <input type="color" aria-label="Topic colour" value={draft.color} onInput={(e) => setDraft({ ...draft, color: (e.currentTarget as HTMLInputElement).value })} />
          <input type="text" aria-label="Phrases that count for it (comma-separated)" placeholder="phrases, comma-separated" value={phrasesText} onInput={(e) => setPhrasesText((e.currentTarget as HTMLInputElement).value)} />
          <input type="text" aria-label="Phrases that exclude it (comma-separated)" placeholder="exclude phrases" value={excludeText} onInput={(e) => setExcludeText((e.currentTarget as HTMLInputElement).value)} />
          <button type="button" onClick={saveTopic}>Add topic</button>
        </div>
      </section>

      <section aria-labelledby="history-h">
        <h2 id="history-h">History</h2>
        <label class="row">
          <input type="checkbox" checked={settings?.historyEnabled ?? true} onChange={(e) => void run(() => send({ type: 'setHistory', enabled: (e.currentTarget as HTMLInputElement).checked }))} />
          Remember papers I have seen on listings (stays on this computer)
        </label>
        <label class="row">
          Keep history{' '}
          <select
            value={settings?.historyYears == null ? '' : String(settings.historyYears)}
            onChange={(e) => {
              const v = (e.currentTarget as HTMLSelectElement).value;
              const years = v ? Number(v) : null;
              if (years != null && !confirm(`Delete history older than ${years} year${years > 1 ? 's' : ''} now, and from then on once a day? Saved and imported papers are never deleted.`)) return void refresh();
              void run(() => send({ type: 'updateSettings', patch: { historyYears: years } }), years == null ? 'History is kept for good.' : `History older than ${years} year${years > 1 ? 's' : ''} is being deleted.`);
            }}
          >
            <option value="">everything</option>
            {HISTORY_YEARS_CHOICES.map((y) => (
              <option key={y} value={String(y)}>{`${y} year${y > 1 ? 's' : ''}`}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => { if (confirm('Clear the history of seen papers? Saved papers are kept.')) void run(() => send({ type: 'clearHistory' }), 'History cleared; saved papers kept.'); }}>
          Clear history
        </button>
      </section>

      <section aria-labelledby="data-h">
        <h2 id="data-h">Data</h2>
        <p class="pl-muted">{usage}</p>
        <h3>Export saved papers</h3>
        <div class="row wrap">
          <label>
            Topic{' '}
            <select value={exportTopic} onChange={(e) => setExportTopic((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">all</option>
              {[...(conf?.topics ?? []), ...(conf?.userTopics ?? [])].map((t) => <option key={t.id} value={t.id}>{t.label}</option>)}
            </select>
          </label>
          <label>
            Tag <input type="text" size={10} value={exportTag} onInput={(e) => setExportTag((e.currentTarget as HTMLInputElement).value)} />
          </label>
          {(['bibtex', 'ris', 'csv'] as const).map((f) => (
            <button key={f} type="button" onClick={() => void run(async () => {
              const r = await send({ type: 'exportSaved', format: f, topic: exportTopic || null, tag: exportTag.trim() || null });
              download(r.filename, r.text, r.mime);
              setNotice(`Exported ${r.count} saved paper${r.count === 1 ? '' : 's'} to ${r.filename}.`);
            })}>
              {f === 'bibtex' ? 'BibTeX' : f.toUpperCase()}
            </button>
          ))}
        </div>
        <h3>Backup</h3>
        <div class="row">
          <label><input type="checkbox" checked={withSightings} onChange={(e) => setWithSightings((e.currentTarget as HTMLInputElement).checked)} /> include history</label>
          <button type="button" onClick={() => void run(async () => {
            const r = await send({ type: 'exportBackup', includeSightings: withSightings });
            download(r.filename, r.json, 'application/json');
            setNotice(`Backup written: ${r.filename} (${r.counts.saved} saved, ${r.counts.papers} papers).`);
          })}>JSON backup</button>
        </div>
        <h3>Import a library</h3>
        <ImportPanel collections={collections} onDone={(msg) => { setNotice(msg); void refresh(); }} onError={(msg) => { setError(msg); if (msg) void refresh(); }} onActive={setActiveImport} />
        <h3>Imported collections</h3>
        {collections.length === 0 ? <p class="pl-muted">None yet.</p> : (
          <ul data-testid="collections">
            {collections.filter((c) => c.id !== activeImport).map((c) =>
              c.pending ? (
                <li key={c.id} class="pending">
                  <strong>{c.name}</strong> · unfinished import ({c.count} papers so far, started {new Date(c.importedAt).toLocaleString()}){' '}
                  <button type="button" onClick={() => void run(() => send({ type: 'importCancel', id: c.id }), `Undone: the library is as it was before "${c.name}".`)}>undo it</button>{' '}
                  <button type="button" onClick={() => void run(() => send({ type: 'importFinish', id: c.id, mode: 'keep', target: null }), `Kept the ${c.count} papers imported into "${c.name}".`)}>keep what was imported</button>
                </li>
              ) : (
                <li key={c.id}>
                  <strong>{c.name}</strong> · {c.count} papers · {c.format} · {new Date(c.importedAt).toLocaleDateString()}{' '}
                  <button type="button" onClick={() => void run(() => send({ type: 'removeCollection', id: c.id }), `Removed "${c.name}".`)}>remove</button>
                </li>
              ),
            )}
          </ul>
        )}
        <h3>Delete everything</h3>
        <button type="button" class="danger" onClick={() => {
          const typed = prompt('This deletes all saved papers, notes, history, imports and your topics. Type DELETE to confirm.');
          if (typed === 'DELETE') void run(() => send({ type: 'wipe', confirm: 'DELETE' }), 'All Paper Lens data was deleted.');
        }}>Delete all Paper Lens data…</button>
      </section>

      <section aria-labelledby="keys-h">
        <h2 id="keys-h">Keyboard</h2>
        <p data-testid="shortcut">
          {shortcut ? (
            <>Open the search popup: <kbd>{shortcut}</kbd></>
          ) : (
            <>
              No keyboard shortcut opens the search popup yet (another extension may use Alt+Shift+P). Set one in{' '}
              {navigator.userAgent.includes('Firefox') ? 'about:addons → ⚙ → Manage Extension Shortcuts' : 'chrome://extensions/shortcuts'}, or click the Paper Lens button in the toolbar.
            </>
          )}
        </p>
        <button type="button" onClick={() => void browser.tabs.create({ url: navigator.userAgent.includes('Firefox') ? 'about:addons' : 'chrome://extensions/shortcuts' })}>
          Change shortcuts in the browser settings
        </button>
      </section>
    </main>
  );
}
