/**
 * The background service worker: the only owner of the database and the in-memory indexes
 * (lib/service.ts). Every message passes lib/guard.ts (sender, size, shape) before it is handled;
 * changes are broadcast to every tab and extension page.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import corpus from 'virtual:paper-lens-corpus';
import { gate } from '../lib/guard';
import type { Broadcast, Reply, RequestType } from '../lib/messages';
import { createService } from '../lib/service';

export default defineBackground({
  type: 'module',
  main() {
    const broadcast = (msg: Broadcast) => {
      const wrapped = { paperLens: msg };
      // Extension pages (popup, options).
      browser.runtime.sendMessage(wrapped).catch(() => undefined);
      // Listing tabs with the content script.
      browser.tabs
        .query({})
        .then((tabs) => {
          for (const t of tabs) if (t.id !== undefined) browser.tabs.sendMessage(t.id, wrapped).catch(() => undefined);
        })
        .catch(() => undefined);
    };
    const service = createService({ corpus, version: browser.runtime.getManifest().version, broadcast });
    // Start loading the library and indexes right away (a stopped worker restarts on the first message).
    service.ready().catch((e: Error) => broadcast({ type: 'storageError', message: e.message }));
    (globalThis as { __paperLens?: unknown }).__paperLens = { service };

    browser.runtime.onMessage.addListener((message: unknown, sender): Promise<Reply<RequestType>> | undefined => {
      if (message && typeof message === 'object' && 'paperLens' in message) return undefined; // our own broadcast
      const g = gate(message, sender, browser.runtime.id);
      if (!g.ok) return Promise.resolve({ ok: false, error: g.error });
      return service.handle(g.request, { tabId: sender.tab?.id ?? null }).then(
        (data) => ({ ok: true as const, data }),
        (e: unknown) => ({ ok: false as const, error: e instanceof Error ? e.message : String(e) }),
      );
    });
  },
});
