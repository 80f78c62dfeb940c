import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ResultList, searchUrlFor } from '../../components/ResultList';
import type { Broadcast, SearchHit, Stats } from '../../lib/messages';
import { send } from '../../lib/rpc';
import { QUERY_HINT } from '../../lib/search/query';
import { TAXONOMY } from '../../lib/topics/taxonomy';

const PAGE = 20;

export function PopupApp() {
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState(() => new URLSearchParams(location.search).get('q') ?? '');
  const [savedOnly, setSavedOnly] = useState(false);
  const [topic, setTopic] = useState<string>(() => new URLSearchParams(location.search).get('topic') ?? '');
  const [source, setSource] = useState<string>('');
  const [order, setOrder] = useState<'relevance' | 'forYou'>('relevance');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [total, setTotal] = useState(0);
  const [active, setActive] = useState(0);
  const [limit, setLimit] = useState(PAGE);
  const input = useRef<HTMLInputElement>(null);
  const seq = useRef(0);

  const refresh = useCallback(async () => {
    const my = ++seq.current;
    try {
      const empty = !query.trim() && !topic && !source && !savedOnly;
      const res = empty
        ? await send({ type: 'listSaved', limit })
        : await send({ type: 'search', query, filters: { savedOnly, topic: topic || null, source: (source || null) as never }, limit, ...(order === 'forYou' ? { sort: 'forYou' as const } : {}) });
      if (my !== seq.current) return;
      setHits(res.hits);
      setTotal(res.total);
      setActive((a) => Math.min(a, Math.max(0, res.hits.length - 1)));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [query, savedOnly, topic, source, limit, order]);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    send({ type: 'stats' }).then(setStats, (e: Error) => setError(e.message));
    input.current?.focus();
    void navigator.storage?.persist?.().catch(() => undefined);
    const onMsg = (m: unknown) => {
      const b = (m as { paperLens?: Broadcast })?.paperLens;
      if (!b) return;
      if (b.type === 'storageError') setError(b.message);
      else {
        void refresh();
        send({ type: 'stats' }).then(setStats, () => undefined);
      }
    };
    browser.runtime.onMessage.addListener(onMsg);
    return () => browser.runtime.onMessage.removeListener(onMsg);
  }, [refresh]);

  const open = (h: SearchHit, background: boolean) => {
    const url = h.url ?? searchUrlFor(h.title);
    void browser.tabs.create({ url, active: !background });
  };
  const toggle = async (h: SearchHit) => {
    try {
      if (h.saved) await send({ type: 'unsave', paperId: h.id });
      else await send({ type: 'save', entry: { title: h.title, arxivId: null, url: h.url }, paperId: h.id });
      await refresh();
      setStats(await send({ type: 'stats' }));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const onKey = (e: KeyboardEvent) => {
    // Keys typed into a tags/note form are the form's.
    if ((e.target as HTMLElement | null)?.closest?.('.pop')) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, hits.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter' && hits[active]) {
      e.preventDefault();
      open(hits[active]!, e.ctrlKey || e.metaKey);
    } else if (e.key === 'Escape' && query) {
      e.preventDefault();
      setQuery('');
    }
  };
  const empty = !query.trim() && !topic && !source && !savedOnly;
  return (
    <main class="popup" onKeyDown={onKey}>
      <header>
        <h1>Paper Lens</h1>
        <span class="pl-muted" data-testid="counts">
          {stats ? `${stats.library.toLocaleString('en')} in your library · ${stats.saved.toLocaleString('en')} saved · ${stats.localPapers.toLocaleString('en')} papers in all · ${stats.corpusPapers} in the bundled corpus` : 'loading…'}
        </span>
      </header>
      <label class="sr-only" for="q">Search papers</label>
      <input id="q" ref={input} type="search" placeholder="Search titles, abstracts, authors, topics…" value={query} aria-describedby="hint" aria-controls="res" aria-activedescendant={hits.length ? `res-${active}` : undefined} onInput={(e) => { setQuery((e.currentTarget as HTMLInputElement).value); setActive(0); setLimit(PAGE); }} />
      <div id="hint" class="hint pl-muted">{QUERY_HINT} · ↑/↓ Enter (Ctrl+Enter: background tab) · Esc clears</div>
      <div class="filters">
        <label><input type="checkbox" checked={savedOnly} onChange={(e) => setSavedOnly((e.currentTarget as HTMLInputElement).checked)} /> Saved only</label>
        <label>
          Topic{' '}
          <select value={topic} onChange={(e) => setTopic((e.currentTarget as HTMLSelectElement).value)} aria-label="Topic filter">
            <option value="">any</option>
            {TAXONOMY.map((t) => <option key={t.id} value={t.id}>{t.label}</option>)}
          </select>
        </label>
        <label>
          Source{' '}
          <select value={source} onChange={(e) => setSource((e.currentTarget as HTMLSelectElement).value)} aria-label="Source filter">
            <option value="">any</option>
            <option value="bundled">bundled corpus</option>
            <option value="seen">seen on listings</option>
            <option value="imported">imported</option>
            <option value="zotero">Zotero</option>
          </select>
        </label>
        <label class="order">
          Order{' '}
          <select value={order} onChange={(e) => setOrder((e.currentTarget as HTMLSelectElement).value as 'relevance' | 'forYou')} aria-label="Order of the results">
            <option value="relevance">best match</option>
            <option value="forYou">for you (like your saved papers)</option>
          </select>
        </label>
      </div>
      <ErrorBanner message={error} />
      <h2 class="section">{empty ? `Saved papers (${total}), newest first` : `${total} result${total === 1 ? '' : 's'}`}</h2>
      <div id="res" data-testid="results">
        <ResultList
          hits={hits}
          active={active}
          onToggle={(h) => void toggle(h)}
          onOpen={open}
          onHover={setActive}
          onSetNote={async (h, note, tags) => {
            await send({ type: 'setNote', paperId: h.id, note, tags });
            await refresh();
          }}
        />
      </div>
      {hits.length < total && (
        <button type="button" class="more" onClick={() => setLimit((l) => l + PAGE)}>
          Show more ({total - hits.length} left)
        </button>
      )}
      {empty && total === 0 && <p class="pl-muted">Nothing saved yet. Click ☆ next to a paper on a listing, or search above.</p>}
    </main>
  );
}
