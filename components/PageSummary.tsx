/** The page summary pinned in a corner: counts and the seen/saved filter (remembered per site); collapsible. */
import type { Annotation } from '../lib/messages';
import type { PageFilter } from '../lib/types';

/** Counts of distinct papers: an entry that repeats an earlier one on the page counts once, under `repeats`. */
export interface SummaryCounts {
  total: number;
  /** Seen on an earlier visit. */
  seen: number;
  /** Never seen before this visit. */
  fresh: number;
  saved: number;
  /** In the bundled corpus (not "seen" unless also seen on an earlier visit). */
  corpus: number;
  /** In an imported collection. */
  library: number;
  /** Marked "for you". */
  forYou: number;
  /** Entries that repeat a paper listed earlier on the page (not counted above). */
  repeats: number;
}

/** Seen on an earlier visit (the bundled corpus and the library are not "seen": they are counted apart). The summary and the "hide seen" filter both ask this. */
export function isSeen(a: Annotation | null): boolean {
  return !!a && a.seenBefore.length > 0;
}

/**
 * The summary's counts over the annotated entries still on the page: each paper once (an entry whose
 * repeats name an earlier entry that is still there is counted as a repeat, not as another paper).
 */
export function countPapers(items: ReadonlyArray<{ index: number; a: Annotation; forYou: boolean }>): SummaryCounts {
  const present = new Set(items.map((it) => it.index));
  const c: SummaryCounts = { total: 0, seen: 0, fresh: 0, saved: 0, corpus: 0, library: 0, forYou: 0, repeats: 0 };
  for (const { index, a, forYou } of items) {
    if (a.repeats.some((r) => r < index && present.has(r))) {
      c.repeats++;
      continue;
    }
    c.total++;
    if (isSeen(a)) c.seen++;
    else c.fresh++;
    if (a.saved) c.saved++;
    if (a.corpus.length > 0) c.corpus++;
    if (a.libraries.length > 0 || a.zotero) c.library++;
    if (forYou) c.forYou++;
  }
  return c;
}

export function summaryText(c: SummaryCounts): string {
  const extra = [c.forYou ? `${c.forYou} for you` : '', c.library ? `${c.library} in your library` : '', c.corpus ? `${c.corpus} in corpus` : '', c.repeats ? `${c.repeats} listed again` : ''].filter(Boolean);
  return [`${c.total} paper${c.total === 1 ? '' : 's'}`, `${c.seen} seen`, `${c.fresh} new`, `${c.saved} saved`, ...extra].join(' · ');
}

export function PageSummary({ counts, forYouHint, filter, dark, onFilter, error, collapsed, onCollapse }: { counts: SummaryCounts; forYouHint?: string | null; filter: PageFilter; dark: boolean; onFilter(f: PageFilter): void; error: string | null; collapsed: boolean; onCollapse(collapsed: boolean): void }) {
  const setCollapsed = onCollapse;
  if (collapsed) {
    return (
      <div class={`summary collapsed${dark ? ' dark' : ''}`} role="region" aria-label="Paper Lens page summary">
        <button type="button" class="toggle" aria-expanded="false" aria-label={`Paper Lens: ${summaryText(counts)}. Show the summary`} onClick={() => setCollapsed(false)}>
          PL · {counts.fresh} new
        </button>
      </div>
    );
  }
  return (
    <div class={`summary${dark ? ' dark' : ''}`} role="region" aria-label="Paper Lens page summary">
      <span class="logo">Paper Lens</span>
      <span aria-live="polite">{summaryText(counts)}</span>
      <label>
        <span class="muted">show </span>
        <select aria-label="Which papers to show" value={filter} onChange={(e) => onFilter((e.currentTarget as HTMLSelectElement).value as PageFilter)}>
          <option value="all">all</option>
          <option value="dim-seen">dim seen</option>
          <option value="hide-seen">hide seen</option>
          <option value="saved-only">saved only</option>
          <option value="for-you">for you (dim the rest)</option>
        </select>
      </label>
      {forYouHint && <span class="muted hint">{forYouHint}</span>}
      {error && <span class="error" role="alert">{error}</span>}
      <button type="button" class="toggle" aria-expanded="true" aria-label="Collapse the Paper Lens summary" title="Collapse" onClick={() => setCollapsed(true)}>
        –
      </button>
    </div>
  );
}
