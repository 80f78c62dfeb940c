/**
 * The listing content script: picks the site adapter, observes the page for entries (one observer per
 * page), and renders the overlay. It only renders and sends messages; the background owns all data.
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { Broadcast, PageInfo, SettingsView } from '../../lib/messages';
import { send } from '../../lib/rpc';
import { adapterFor, type SiteAdapter } from '../../lib/sites';
import { CONTENT_MATCHES } from '../../lib/sites/specs';
import { setReservation } from '../../lib/sites/reserve';
import { observeEntries } from '../../lib/sites/observer';
import { HOST_TAG, Overlay, SUMMARY_TAG } from './overlay';

function siteEnabled(adapter: SiteAdapter, s: SettingsView): boolean {
  if (adapter.id === 'generic') return s.genericHosts.includes(location.hostname);
  return s.sites[adapter.id] ?? true;
}

/**
 * This page load (a random token): the background counts everything annotated in one page load as one
 * visit, however long the page stays open and re-renders (lib/types.ts VISIT_WINDOW_MS).
 */
const LOAD = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');

function pageInfo(adapter: SiteAdapter): PageInfo {
  let date: string | null = null;
  try {
    date = adapter.listingDate?.(document, location.href) ?? null;
  } catch {
    date = null;
  }
  return { url: location.href, site: adapter.id, label: adapter.label(location.href).slice(0, 200), date: date?.slice(0, 40) ?? null, load: LOAD };
}

export default defineContentScript({
  matches: CONTENT_MATCHES,
  // At document_start only to reserve the rows' space before the page's first layout (lib/sites/reserve.ts);
  // entries are read at DOMContentLoaded (server-rendered listings get their badges without waiting for
  // images) and entries that appear later are picked up by the observer.
  runAt: 'document_start',
  async main(ctx) {
    const reserveFor = (a: SiteAdapter | null) => setReservation(document, a?.reserveSelector?.(location.href) ?? null);
    // Before settings arrive: the built-in sites are on unless the user turned them off.
    reserveFor(adapterFor(location.href, { allowGeneric: false }));
    let settings: SettingsView;
    try {
      settings = (await send({ type: 'getSettings' })).settings;
    } catch {
      reserveFor(null);
      return; // background unavailable (extension being updated)
    }
    if (ctx.isInvalid) return reserveFor(null);
    const pick = (url: string) => {
      const a = adapterFor(url, { allowGeneric: settings.genericHosts.includes(location.hostname) });
      return a && siteEnabled(a, settings) ? a : null;
    };
    const adapter = pick(location.href);
    reserveFor(adapter);
    if (document.readyState === 'loading') await new Promise((r) => document.addEventListener('DOMContentLoaded', r, { once: true }));
    // Scan in a task of our own, not at the end of the parser's last one.
    await new Promise<void>((r) => ctx.setTimeout(() => r(), 0));
    if (ctx.isInvalid) return reserveFor(null);
    let overlay: Overlay | null = null;
    // Render the next slice right after the next frame: the page paints between slices, and a slice per
    // frame keeps 1,000 rows to a second or two (idle callbacks are rare while a long page renders).
    const schedule = (fn: () => void) => {
      ctx.requestAnimationFrame(() => ctx.setTimeout(fn, 0));
    };
    const makeOverlay = (a: SiteAdapter) =>
      new Overlay(pageInfo(a), a, {
        annotate: async (page, entries) => (await send({ type: 'annotate', page, entries })).annotations,
        forYou: (entries) => send({ type: 'forYou', entries }),
        details: (page, entries) => send({ type: 'details', page, entries }),
        save: (entry, paperId, page) => send({ type: 'save', entry, paperId, page }),
        unsave: (paperId) => send({ type: 'unsave', paperId }),
        setNote: (paperId, note, tags) => send({ type: 'setNote', paperId, note, tags }),
        setFilter: (site, f) => send({ type: 'updateSettings', patch: { pageFilter: { [site]: f } } }),
        setCollapsed: (c) => send({ type: 'updateSettings', patch: { summaryCollapsed: c } }),
        initialCollapsed: settings.summaryCollapsed,
        // Once the last frame is out (the next idle moment), so the history write does not share it.
        shown: (page) => ctx.requestIdleCallback(() => void send({ type: 'shown', pageUrl: page.url }).catch(() => undefined), { timeout: 2000 }),
        initialFilter: settings.pageFilter[a.id] ?? 'all',
        schedule,
      });

    const onMessage = (msg: unknown) => {
      const b = (msg as { paperLens?: Broadcast })?.paperLens;
      if (b && overlay) overlay.onBroadcast(b);
    };
    browser.runtime.onMessage.addListener(onMessage);

    const observer = observeEntries({
      document,
      getUrl: () => location.href,
      pickAdapter: pick,
      isValid: () => ctx.isValid,
      isOwnNode: (n) => {
        const name = (n as Element).tagName?.toLowerCase();
        return name === HOST_TAG || name === SUMMARY_TAG;
      },
      onNavigate: (_url, a) => {
        reserveFor(a);
        if (a && overlay) overlay.navigate(pageInfo(a), a);
        else if (!a) {
          overlay?.destroy();
          overlay = null;
        }
      },
      onBatch: (entries, info) => {
        if (!overlay) overlay = makeOverlay(info.adapter);
        // In a task of its own, not the one that read the last entries: preparing 1,000 is ≈ 10–40 ms here.
        const o = overlay;
        if (entries.length) ctx.setTimeout(() => void o.add(entries), 0);
      },
    });
    if (adapter) observer.scan();

    ctx.onInvalidated(() => {
      reserveFor(null);
      observer.stop();
      overlay?.destroy();
      overlay = null;
      try {
        browser.runtime.onMessage.removeListener(onMessage);
      } catch {
        /* context gone */
      }
    });
  },
});
