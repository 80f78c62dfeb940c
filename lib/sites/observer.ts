/**
 * One observer per page: a MutationObserver plus URL-change detection. It feeds new or replaced
 * entries to the consumer in batches, never re-reports an entry it already reported (same element,
 * same key and title), ignores the extension's own badge rows, and stops for good when the content
 * script context is invalidated.
 */
import type { PaperEntry, ScanPlan, SiteAdapter } from './types';

/** From this many candidate elements on, a page is read in slices (SiteAdapter.scanPlan). */
const SLICED_FROM = 150;
/** Reading work per slice: far below the 50 ms of a long task, even before the code is warm. */
const SCAN_SLICE_MS = 8;

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
  /** Reading work per slice of a long listing (SCAN_SLICE_MS). */
  scanSliceMs?: number;
}

export interface EntryObserver {
  /** Scan now: synchronously, or for a long listing in slices (its batch is reported once all are read). */
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
  const sliceMs = opts.scanSliceMs ?? SCAN_SLICE_MS;
  const reported = new WeakMap<Element, string>();
  let url = opts.getUrl();
  let adapter = opts.pickAdapter(url);
  let navigated = true;
  let stopped = false;
  let pending: unknown = null;
  let scanning = false;
  let rescan = false;
  let firstPendingAt = 0;

  const signature = (e: PaperEntry) => `${e.key}\u0000${e.title}`;

  function scan(): void {
    if (stopped) return;
    if (!opts.isValid()) {
      stop();
      return;
    }
    pending = null;
    if (scanning) {
      // A slice-by-slice read is under way: read again when it is done.
      rescan = true;
      return;
    }
    checkUrl();
    if (!adapter) return;
    let plan: ScanPlan | null = null;
    try {
      plan = adapter.scanPlan?.(opts.document, url) ?? null;
    } catch {
      plan = null;
    }
    if (plan) {
      readPlanned(plan, adapter, url, plan.elements.length >= SLICED_FROM ? sliceMs : Infinity);
      return;
    }
    let entries: PaperEntry[];
    try {
      entries = adapter.findEntries(opts.document, url);
    } catch {
      entries = [];
    }
    report(entries, adapter);
  }

  /**
   * Reads the adapter's plan `budget` milliseconds at a time, each slice in a task of its own (a short
   * listing: all at once, synchronously), then reports it; findEntries decides when the plan finds nothing.
   */
  function readPlanned(plan: ScanPlan, a: SiteAdapter, at: string, budget: number): void {
    scanning = true;
    const found: PaperEntry[] = [];
    let i = 0;
    const step = () => {
      if (stopped) return;
      if (!opts.isValid()) return stop();
      const t0 = performance.now();
      for (let first = true; i < plan.elements.length && (first || performance.now() - t0 < budget); first = false) {
        try {
          const e = plan.entryOf(plan.elements[i]!);
          if (e) found.push(e);
        } catch {
          /* broken markup: not an entry */
        }
        i++;
      }
      if (i < plan.elements.length) {
        timers.setTimeout(step, 0);
        return;
      }
      scanning = false;
      if (opts.getUrl() === at && adapter === a) {
        let entries = found.filter((e) => e.element.isConnected);
        if (found.length === 0) {
          try {
            entries = a.findEntries(opts.document, at);
          } catch {
            entries = [];
          }
        }
        report(entries, a);
      } else rescan = true; // navigated meanwhile: this read is stale
      if (rescan) {
        rescan = false;
        schedule();
      }
    };
    step();
  }

  function report(entries: PaperEntry[], a: SiteAdapter): void {
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
      opts.onBatch(fresh, { url, adapter: a, navigated: wasNav });
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
