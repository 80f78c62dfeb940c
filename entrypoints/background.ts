/**
 * The background service worker: the only owner of the database and the in-memory indexes.
 * It validates every message (shape, size, sender) before handling it.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import corpus from 'virtual:paper-lens-corpus';
import { approxSize, LIMITS, validateRequest, type Reply, type RequestType } from '../lib/messages';
import { createService } from '../lib/service';

export default defineBackground({
  type: 'module',
  main() {
    const service = createService({ corpus, version: browser.runtime.getManifest().version });

    browser.runtime.onMessage.addListener((message: unknown, sender): Promise<Reply<RequestType>> | undefined => {
      // Only this extension's own pages and content scripts may talk to the background.
      if (sender.id !== browser.runtime.id) return Promise.resolve({ ok: false, error: 'sender is not this extension' });
      if (approxSize(message) > LIMITS.maxMessageBytes) return Promise.resolve({ ok: false, error: 'message too large' });
      let request;
      try {
        request = validateRequest(message);
      } catch (e) {
        return Promise.resolve({ ok: false, error: `invalid message: ${(e as Error).message}` });
      }
      return service.handle(request, { tabId: sender.tab?.id ?? null }).then(
        (data) => ({ ok: true as const, data }),
        (e: unknown) => ({ ok: false as const, error: e instanceof Error ? e.message : String(e) }),
      );
    });
  },
});
