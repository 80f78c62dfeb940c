/** A list of papers (search results or the saved list) with a star toggle, topics, sightings and code link. */
import type { SearchHit } from '../lib/messages';
import { fmtAgo, NoteEditor } from './BadgeRow';

export function searchUrlFor(title: string): string {
  return `https://arxiv.org/search/?query=${encodeURIComponent(title)}&searchtype=title`;
}

export function ResultList({ hits, active, onToggle, onOpen, onHover, onSetNote }: { hits: SearchHit[]; active: number; onToggle(h: SearchHit): void; onOpen(h: SearchHit, background: boolean): void; onHover(i: number): void; onSetNote?(h: SearchHit, note: string, tags: string[]): Promise<void> }) {
  return (
    <ul class="results" role="listbox" aria-label="Papers">
      {hits.map((h, i) => (
        <li key={h.id} id={`res-${i}`} role="option" aria-selected={i === active ? 'true' : 'false'} class={i === active ? 'active' : ''} onMouseEnter={() => onHover(i)}>
          <button type="button" class="star" aria-pressed={h.saved ? 'true' : 'false'} aria-label={h.saved ? `Unsave "${h.title}"` : `Save "${h.title}"`} onClick={() => onToggle(h)}>
            {h.saved ? '★' : '☆'}
          </button>
          <div class="body">
            <a class="title" href={h.url ?? searchUrlFor(h.title)} target="_blank" rel="noopener noreferrer" onClick={(e) => { e.preventDefault(); onOpen(h, e.ctrlKey || e.metaKey); }}>
              {h.title}
            </a>
            <div class="meta">
              {h.year ? <span>{h.year}</span> : null}
              {h.topics.map((t) => (
                <span key={t.id} class="chip"><span class="dot" style={{ background: t.color }} />{t.label}</span>
              ))}
              {h.sources.includes('bundled') && <span class="src">corpus</span>}
              {h.sources.includes('imported') && <span class="src">library</span>}
              {h.sources.includes('zotero') && <span class="src">in Zotero</span>}
              {h.seen[0] && <span class="src">seen {fmtAgo(h.seen[0].seenAt)} on {h.seen[0].label}</span>}
              {h.saved && <span class="src">saved {fmtAgo(h.saved.savedAt)}</span>}
              {h.saved && onSetNote && <NoteEditor saved={h.saved} index={i} onSave={(note, tags) => onSetNote(h, note, tags)} />}
              {h.codeUrl && <a href={h.codeUrl} target="_blank" rel="noopener noreferrer">code</a>}
            </div>
            {h.saved?.note && <p class="note-text">{h.saved.note}</p>}
          </div>
        </li>
      ))}
    </ul>
  );
}
