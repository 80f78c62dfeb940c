/** The badge row shown next to each paper's title: SavedStar, SeenBadge, TopicChips. Text only, never HTML. */
import { useState } from 'preact/hooks';
import type { Annotation } from '../lib/messages';
import type { TopicTag } from '../lib/types';

export function fmtAgo(ts: number, now = Date.now()): string {
  const d = Math.max(0, now - ts);
  const m = Math.round(d / 60000);
  if (m < 1) return 'just now';
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  const days = Math.round(h / 24);
  if (days < 60) return `${days} day${days > 1 ? 's' : ''} ago`;
  return new Date(ts).toISOString().slice(0, 10);
}

export function SavedStar({ saved, busy, onToggle }: { saved: Annotation['saved']; busy?: boolean; onToggle(): void }) {
  const label = saved ? `Saved ${fmtAgo(saved.savedAt)} — unsave` : 'Save to Paper Lens';
  return (
    <button class="star" type="button" aria-pressed={saved ? 'true' : 'false'} aria-label={label} title={label} disabled={busy} onClick={onToggle}>
      <span class="glyph" aria-hidden="true">{saved ? '★' : '☆'}</span>
      <span>{saved ? 'saved' : 'save'}</span>
    </button>
  );
}

/** One-line summary of why a paper is known, or null when it is new. */
export function seenSummary(a: Annotation, now = Date.now()): string | null {
  const parts: string[] = [];
  // The repeat on this page first: the row is cut with an ellipsis when long (a corpus paper's listing
  // dates), and a repeat is what the reader acts on while on this page.
  if (a.repeats.length) parts.push(`also #${a.repeats.map((i) => i + 1).join(', #')} on this page`);
  if (a.lookAlike) parts.push(`≈ looks like ${a.lookAlike.saved ? 'your saved paper' : a.lookAlike.inCorpus ? 'a corpus paper' : 'a paper in your library'}`);
  if (a.zotero) parts.push('in Zotero');
  if (a.libraries.length) parts.push('in your library');
  if (a.corpus.length) {
    const dates = [...new Set(a.corpus.map((c) => c.date).filter((d): d is string => !!d))];
    parts.push(`in corpus · ${a.corpus.length} listing${a.corpus.length > 1 ? 's' : ''}${dates.length ? ` (${dates.join(', ')})` : ''}`);
  }
  if (a.seenBefore.length) {
    const last = a.seenBefore[0]!;
    const count = Math.max(a.seenCount ?? 0, a.seenBefore.length);
    parts.push(`seen ${fmtAgo(last.seenAt, now)} on ${last.label}${count > 1 ? ` +${count - 1}` : ''}`);
  }
  return parts.length ? parts.join(' · ') : null;
}

/** Where a bundled-corpus paper was listed, as people name it: the site and the day. */
export function corpusPlaceText(c: { position: number; date: string | null }): string {
  return `Hugging Face Papers${c.date ? `, ${c.date}` : ''} — #${c.position}`;
}

export function SeenBadge({ a, index, title }: { a: Annotation; index: number; title: string }) {
  const [open, setOpen] = useState(false);
  const text = seenSummary(a);
  if (!text) return null;
  const id = `pl-pop-${index}`;
  return (
    <span class={open ? 'seen open' : 'seen'} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button type="button" aria-expanded={open ? 'true' : 'false'} aria-controls={id} aria-label={`Already known: ${text}`} onClick={() => setOpen(!open)}>
        {text}
      </button>
      {open && (
        <div class="pop" id={id} role="dialog" aria-label="Where this paper is known from">
          {a.lookAlike && (
            <p>
              looks like {a.lookAlike.saved ? 'your saved paper' : ''}: <strong>{a.lookAlike.title}</strong> <span class="muted">(score {a.lookAlike.score.toFixed(2)}; {a.lookAlike.reason}) — a different entry: saving this one does not change that one</span>
            </p>
          )}
          {a.zotero && (
            <>
              <h4>In Zotero</h4>
              {a.zotero.collections.length > 0 ? <ul>{a.zotero.collections.map((c) => <li key={c}>{c}</li>)}</ul> : <p>in no collection</p>}
            </>
          )}
          {a.libraries.length > 0 && (
            <>
              <h4>In your library</h4>
              <ul>{a.libraries.map((l) => <li key={l}>{l}</li>)}</ul>
            </>
          )}
          {a.corpus.length > 0 && (
            <>
              <h4>In the bundled corpus</h4>
              <ul>
                {a.corpus.map((c) => (
                  <li key={`${c.listing}#${c.position}`}>{corpusPlaceText(c)}</li>
                ))}
              </ul>
              <p>
                <a href={`https://arxiv.org/search/?query=${encodeURIComponent(title)}&searchtype=title`} target="_blank" rel="noopener noreferrer">
                  Find it on arXiv
                </a>
              </p>
            </>
          )}
          {a.seenBefore.length > 0 && (
            <>
              <h4>Seen before</h4>
              <ul>
                {a.seenBefore.slice(0, 8).map((s) => (
                  <li key={s.pageUrl}>
                    <a href={s.pageUrl} target="_blank" rel="noopener noreferrer">{s.label}</a> <span class="muted">{fmtAgo(s.seenAt)}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {a.repeats.length > 0 && <p>Also entry #{a.repeats.map((i) => i + 1).join(', #')} on this page.</p>}
        </div>
      )}
    </span>
  );
}

/** Parses the tags field: comma-separated, trimmed, no duplicates, at most 50 of 100 characters. */
export function parseTags(s: string): string[] {
  return [...new Set(s.split(',').map((t) => t.trim().replace(/^#/, '').slice(0, 100)).filter(Boolean))].slice(0, 50);
}

/**
 * A saved paper's tags and note: a button showing them (or "note / tags") that opens a small form.
 * Tags are the user's own words; a tag on five or more saved papers is learned (suggested elsewhere).
 */
export function NoteEditor({ saved, index, onSave }: { saved: NonNullable<Annotation['saved']>; index: number; onSave(note: string, tags: string[]): Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [tags, setTags] = useState(saved.tags.join(', '));
  const [note, setNote] = useState(saved.note);
  const [state, setState] = useState<'' | 'saving' | string>('');
  const id = `pl-note-${index}`;
  const shown = [...saved.tags.map((t) => `#${t}`), saved.note ? '✎' : ''].filter(Boolean).join(' ');
  const submit = async (e: Event) => {
    e.preventDefault();
    setState('saving');
    try {
      await onSave(note.slice(0, 10000), parseTags(tags));
      setState('');
      setOpen(false);
    } catch (err) {
      setState(`couldn't save: ${(err as Error).message}`);
    }
  };
  return (
    <span class={open ? 'seen note open' : 'seen note'} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button
        type="button"
        class="notebtn"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={id}
        aria-label={`Tags and note${shown ? `: ${saved.tags.join(', ')}${saved.note ? ` — ${saved.note.slice(0, 80)}` : ''}` : ''}`}
        onClick={() => {
          setTags(saved.tags.join(', '));
          setNote(saved.note);
          setOpen(!open);
        }}
      >
        {shown || 'tags / note'}
      </button>
      {open && (
        <form class="pop" id={id} role="dialog" aria-label="Tags and note" onSubmit={submit}>
          <label class="field">
            Tags <span class="muted">(comma-separated)</span>
            <input type="text" value={tags} maxLength={2000} onInput={(e) => setTags((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <label class="field">
            Note
            <textarea rows={3} value={note} maxLength={10000} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} />
          </label>
          <div class="actions">
            <button type="submit" disabled={state === 'saving'}>Save</button>
            <button type="button" onClick={() => setOpen(false)}>Cancel</button>
            {state && state !== 'saving' && <span class="error" role="alert">{state}</span>}
          </div>
        </form>
      )}
    </span>
  );
}

export function TopicChips({ topics, active, onChip }: { topics: TopicTag[]; active: string | null; onChip(id: string): void }) {
  return (
    <>
      {topics.slice(0, 3).map((t) => (
        <button
          key={t.id}
          type="button"
          class="chip"
          aria-pressed={active === t.id ? 'true' : 'false'}
          title={`Topic: ${t.label}${t.why.length ? ` (${t.why.join(', ')})` : ''} — click to highlight papers with this topic on the page`}
          onClick={() => onChip(t.id)}
        >
          <span class="dot" style={{ background: t.color }} aria-hidden="true" />
          <span class="label">{t.label}</span>
        </button>
      ))}
    </>
  );
}

export interface BadgeRowProps {
  a: Annotation | null;
  /** The entry's title as the page shows it. */
  title: string;
  index: number;
  dark: boolean;
  busy: boolean;
  error: string | null;
  activeTopic: string | null;
  onToggleSave(): void;
  /** Set a saved paper's note and tags. */
  onSetNote?(note: string, tags: string[]): Promise<void>;
  onChip(id: string): void;
  /** Never wrap (the row is drawn into a fixed, reserved height): long labels are cut with an ellipsis. */
  oneLine?: boolean;
  /** Marked "for you": looks like the user's library (and which saved paper it is nearest to). */
  forYou?: { score: number; nearest: { title: string } | null } | null;
  /** The user's own tags this entry looks like (suggestions, learned from the papers carrying them). */
  suggested?: string[];
}

export function ForYouChip({ mark }: { mark: NonNullable<BadgeRowProps['forYou']> }) {
  const why = mark.nearest ? `Looks like your saved “${mark.nearest.title}”` : 'Looks like the papers you saved';
  return (
    <span class="chip foryou" title={`${why} (score ${mark.score.toFixed(2)})`} aria-label={`For you: ${why}`}>
      <span aria-hidden="true">✦</span> for you
    </span>
  );
}

export function BadgeRow(p: BadgeRowProps) {
  return (
    <div class={`row${p.dark ? ' dark' : ''}${p.oneLine ? ' one' : ''}`} role="group" aria-label="Paper Lens">
      {p.a ? (
        <>
          <SavedStar saved={p.a.saved} busy={p.busy} onToggle={p.onToggleSave} />
          {p.a.saved && p.onSetNote && <NoteEditor saved={p.a.saved} index={p.index} onSave={p.onSetNote} />}
          <SeenBadge a={p.a} index={p.index} title={p.title} />
          {p.forYou && <ForYouChip mark={p.forYou} />}
          {p.suggested?.map((t) => (
            <span key={t} class="chip suggested" title={`Suggested tag: looks like your papers tagged “${t}”`} aria-label={`Suggested tag ${t}`}>
              #{t}?
            </span>
          ))}
          <TopicChips topics={p.a.topics} active={p.activeTopic} onChip={p.onChip} />
        </>
      ) : (
        <span class="muted">Paper Lens…</span>
      )}
      {p.error && <span class="error" role="alert">{p.error}</span>}
    </div>
  );
}
