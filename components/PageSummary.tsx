/** The page summary pinned in a corner: counts and the seen/saved filter (remembered per site); collapsible. */
import { useState } from 'preact/hooks';
import type { PageFilter } from '../lib/types';

export interface SummaryCounts {
  total: number;
  seen: number;
  saved: number;
  fresh: number;
}

export function summaryText(c: SummaryCounts): string {
  return `${c.total} paper${c.total === 1 ? '' : 's'} · ${c.seen} seen · ${c.saved} saved · ${c.fresh} new`;
}

export function PageSummary({ counts, filter, dark, onFilter, error }: { counts: SummaryCounts; filter: PageFilter; dark: boolean; onFilter(f: PageFilter): void; error: string | null }) {
  const [collapsed, setCollapsed] = useState(false);
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
        </select>
      </label>
      {error && <span class="error" role="alert">{error}</span>}
      <button type="button" class="toggle" aria-expanded="true" aria-label="Collapse the Paper Lens summary" title="Collapse" onClick={() => setCollapsed(true)}>
        –
      </button>
    </div>
  );
}
