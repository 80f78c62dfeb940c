/**
 * The in-page overlay: adapters → one annotate message per batch → badge rows rendered with Preact in
 * closed shadow roots (the page can neither style nor read them) → page summary and filter.
 */
import { render } from 'preact';
import { BadgeRow } from '../../components/BadgeRow';
import { BADGE_CSS } from '../../components/badgeStyles';
import { countPapers, isSeen, PageSummary, type SummaryCounts } from '../../components/PageSummary';
import type { Annotation, Broadcast, DetailsEntry, EntryInfo, ForYouEntry, ForYouMark, PageInfo, Responses } from '../../lib/messages';
import { leanEntries, withDetails } from '../../lib/wire';
import type { PageFilter, TopicTag } from '../../lib/types';
import type { PaperEntry, SiteAdapter } from '../../lib/sites';
import { reservedSpace, ROW_HEIGHT, type RowSpace } from '../../lib/sites/reserve';
import { PageStyles } from './page-style';

export const HOST_TAG = 'paper-lens-row';
/** From this many new rows on, hosts are inserted at once with a reserved height. */
const BULK_ROWS = 60;
/** Rendering work per slice: well under the 50 ms of a long task, with room for the frame that follows. */
const SLICE_MS = 12;
const SLICE_ROWS = 15;
/** Script per slice of a large batch on a page slow to draw (see renderSliced). */
const BULK_SLICE_MAX_MS = 36;
export const SUMMARY_TAG = 'paper-lens-summary';

export interface OverlayDeps {
  annotate(page: PageInfo, entries: EntryInfo[]): Promise<Annotation[]>;
  save(entry: EntryInfo, paperId: string | null, page: PageInfo): Promise<Responses['save']>;
  unsave(paperId: string): Promise<unknown>;
  /** A saved paper's note and tags. */
  setNote?(paperId: string, note: string, tags: string[]): Promise<unknown>;
  setFilter(site: string, f: PageFilter): Promise<unknown>;
  /** The page summary was collapsed or expanded (remembered for every page). */
  setCollapsed(collapsed: boolean): Promise<unknown>;
  initialCollapsed: boolean;
  /** The rows of an annotated batch are on screen: the background may write the page's history now. */
  shown(page: PageInfo): void;
  initialFilter: PageFilter;
  schedule(fn: () => void): void;
  /** "For you": which entries look most like the user's library (absent: no marks). */
  forYou?(entries: ForYouEntry[]): Promise<Responses['forYou']>;
  /** What annotate answers left for later (topicsPending, lookAlikePending, abstractWanted), one item per entry. */
  details?(page: PageInfo, entries: DetailsEntry[]): Promise<Responses['details']>;
}

/** An entry's key in the annotation cache: entries the page re-rendered (same key and title) reuse theirs. */
const sig = (it: Item) => `${it.entry.key}\u0000${it.entry.title}`;

/** Entries per annotate request, and per request for what an answer left for later. */
const ANNOTATE_CHUNK = 1000;
const DETAILS_CHUNK = ANNOTATE_CHUNK;

/** After a save or unsave anywhere, the page's "for you" marks are asked for again this much later. */
const FOR_YOU_REFRESH_MS = 300;

interface Item {
  entry: PaperEntry;
  info: EntryInfo;
  /** Created when the row is first rendered (in time slices, so 1,000 entries never block the page). */
  host: HTMLElement | null;
  mount: HTMLElement | null;
  a: Annotation | null;
  busy: boolean;
  error: string | null;
  index: number;
  /** The filter state last applied to the entry's elements ('' = shown normally). */
  shown: '' | 'hidden' | 'dim';
  /** The host's margins when the row is laid into space reserved under the anchor (lib/sites/reserve.ts). */
  reserved: RowSpace | null | undefined;
  /** Marked "for you" (looks like the user's library), with the saved paper it is nearest to. */
  forYou: ForYouMark | null;
  /** The user's tags this entry looks like (learned from the saved papers carrying them). */
  suggested: string[];
}

let sheet: CSSStyleSheet | null = null;
function attachStyles(root: ShadowRoot): void {
  try {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(BADGE_CSS);
    }
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = BADGE_CSS;
    root.appendChild(style);
  }
}

function isDark(el: Element): boolean {
  try {
    const c = getComputedStyle(el).color;
    const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(c);
    if (!m) return false;
    const [r, g, b] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b > 150; // light text => dark theme
  } catch {
    return false;
  }
}

export function toEntryInfo(e: PaperEntry): EntryInfo {
  return {
    title: e.title.slice(0, 1000),
    arxivId: e.arxivId,
    arxivVersion: e.arxivVersion,
    doi: e.doi,
    url: e.url && e.url.length <= 2048 ? e.url : null,
    abstract: e.abstract ? e.abstract.slice(0, 20000) : null,
    authors: e.authors.slice(0, 200).map((x) => x.slice(0, 300)),
    year: e.year,
  };
}

export class Overlay {
  private items: Item[] = [];
  private byPaper = new Map<string, Set<Item>>();
  private filter: PageFilter;
  private collapsed: boolean;
  private activeTopic: string | null = null;
  private summaryHost: HTMLElement | null = null;
  private summaryMount: HTMLElement | null = null;
  private error: string | null = null;
  private dark = false;
  private generation = 0;
  private cache = new Map<string, Annotation>();
  private themeRead = false;
  /** The adapter's reservation selector for this page (read once per page, not per entry). */
  private reserveSel: string | null;

  constructor(
    private page: PageInfo,
    adapter: SiteAdapter,
    private deps: OverlayDeps,
  ) {
    this.filter = deps.initialFilter;
    this.collapsed = deps.initialCollapsed;
    this.reserveSel = adapter.reserveSelector?.(page.url) ?? null;
  }

  get count(): number {
    return this.items.length;
  }

  /** Styles set on the page's own elements, undone exactly (page-style.ts). */
  private styles = new PageStyles();

  /** A page navigation replaced the list: drop what belongs to the old page. */
  navigate(page: PageInfo, adapter: SiteAdapter): void {
    this.page = page;
    this.reserveSel = adapter.reserveSelector?.(page.url) ?? null;
    this.generation++;
    this.items = this.items.filter((it) => {
      if (!it.entry.element.isConnected) {
        this.dropItem(it);
        return false;
      }
      if (it.host && !it.host.isConnected) {
        this.dropItem(it);
        this.renderItem(it);
      }
      return true;
    });
    this.renderSummary();
  }

  /** New entries from the observer: insert placeholder rows at once, annotate in one round trip, render in slices. */
  async add(entries: PaperEntry[]): Promise<void> {
    // Entries whose element was re-rendered: their old host (if any) is stale.
    this.items = this.items.filter((it) => {
      if (it.entry.element.isConnected && (!it.host || it.host.isConnected)) return true;
      this.dropItem(it);
      return false;
    });
    const fresh: Item[] = [];
    const byElement = new Map(this.items.map((it) => [it.entry.element, it] as const));
    const replaced = new Set<Item>();
    for (const e of entries) {
      const existing = byElement.get(e.element);
      if (existing) {
        this.dropItem(existing);
        replaced.add(existing);
      }
      const item: Item = { entry: e, info: toEntryInfo(e), host: null, mount: null, a: null, busy: false, error: null, index: 0, shown: '', reserved: undefined, forYou: null, suggested: [] };
      fresh.push(item);
    }
    if (replaced.size) this.items = this.items.filter((x) => !replaced.has(x));
    this.items.push(...fresh);
    if (fresh.length === 0) return;
    const reordered = this.reindex();
    const gen = this.generation;
    // Entries the page re-rendered (same key and title) reuse their annotation: no round trip.
    const missing = fresh.filter((it) => !this.cache.has(sig(it)));
    const page = this.page;
    try {
      for (let i = 0; i < missing.length; i += ANNOTATE_CHUNK) {
        const chunk = missing.slice(i, i + ANNOTATE_CHUNK);
        // A large batch goes without its abstracts: the background asks for those it needs (details).
        const res = await this.deps.annotate(page, leanEntries(chunk.map((f) => f.info)));
        chunk.forEach((it, k) => {
          if (res[k]) this.cache.set(sig(it), res[k]!);
        });
      }
    } catch (e) {
      this.error = `Paper Lens: ${(e as Error).message}`;
    }
    if (gen !== this.generation && fresh.every((f) => !f.entry.element.isConnected)) return;
    const touched = new Set<Set<Item>>();
    fresh.forEach((it) => {
      it.a = this.cache.get(sig(it)) ?? null;
      if (it.a?.paperId) {
        const set = this.byPaper.get(it.a.paperId) ?? new Set();
        set.add(it);
        this.byPaper.set(it.a.paperId, set);
        touched.add(set);
      }
    });
    // Same paper elsewhere on the page (earlier batches too): only the groups this batch joined change,
    // unless entries arrived out of page order and every position moved.
    const groups = reordered ? new Set(this.byPaper.values()) : touched;
    const changed = new Set<Item>(fresh);
    for (const set of groups) {
      if (set.size < 2) continue;
      const list = [...set].filter((x) => x.a);
      for (const it of list) {
        it.a = { ...it.a!, repeats: list.filter((o) => o !== it).map((o) => o.index) };
        changed.add(it);
      }
    }
    // Read the page's text colour once, after the round trip (never during the page's first style pass).
    if (!this.themeRead) {
      this.dark = isDark(fresh[0]!.entry.anchor);
      this.themeRead = true;
    }
    await this.renderSliced(this.items.filter((it) => changed.has(it)));
    this.applyFilter();
    this.renderSummary();
    await this.fillDetails(fresh);
    // Told after the rows, so that writing the history does not compete with rendering them.
    if (missing.length && !this.error) this.deps.shown(page);
    await this.refreshForYou();
  }

  /**
   * What the annotate answers left for later (lib/background/annotate.ts): topics (a listing with many new
   * papers, TAG_INLINE), look-alikes that depend on an abstract the batch went without, and the abstracts of
   * new papers (kept with the page's history). One more round trip, once the rows are on screen.
   */
  private async fillDetails(fresh: Item[]): Promise<void> {
    const pending = fresh.filter((it) => it.a?.abstractWanted && it.entry.element.isConnected);
    if (!pending.length || !this.deps.details) return;
    // As many entries a request as annotate sends (the background refuses more than LIMITS allows).
    for (let i = 0; i < pending.length; i += DETAILS_CHUNK) {
      const todo = pending.slice(i, i + DETAILS_CHUNK);
      let res: Responses['details'];
      try {
        res = await this.deps.details(
          this.page,
          todo.map((it) => ({ ...it.info, paperId: it.a!.paperId, topics: !!it.a!.topicsPending, lookAlike: !!it.a!.lookAlikePending })),
        );
      } catch {
        continue; // these rows keep their other badges; no chips is the quiet fallback
      }
      todo.forEach((it, k) => {
        if (!it.a) return;
        const topics = res.topics[k] ?? null;
        const look = res.lookAlikes[k];
        it.a = withDetails(it.a, topics, look);
        const cached = this.cache.get(sig(it));
        if (cached) this.cache.set(sig(it), withDetails(cached, topics, look));
        if (it.mount && (topics?.length || look)) this.renderItem(it);
      });
    }
    if (this.activeTopic) this.applyFilter();
    this.renderSummary();
  }

  private forYouHint: string | null = null;
  private forYouTimer: ReturnType<typeof setTimeout> | null = null;
  private forYouRev = 0;

  /**
   * Ask which entries of the whole page are "for you" (a relative judgement: the page's best tenth that
   * looks enough like the library), and redraw the rows whose mark changed.
   */
  private async refreshForYou(): Promise<void> {
    if (!this.deps.forYou) return;
    const rev = ++this.forYouRev;
    const live = this.items.filter((it) => it.a && it.entry.element.isConnected);
    if (live.length === 0) return;
    let res: Responses['forYou'];
    try {
      res = await this.deps.forYou(live.map((it) => ({ title: it.info.title, abstract: it.info.abstract ?? null, paperId: it.a!.paperId })));
    } catch {
      return; // no marks is the quiet fallback: the rows and the summary stay as they are
    }
    if (rev !== this.forYouRev) return;
    const marks = new Map(res.marks.map((m) => [m.i, m]));
    const tags = new Map(res.tags.map((t) => [t.i, t.tags]));
    live.forEach((it, i) => {
      const m = marks.get(i) ?? null;
      const sug = tags.get(i) ?? [];
      const same = (m?.score ?? null) === (it.forYou?.score ?? null) && m?.nearest?.paperId === it.forYou?.nearest?.paperId && sug.join('\u0000') === it.suggested.join('\u0000');
      if (same) return;
      it.forYou = m;
      it.suggested = sug;
      if (it.mount) this.renderItem(it);
    });
    this.forYouHint = res.hint;
    this.applyFilter();
    this.renderSummary();
  }

  private scheduleForYou(): void {
    if (this.forYouTimer) clearTimeout(this.forYouTimer);
    this.forYouTimer = setTimeout(() => {
      this.forYouTimer = null;
      void this.refreshForYou();
    }, FOR_YOU_REFRESH_MS);
  }

  /** Number entries in page order; true when that order differs from arrival order. */
  private reindex(): boolean {
    // Page order of entries (for "also #4 on this page"). Entries usually arrive in page order already.
    const before = (x: Item, y: Item) => (x.entry.element.compareDocumentPosition(y.entry.element) & 4) !== 0;
    let ordered = true;
    for (let i = 1; i < this.items.length && ordered; i++) ordered = before(this.items[i - 1]!, this.items[i]!);
    if (ordered) {
      this.items.forEach((it, i) => (it.index = i));
      return false;
    }
    const sorted = [...this.items].sort((x, y) => {
      const pos = x.entry.element.compareDocumentPosition(y.entry.element);
      return pos & 4 ? -1 : pos & 2 ? 1 : 0;
    });
    sorted.forEach((it, i) => (it.index = i));
    return true;
  }

  /**
   * Renders rows in slices, one after each frame. A few rows (a small page, a re-rendered entry) are
   * read, inserted and filled slice by slice, at most SLICE_ROWS a slice. A large batch goes in two
   * passes, so that the page is laid out once per slice of a hundred or more rows, not once per 15:
   *  1. read every new row's space (reads only, nothing written between them: one style pass for all);
   *  2. build each row complete (host, shadow root, content) before it enters the page, and insert a
   *     time-bounded chunk per slice, one row high with size and layout containment (in reserved space
   *     they move nothing; elsewhere the page moves once per chunk).
   * Filling hosts already in the page instead made every row its own layout root, and Chromium pays for
   * each root in proportion to its siblings: on a 3,000-entry page that grew with the square of the entries.
   * Then the in-flow rows whose content needs another height are released (one relayout for all).
   */
  private renderSliced(items: Item[]): Promise<void> {
    const fresh = items.filter((it) => !it.mount && it.entry.element.isConnected);
    const bulk = fresh.length >= BULK_ROWS;
    const freshSet = new Set(fresh);
    const later = bulk ? items.filter((it) => !freshSet.has(it)) : [];
    return new Promise((resolve) => {
      let pass = bulk ? 1 : 2;
      let i = 0;
      // A large batch's slices grow when the page is slow to draw a frame (a page with thousands of
      // lazily drawn elements spends 200 ms on every frame whatever changed): fewer, larger slices then
      // cost less in all. Never past BULK_SLICE_MAX_MS of script.
      let budget = SLICE_MS;
      let lastEnd = 0;
      const step = () => {
        const t0 = performance.now();
        if (bulk && pass === 2 && lastEnd) budget = Math.min(BULK_SLICE_MAX_MS, Math.max(SLICE_MS, (t0 - lastEnd) / 4));
        const more = () => performance.now() - t0 < budget;
        if (pass === 1) {
          while (i < fresh.length && more()) {
            const it = fresh[i++]!;
            if (it.reserved === undefined) it.reserved = this.spaceOf(it);
          }
          if (i >= fresh.length) [pass, i] = [2, 0];
        } else if (bulk) {
          for (let first = true; i < fresh.length && (first || more()); first = false) this.renderItem(fresh[i++]!, true, true);
          if (i >= fresh.length) {
            // Rows already on the page whose content changed (a repeat joined them): few, in place.
            for (const it of later) this.renderItem(it, true);
            this.releaseRows(items);
            resolve();
            return;
          }
        } else {
          // Each slice reads its own anchors' space before inserting anything (a read after an insertion
          // would force a style pass).
          const end = Math.min(items.length, i + SLICE_ROWS);
          for (let k = i; k < end; k++) if (items[k]!.reserved === undefined && !items[k]!.mount) items[k]!.reserved = this.spaceOf(items[k]!);
          for (let first = true; i < end && (first || more()); first = false) this.renderItem(items[i++]!, true);
          if (i >= items.length) {
            resolve();
            return;
          }
        }
        lastEnd = performance.now();
        this.deps.schedule(step);
      };
      // Not in the task that received the annotations (deserialising 1,000 of them is work of its own).
      this.deps.schedule(step);
    });
  }

  /** Rows whose content is not exactly the reserved height get their natural size (one relayout for all). */
  private releaseRows(items: Item[]): void {
    const grow: Item[] = [];
    for (const it of items) {
      // Rows in reserved space are one line (BadgeRow oneLine): no layout read needed for them.
      if (!it.host || !it.mount || it.host.style.contain === '' || it.reserved != null) continue;
      if (Math.abs(it.mount.offsetHeight - ROW_HEIGHT) > 0.5) grow.push(it);
    }
    for (const it of grow) this.releaseHost(it, true);
  }

  /**
   * Lets a row change height. A row in reserved space stays there (one row high, taking no room) unless
   * it is taller than the space: then it grows downwards from the top of the space and pushes what follows.
   */
  private releaseHost(it: Item, tall = false): void {
    const h = it.host!;
    h.style.contain = '';
    if (it.reserved == null) {
      h.style.height = '';
      return;
    }
    if (!tall) return;
    h.style.height = '';
    it.reserved = null;
  }

  /** The host's margins when its row's space is reserved, else null. */
  private spaceOf(it: Item): RowSpace | null {
    return this.reserveSel ? reservedSpace(it.entry.anchor, this.reserveSel) : null;
  }

  /** The row's host and mount; `detached`: not in the page yet (the caller inserts it with insertHost). */
  private ensureHost(it: Item, reserve = false, detached = false): HTMLElement {
    if (it.mount) return it.mount;
    const host = document.createElement(HOST_TAG);
    host.style.display = it.shown === 'hidden' ? 'none' : 'block';
    if (it.reserved === undefined) it.reserved = this.spaceOf(it);
    if (it.reserved !== null) {
      // One row high right after the anchor, pulled up into the anchor's reserved padding by its top
      // margin: it takes no room, the page's layout does not change. Size and layout containment: its
      // content never changes its size or the layout around it.
      host.style.height = `${ROW_HEIGHT}px`;
      host.style.margin = `${it.reserved.top}px 0 ${it.reserved.bottom}px`;
      host.style.contain = 'size layout style';
    } else if (reserve) {
      host.style.height = `${ROW_HEIGHT}px`;
      host.style.contain = 'size layout style';
    }
    // The shadow root is attached before the host enters the page (attaching it later rebuilds the box).
    const root = host.attachShadow({ mode: 'closed' });
    attachStyles(root);
    const mount = document.createElement('div');
    mount.style.display = 'flow-root'; // its height includes the row's margins
    root.appendChild(mount);
    if (!detached) it.entry.anchor.insertAdjacentElement('afterend', host);
    it.host = host;
    it.mount = mount;
    return mount;
  }

  /** Render a row; `build`: a new row of a large batch, built complete before it enters the page. */
  private renderItem(it: Item, initial = false, build = false): void {
    if (!it.entry.element.isConnected) return;
    // An in-flow row whose content changes later (saved, popover, topic) must be free to change height;
    // a row in reserved space is one line whatever it shows: its host is never touched again, so the
    // page sees the same element whatever the row says.
    if (!initial && it.host && it.reserved == null && it.host.style.contain !== '') this.releaseHost(it);
    const insert = build && !it.mount;
    const mount = this.ensureHost(it, build, insert);
    render(
      <BadgeRow
        a={it.a}
        title={it.info.title}
        index={it.index}
        dark={this.dark}
        busy={it.busy}
        error={it.error}
        activeTopic={this.activeTopic}
        forYou={it.forYou}
        suggested={it.suggested}
        oneLine={it.reserved != null}
        onToggleSave={() => void this.toggleSave(it)}
        onSetNote={this.deps.setNote && it.a?.paperId ? (note, tags) => this.setNote(it, note, tags) : undefined}
        onChip={(id) => this.highlightTopic(id)}
      />,
      mount,
    );
    if (insert) it.entry.anchor.insertAdjacentElement('afterend', it.host!);
    // A row whose content grew after its first render (an error message) leaves the reserved space.
    if (!initial && it.reserved != null && it.error && mount.offsetHeight > ROW_HEIGHT + 0.5) this.releaseHost(it, true);
  }

  private async toggleSave(it: Item): Promise<void> {
    if (!it.a || it.busy) return;
    it.busy = true;
    it.error = null;
    const wasSaved = it.a.saved;
    // Optimistic: the star changes at once; reverted if the write fails.
    it.a = { ...it.a, saved: wasSaved ? null : { savedAt: Date.now(), note: '', tags: [] } };
    this.renderItem(it);
    try {
      if (wasSaved) await this.deps.unsave(it.a.paperId!);
      else {
        const r = await this.deps.save(it.info, it.a.paperId, this.page);
        it.a = { ...it.a, paperId: r.paperId, saved: { savedAt: r.savedAt, note: '', tags: [] } };
        if (r.zotero?.error) it.error = `saved here, not in Zotero: ${r.zotero.error}`;
        this.cache.set(`${it.entry.key}\u0000${it.entry.title}`, it.a);
      }
    } catch (e) {
      it.a = { ...it.a, saved: wasSaved };
      // The background went away mid-click (twice): a short line, not the browser's own error text.
      it.error = (e as { transport?: boolean }).transport ? `couldn't ${wasSaved ? 'unsave' : 'save'} — try again` : (e as Error).message;
    }
    if (it.a && wasSaved) {
      for (const [k, a] of this.cache) if (a.paperId === it.a.paperId) this.cache.set(k, { ...a, saved: it.a.saved });
    }
    it.busy = false;
    this.renderItem(it);
    this.applyFilter();
    this.renderSummary();
  }

  private async setNote(it: Item, note: string, tags: string[]): Promise<void> {
    const id = it.a?.paperId;
    if (!id || !this.deps.setNote) return;
    await this.deps.setNote(id, note, tags);
    // The broadcast that follows redraws every row of this paper, in every tab.
  }

  /** A change broadcast by the background (another tab saved/unsaved). */
  onBroadcast(msg: Broadcast): void {
    if (msg.type === 'storageError') {
      this.error = msg.message;
      this.renderSummary();
      return;
    }
    if (msg.type === 'changed' && msg.what === 'saved') {
      for (const it of this.byPaper.get(msg.paperId) ?? []) {
        if (!it.a) continue;
        it.a = { ...it.a, saved: msg.saved };
        this.renderItem(it);
      }
      for (const [k, a] of this.cache) if (a.paperId === msg.paperId) this.cache.set(k, { ...a, saved: msg.saved });
      this.applyFilter();
      this.renderSummary();
      // The library changed: so did what looks like it.
      this.scheduleForYou();
    } else if (msg.type === 'changed' && msg.what === 'library') this.scheduleForYou();
  }

  private highlightTopic(id: string): void {
    this.activeTopic = this.activeTopic === id ? null : id;
    for (const it of this.items) {
      const has = !!this.activeTopic && !!it.a?.topics.some((t) => t.id === this.activeTopic);
      for (const el of this.elementsOf(it)) {
        this.styles.set(el as HTMLElement, 'outline', has ? '2px solid #f59e0b' : '');
        this.styles.set(el as HTMLElement, 'outline-offset', has ? '2px' : '');
      }
      this.renderItem(it);
    }
  }

  private elementsOf(it: Item): Element[] {
    return it.entry.parts?.length ? [it.entry.element, ...it.entry.parts] : [it.entry.element];
  }

  counts(): SummaryCounts {
    return countPapers(this.items.filter((it) => it.entry.element.isConnected && it.a).map((it) => ({ index: it.index, a: it.a!, forYou: !!it.forYou })));
  }

  private applyFilter(): void {
    for (const it of this.items) {
      const seen = isSeen(it.a);
      const hide = (this.filter === 'hide-seen' && seen) || (this.filter === 'saved-only' && !it.a?.saved);
      const dim = (this.filter === 'dim-seen' && seen) || (this.filter === 'for-you' && !it.forYou);
      const want: Item['shown'] = hide ? 'hidden' : dim ? 'dim' : '';
      // Touch the page's styles only when an entry's state changes (no style invalidation otherwise).
      if (want === it.shown) continue;
      it.shown = want;
      for (const el of this.elementsOf(it)) {
        this.styles.set(el as HTMLElement, 'display', hide ? 'none' : '');
        this.styles.set(el as HTMLElement, 'opacity', dim ? '0.45' : '');
      }
      if (it.host) it.host.style.display = hide ? 'none' : 'block';
    }
  }

  setFilter(f: PageFilter): void {
    this.filter = f;
    this.applyFilter();
    this.renderSummary();
    void this.deps.setFilter(this.page.site, f).catch(() => undefined);
  }

  private renderSummary(): void {
    if (!this.summaryHost) {
      this.summaryHost = document.createElement(SUMMARY_TAG);
      // Out of the page's flow: inserting it re-lays out nothing else. (No containment: that would make
      // the host the containing block of the summary, which is itself fixed to the viewport.)
      this.summaryHost.style.cssText = 'position:fixed;right:0;bottom:0;z-index:2147483000';
      const root = this.summaryHost.attachShadow({ mode: 'closed' });
      attachStyles(root);
      this.summaryMount = document.createElement('div');
      root.appendChild(this.summaryMount);
      // Before <body>, not in it: inserting into <body> would re-lay out the whole listing, and before it
      // the summary's controls come first in the tab order (not after every row's).
      document.documentElement.insertBefore(this.summaryHost, document.body);
    }
    render(
      <PageSummary
        counts={this.counts()}
        forYouHint={this.forYouHint}
        filter={this.filter}
        dark={this.dark}
        error={this.error}
        collapsed={this.collapsed}
        onFilter={(f) => this.setFilter(f)}
        onCollapse={(c) => {
          this.collapsed = c;
          this.renderSummary();
          void this.deps.setCollapsed(c).catch(() => undefined);
        }}
      />,
      this.summaryMount!,
    );
  }

  private dropItem(it: Item): void {
    if (it.mount) render(null, it.mount);
    it.host?.remove();
    it.host = null;
    it.mount = null;
    if (it.a?.paperId) this.byPaper.get(it.a.paperId)?.delete(it);
  }

  /** Remove every trace (extension disabled or updated). */
  destroy(): void {
    if (this.forYouTimer) clearTimeout(this.forYouTimer);
    this.forYouRev++;
    for (const it of this.items) this.dropItem(it);
    this.styles.restoreAll();
    this.items = [];
    if (this.summaryMount) render(null, this.summaryMount);
    this.summaryHost?.remove();
    this.summaryHost = null;
  }
}
