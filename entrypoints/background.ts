/**
 * The background service worker: the only owner of the database and the in-memory indexes
 * (lib/service.ts). Every message passes lib/guard.ts (sender, size, shape) before it is handled;
 * changes are broadcast to every tab and extension page. Also: the "Save to Paper Lens" context menu
 * on paper links, and the content script on sites the user opted in for.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import corpus from 'virtual:paper-lens-corpus';
import { gate } from '../lib/guard';
import type { Broadcast, Reply, RequestType, SettingsView } from '../lib/messages';
import { paperIdFromLink } from '../lib/sites/links';
import { createService } from '../lib/background/service';
import { ZOTERO_ORIGINS } from '../lib/zotero/origins';
import { encodeReply } from '../lib/wire';

const MENU_ID = 'paper-lens-save-link';
const GENERIC_SCRIPT_ID = 'paper-lens-generic';

export default defineBackground({
  type: 'module',
  main() {
    const broadcast = (msg: Broadcast) => {
      const wrapped = { paperLens: msg };
      browser.runtime.sendMessage(wrapped).catch(() => undefined);
      browser.tabs
        .query({})
        .then((tabs) => {
          for (const t of tabs) if (t.id !== undefined) browser.tabs.sendMessage(t.id, wrapped).catch(() => undefined);
        })
        .catch(() => undefined);
      if (msg.type === 'changed' && msg.what === 'settings') void syncGenericHosts();
    };
    const service = createService({
      corpus,
      version: browser.runtime.getManifest().version,
      broadcast,
      estimate: () => navigator.storage.estimate(),
      zoteroPermitted: () => browser.permissions.contains({ origins: ZOTERO_ORIGINS }).catch(() => false),
    });
    service.ready().catch((e: Error) => broadcast({ type: 'storageError', message: e.message }));
    (globalThis as { __paperLens?: unknown }).__paperLens = { service };

    /** Register the content script on the hosts the user opted in for (and granted). */
    async function syncGenericHosts(): Promise<void> {
      try {
        const { settings } = (await service.handle({ type: 'getSettings' })) as { settings: SettingsView };
        const granted = await Promise.all(
          settings.genericHosts.map(async (h) => ((await browser.permissions.contains({ origins: [`https://${h}/*`] })) ? h : null)),
        );
        const hosts = granted.filter((h): h is string => !!h);
        const scripting = (browser as unknown as { scripting?: { getRegisteredContentScripts(f?: unknown): Promise<Array<{ id: string }>>; unregisterContentScripts(f: unknown): Promise<void>; registerContentScripts(s: unknown[]): Promise<void> } }).scripting;
        const js = ['content-scripts/listing.js'];
        if (scripting) {
          const existing = await scripting.getRegisteredContentScripts({ ids: [GENERIC_SCRIPT_ID] });
          if (existing.length) await scripting.unregisterContentScripts({ ids: [GENERIC_SCRIPT_ID] });
          if (hosts.length) await scripting.registerContentScripts([{ id: GENERIC_SCRIPT_ID, matches: hosts.flatMap((h) => [`https://${h}/*`, `http://${h}/*`]), js, runAt: 'document_idle', persistAcrossSessions: true }]);
        } else {
          const cs = (browser as unknown as { contentScripts?: { register(o: unknown): Promise<{ unregister(): Promise<void> }> } }).contentScripts;
          const g = globalThis as { __plGeneric?: { unregister(): Promise<void> } };
          await g.__plGeneric?.unregister().catch(() => undefined);
          g.__plGeneric = hosts.length && cs ? await cs.register({ matches: hosts.flatMap((h) => [`https://${h}/*`, `http://${h}/*`]), js: js.map((file) => ({ file: `/${file}` })), runAt: 'document_idle' }) : undefined;
        }
      } catch (e) {
        console.warn('[paper-lens] could not register the content script on opted-in sites', e);
      }
    }
    void syncGenericHosts();

    browser.runtime.onInstalled.addListener(() => {
      browser.contextMenus.removeAll().finally(() => {
        browser.contextMenus.create({
          id: MENU_ID,
          title: 'Save to Paper Lens',
          contexts: ['link'],
          targetUrlPatterns: ['*://arxiv.org/abs/*', '*://arxiv.org/pdf/*', '*://www.arxiv.org/abs/*', '*://www.arxiv.org/pdf/*', '*://huggingface.co/papers/*'],
        });
      });
    });
    browser.contextMenus.onClicked.addListener((info) => {
      if (info.menuItemId !== MENU_ID) return;
      const id = paperIdFromLink(info.linkUrl);
      if (!id) return;
      const text = ((info as { linkText?: string }).linkText ?? info.selectionText ?? '').replace(/\s+/g, ' ').trim();
      const title = text.length >= 12 && !text.includes(id) && !/^https?:/.test(text) ? text.slice(0, 1000) : `arXiv:${id}`;
      void service.handle({ type: 'save', entry: { title, arxivId: id, url: `https://arxiv.org/abs/${id}` } }).catch((e: Error) => broadcast({ type: 'storageError', message: e.message }));
    });

    browser.runtime.onMessage.addListener((message: unknown, sender): Promise<Reply<RequestType>> | undefined => {
      if (message && typeof message === 'object' && 'paperLens' in message) return undefined; // our own broadcast
      const t0 = performance.now();
      const g = gate(message, sender, browser.runtime.id);
      if (!g.ok) return Promise.resolve({ ok: false, error: g.error });
      const type = g.request.type;
      service.noteTiming(`${type}.gate`, performance.now() - t0); // the benchmark's phases (BENCH_DEBUG)
      return service.handle(g.request, { tabId: sender.tab?.id ?? null }).then(
        // Sent in its wire form (lib/wire.ts: annotate packed); lib/rpc.ts decodes it.
        (data) => {
          const t1 = performance.now();
          const out = { ok: true as const, data: encodeReply(type, data) as never };
          service.noteTiming(`${type}.encode`, performance.now() - t1);
          return out;
        },
        (e: unknown) => ({ ok: false as const, error: e instanceof Error ? e.message : String(e) }),
      );
    });
  },
});
