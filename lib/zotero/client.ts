/**
 * Zotero desktop on this computer: its local API (read-only, Web API v3 under /api/) and the connector
 * endpoint that saves items. Zotero drops, without an answer, any request that looks like it comes from
 * a browser (a User-Agent starting with "Mozilla/" or an Origin header) unless it carries
 * `Zotero-Allowed-Request` or `X-Zotero-Connector-API-Version` (server.js _processEndpoint): every
 * request here carries the first, saves the second. Every answer is read with a time limit and a size
 * limit, and anything that is not what Zotero sends is an error with a message, never a hang.
 */
import { collectionNames, itemToPaper, readVersions, type ZoteroPaper } from './items';
import { ZOTERO_ORIGINS } from './origins';

export { ZOTERO_ORIGINS };
export const ZOTERO_BASES = ['http://127.0.0.1:23119', 'http://localhost:23119'];

export type ZoteroFailure = 'not-running' | 'disabled' | 'error';

export class ZoteroError extends Error {
  constructor(
    readonly kind: ZoteroFailure,
    message: string,
  ) {
    super(message);
  }
}

export const DISABLED_MESSAGE =
  'Zotero is running, but its local API is off: in Zotero, open Settings → Advanced and tick "Allow other applications on this computer to communicate with Zotero".';
export const NOT_RUNNING_MESSAGE = 'Zotero is not running (nothing answers on 127.0.0.1:23119). Start Zotero desktop and sync again.';

export interface ClientOptions {
  bases?: string[];
  fetch?: typeof fetch;
  /** Per request. */
  timeoutMs?: number;
  /** Largest answer read (a page of 100 items is well under 1 MB). */
  maxBytes?: number;
  /** Items per page. */
  pageSize?: number;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

export class ZoteroClient {
  private bases: string[];
  private base: string | null = null;
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  readonly pageSize: number;

  constructor(opts: ClientOptions = {}) {
    this.bases = opts.bases ?? ZOTERO_BASES;
    this.fetch = opts.fetch ?? ((...a) => fetch(...a));
    this.timeoutMs = opts.timeoutMs ?? 20_000;
    this.maxBytes = opts.maxBytes ?? 32 * 1024 * 1024;
    this.pageSize = opts.pageSize ?? 100;
  }

  /** One request: the first base that answers (127.0.0.1, then localhost), remembered. */
  private async request(path: string, init: RequestInit = {}): Promise<Answer> {
    const order = this.base ? [this.base, ...this.bases.filter((b) => b !== this.base)] : this.bases;
    let last: unknown = null;
    for (const base of order) {
      try {
        const a = await this.once(base + path, init);
        this.base = base;
        return a;
      } catch (e) {
        if (e instanceof ZoteroError && e.kind !== 'not-running') throw e;
        last = e;
      }
    }
    throw last instanceof ZoteroError ? last : new ZoteroError('not-running', NOT_RUNNING_MESSAGE);
  }

  private async once(url: string, init: RequestInit): Promise<Answer> {
    const ctl = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctl.abort();
    }, this.timeoutMs);
    try {
      let res: Response;
      try {
        res = await this.fetch(url, { ...init, signal: ctl.signal, cache: 'no-store', credentials: 'omit', headers: { 'Zotero-Allowed-Request': '1', 'Zotero-API-Version': '3', ...(init.headers as Record<string, string> | undefined) } });
      } catch {
        if (timedOut) throw new ZoteroError('error', `Zotero did not answer within ${Math.round(this.timeoutMs / 1000)} s.`);
        // Refused, or closed without an answer (what Zotero does to requests it takes for a web page's).
        throw new ZoteroError('not-running', NOT_RUNNING_MESSAGE);
      }
      const declared = Number(res.headers.get('content-length') ?? NaN);
      if (declared > this.maxBytes) {
        ctl.abort();
        throw new ZoteroError('error', `Zotero sent an answer of ${(declared / 1048576).toFixed(0)} MB for one request; Paper Lens reads at most ${this.maxBytes / 1048576} MB. Nothing was changed.`);
      }
      const text = await this.readCapped(res, ctl, () => timedOut);
      return { status: res.status, headers: res.headers, text };
    } finally {
      clearTimeout(timer);
    }
  }

  private async readCapped(res: Response, ctl: AbortController, timedOut: () => boolean): Promise<string> {
    if (!res.body) return '';
    const reader = res.body.getReader();
    const parts: Uint8Array[] = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > this.maxBytes) {
          ctl.abort();
          throw new ZoteroError('error', `Zotero sent more than ${this.maxBytes / 1048576} MB for one request; Paper Lens stopped reading it. Nothing was changed.`);
        }
        parts.push(value);
      }
    } catch (e) {
      if (e instanceof ZoteroError) throw e;
      if (timedOut()) throw new ZoteroError('error', `Zotero did not finish its answer within ${Math.round(this.timeoutMs / 1000)} s.`);
      throw new ZoteroError('not-running', 'Zotero stopped answering in the middle of a sync (did it quit?). What was read before is kept.');
    }
    const all = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.byteLength;
    }
    return new TextDecoder().decode(all);
  }

  private async api(path: string): Promise<{ json: unknown; headers: Headers }> {
    const a = await this.request(path);
    if (a.status === 403) throw new ZoteroError('disabled', DISABLED_MESSAGE);
    if (a.status !== 200) throw new ZoteroError('error', `Zotero answered ${a.status}${a.text ? `: ${a.text.slice(0, 120).trim()}` : ''}.`);
    try {
      return { json: JSON.parse(a.text), headers: a.headers };
    } catch {
      throw new ZoteroError('error', `Zotero answered with something that is not JSON ("${a.text.slice(0, 40)}…"). Nothing was changed.`);
    }
  }

  /** Is Zotero there, with its local API on? Throws a ZoteroError saying which it is not. */
  async check(): Promise<void> {
    const a = await this.request('/api/');
    if (a.status === 403) throw new ZoteroError('disabled', DISABLED_MESSAGE);
    if (a.status !== 200) throw new ZoteroError('error', `Zotero answered ${a.status} to /api/ (a Zotero older than 7 has no local API).`);
  }

  /** Every top-level item's version, and the library's version. */
  async versions(): Promise<{ versions: Map<string, number>; libraryVersion: number }> {
    const { json, headers } = await this.api('/api/users/0/items/top?format=versions');
    const versions = readVersions(json);
    if (!versions) throw new ZoteroError('error', 'Zotero answered the list of item versions with something else. Nothing was changed.');
    const lmv = Number(headers.get('Last-Modified-Version'));
    return { versions, libraryVersion: Number.isInteger(lmv) && lmv >= 0 ? lmv : Math.max(0, ...versions.values()) };
  }

  /**
   * Top-level items changed since `since` (all of them for 0), page by page: `onPage` gets each page's
   * papers and how many items it skipped (notes, attachments, items without a title).
   */
  async itemsSince(since: number, onPage: (papers: ZoteroPaper[], skipped: { noTitle: number; invalid: number }) => Promise<void>): Promise<number> {
    let start = 0;
    let read = 0;
    for (;;) {
      const { json, headers } = await this.api(`/api/users/0/items/top?format=json&since=${since}&start=${start}&limit=${this.pageSize}`);
      if (!Array.isArray(json)) throw new ZoteroError('error', 'Zotero answered a page of items with something that is not a list of items.');
      const papers: ZoteroPaper[] = [];
      const skipped = { noTitle: 0, invalid: 0 };
      for (const it of json) {
        const r = itemToPaper(it);
        if ('paper' in r) papers.push(r.paper);
        else if (r.skip === 'no-title') skipped.noTitle++;
        else if (r.skip === 'invalid') skipped.invalid++;
      }
      await onPage(papers, skipped);
      read += json.length;
      const total = Number(headers.get('Total-Results'));
      // A Zotero that ignores `limit` (7.0) sends everything at once.
      if (json.length < this.pageSize || json.length > this.pageSize || (Number.isInteger(total) && start + json.length >= total)) return read;
      start += json.length;
    }
  }

  async collections(): Promise<Map<string, string>> {
    const { json } = await this.api('/api/users/0/collections');
    if (!Array.isArray(json)) throw new ZoteroError('error', 'Zotero answered the list of collections with something that is not a list.');
    return collectionNames(json);
  }

  /** Create an item through the connector (into the collection selected in Zotero). */
  async saveItem(item: Record<string, unknown>, pageUrl: string | null): Promise<void> {
    const sessionID = `paperlens-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    const a = await this.request('/connector/saveItems', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Zotero-Connector-API-Version': '3' },
      body: JSON.stringify({ sessionID, uri: pageUrl ?? (item.url as string | undefined) ?? 'about:blank', items: [item] }),
    });
    if (a.status === 201) return;
    if (a.status === 500 && /libraryEditable/.test(a.text)) throw new ZoteroError('error', 'The library selected in Zotero is read-only: select My Library (or a collection you can edit) in Zotero and try again.');
    throw new ZoteroError('error', `Zotero did not save the item (it answered ${a.status}${a.text ? `: ${a.text.slice(0, 120).trim()}` : ''}).`);
  }
}
