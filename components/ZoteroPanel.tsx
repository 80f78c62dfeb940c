/**
 * Options → Zotero: read the user's Zotero library from Zotero desktop on this computer (off by default;
 * turning it on asks the browser for 127.0.0.1:23119 and localhost:23119 only), save to Zotero too, the
 * status of the last sync, and "Sync now".
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Broadcast, SettingsView, ZoteroStatus } from '../lib/messages';
import { send } from '../lib/rpc';
import { ZOTERO_ORIGINS } from '../lib/zotero/client';

export function zoteroStatusText(s: ZoteroStatus, now = Date.now()): string {
  if (!s.enabled) return 'Off: Paper Lens does not contact Zotero.';
  if (s.state === 'syncing') return 'Syncing with Zotero…';
  const when = s.lastSync ? ` Last sync ${new Date(s.lastSync).toLocaleTimeString()}${now - s.lastSync > 86_400_000 ? ` on ${new Date(s.lastSync).toLocaleDateString()}` : ''}.` : '';
  const skipped = s.noTitle ? ` (${s.noTitle} item${s.noTitle === 1 ? '' : 's'} without a title left out)` : '';
  if (s.state === 'connected') return `Connected: ${s.items.toLocaleString('en')} papers from Zotero${skipped}.${when}`;
  return `${s.message}${s.items ? ` Paper Lens keeps the ${s.items.toLocaleString('en')} papers of the last sync.` : ''}${when}`;
}

export function ZoteroPanel({ settings, onError, onChanged }: { settings: SettingsView; onError(message: string | null): void; onChanged(): void }) {
  const [status, setStatus] = useState<ZoteroStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const refresh = useCallback(() => void send({ type: 'zoteroStatus' }).then(setStatus, (e: Error) => onError(e.message)), [onError]);
  useEffect(() => {
    refresh();
    const onMsg = (m: unknown) => {
      const b = (m as { paperLens?: Broadcast })?.paperLens;
      if (b?.type === 'changed' && (b.what === 'zotero' || b.what === 'settings')) refresh();
    };
    browser.runtime.onMessage.addListener(onMsg);
    return () => browser.runtime.onMessage.removeListener(onMsg);
  }, [refresh]);

  const toggle = async (on: boolean) => {
    onError(null);
    setBusy(true);
    try {
      if (on) {
        // The permission prompt must come straight from the click.
        const granted = await browser.permissions.request({ origins: ZOTERO_ORIGINS }).catch(() => false);
        if (!granted) return onError('Paper Lens was not allowed to reach Zotero (127.0.0.1:23119): Zotero stays off.');
        await send({ type: 'updateSettings', patch: { zoteroEnabled: true } });
        setStatus(await send({ type: 'zoteroSync' }));
      } else {
        await send({ type: 'updateSettings', patch: { zoteroEnabled: false } });
        await browser.permissions.remove({ origins: ZOTERO_ORIGINS }).catch(() => false);
        refresh();
      }
      onChanged();
    } catch (e) {
      onError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const syncNow = async () => {
    setBusy(true);
    try {
      setStatus(await send({ type: 'zoteroSync' }));
      onChanged();
    } catch (e) {
      onError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="zotero-h">
      <h2 id="zotero-h">Zotero</h2>
      <p class="pl-muted">
        Show which papers are in your Zotero library on every listing, read from Zotero desktop on this computer (Zotero 7 or later, with Settings → Advanced → "Allow other applications on this computer to communicate with Zotero" ticked). Nothing leaves your computer.
      </p>
      <label class="row">
        <input type="checkbox" checked={settings.zoteroEnabled} disabled={busy} onChange={(e) => void toggle((e.currentTarget as HTMLInputElement).checked)} /> Use my Zotero library (Zotero desktop on this computer)
      </label>
      <label class="row">
        <input type="checkbox" checked={settings.zoteroSaveToo} disabled={busy || !settings.zoteroEnabled} onChange={(e) => void send({ type: 'updateSettings', patch: { zoteroSaveToo: (e.currentTarget as HTMLInputElement).checked } }).then(onChanged, (err: Error) => onError(err.message))} /> Saving a paper also adds it to Zotero (to the collection selected in Zotero)
      </label>
      <p class="row" role="status" data-testid="zotero-status" data-state={status?.state ?? ''}>
        {status ? zoteroStatusText(status) : 'loading…'}
        {settings.zoteroEnabled && (
          <button type="button" disabled={busy || status?.state === 'syncing'} onClick={() => void syncNow()}>
            Sync now
          </button>
        )}
      </p>
    </section>
  );
}
