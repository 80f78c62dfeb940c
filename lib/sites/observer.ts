/**
 * One observer per page: a MutationObserver plus URL-change detection. It feeds new or replaced
 * entries to the consumer in batches, never re-reports an entry it already reported (same element,
 * same key and title), ignores the extension's own badge rows, and stops for good when the content
 * script context is invalidated.
 */
import type { PaperEntry, SiteAdapter } from './types';

export interface ObserverTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface ObserveOptions {
  document: Document;
  getUrl(): string;
  pickAdapter(url: string): SiteAdapter | null;
  /** New or replaced entries, in page order. `navigated` is true for the first batch after a URL change. */
  onBatch(entries: PaperEntry[], info: { url: string; adapter: SiteAdapter; navigated: boolean }): void;
  /** Called when the URL changes (client-side navigation), before the new list is reported. */
  onNavigate?(url: string, adapter: SiteAdapter | null): void;
  isValid(): boolean;
  /** Elements the extension inserted itself (badge rows): their mutations are ignored. */
  isOwnNode(node: Node): boolean;
  timers?: ObserverTimers;
  /** Debounce of DOM changes and the longest a pending change waits. */
  debounceMs?: number;
  maxWaitMs?: number;
  /** URL polling interval (history.pushState is invisible to content scripts). */
  urlPollMs?: number;
}

export interface EntryObserver {
  /** Scan now (synchronously). */
  scan(): void;
  stop(): void;
}

const defaultTimers: ObserverTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
};

export function observeEntries(opts: ObserveOptions): EntryObserver {
  const timers = opts.timers ?? defaultTimers;
  const debounceMs = opts.debounceMs ?? 80;
  const maxWaitMs = opts.maxWaitMs ?? 400;
  const reported = new WeakMap<Element, string>();
  let url = opts.getUrl();
  let adapter = opts.pickAdapter(url);
  let navigated = true;
  let stopped = false;
  let pending: unknown = null;
  let firstPendingAt = 0;

  const signature = (e: PaperEntry) => `${e.key}\u0000${e.title}`;

  function scan(): void {
    if (stopped) return;
    if (!opts.isValid()) {
      stop();
      return;
    }
    pending = null;
    checkUrl();
    if (!adapter) return;
    let entries: PaperEntry[];
    try {
      entries = adapter.findEntries(opts.document, url);
    } catch {
      entries = [];
    }
    const fresh: PaperEntry[] = [];
    for (const e of entries) {
      const sig = signature(e);
      if (reported.get(e.element) === sig) continue;
      reported.set(e.element, sig);
      fresh.push(e);
    }
    if (fresh.length > 0 || navigated) {
      const wasNav = navigated;
      navigated = false;
      if (fresh.length > 0 || wasNav) opts.onBatch(fresh, { url, adapter, navigated: wasNav });
    }
  }

  function checkUrl(): boolean {
    const now = opts.getUrl();
    if (now === url) return false;
    url = now;
    adapter = opts.pickAdapter(url);
    navigated = true;
    opts.onNavigate?.(url, adapter);
    return true;
  }

  function schedule(): void {
    if (stopped) return;
    const now = Date.now();
    if (pending !== null) {
      if (now - firstPendingAt >= maxWaitMs) return; // already due soon enough
      timers.clearTimeout(pending);
    } else firstPendingAt = now;
    const wait = Math.max(0, Math.min(debounceMs, maxWaitMs - (now - firstPendingAt)));
    pending = timers.setTimeout(scan, wait);
  }

  const view = opts.document.defaultView as (Window & typeof globalThis) | null;
  const MO = (view?.MutationObserver ?? (globalThis as { MutationObserver?: typeof MutationObserver }).MutationObserver) as
    | typeof MutationObserver
    | undefined;
  const mo = MO
    ? new MO((records) => {
        if (!opts.isValid()) {
          stop();
          return;
        }
        const relevant = records.some((r) => {
          if (r.type === 'characterData') return !opts.isOwnNode(r.target);
          if (opts.isOwnNode(r.target)) return false;
          const nodes = [...Array.from(r.addedNodes), ...Array.from(r.removedNodes)];
          return nodes.some((n) => !opts.isOwnNode(n));
        });
        if (relevant) schedule();
      })
    : null;
  mo?.observe(opts.document.documentElement ?? opts.document, { childList: true, subtree: true, characterData: true });
  const poll = timers.setInterval(() => {
    if (!opts.isValid()) return stop();
    if (checkUrl()) schedule();
  }, opts.urlPollMs ?? 500);
  const onPop = () => {
    if (checkUrl()) schedule();
  };
  view?.addEventListener('popstate', onPop);

  function stop(): void {
    if (stopped) return;
    stopped = true;
    mo?.disconnect();
    timers.clearInterval(poll);
    if (pending !== null) timers.clearTimeout(pending);
    view?.removeEventListener('popstate', onPop);
  }

  return {
    scan,
    stop,
  };
}
