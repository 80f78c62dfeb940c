/**
 * A stand-in for Zotero desktop's HTTP server (127.0.0.1:23119), for the tests: Zotero cannot be
 * installed on these machines. It answers the endpoints Paper Lens uses the way Zotero 7/8 does, as read
 * in Zotero's source (chrome/content/zotero/xpcom/server/server.js, server_localAPI.js,
 * server_connector.js):
 * - a request that looks like a browser's (User-Agent "Mozilla/…" or an Origin header) without
 *   `Zotero-Allowed-Request` or `X-Zotero-Connector-API-Version` is closed without an answer;
 * - OPTIONS/HEAD → 200; unknown path → 404 "No endpoint found";
 * - /api/… → 403 "Local API is not enabled" while the local API is off; `Zotero-API-Version: 3` and
 *   `Zotero-Schema-Version` on every API answer; a userID other than 0 → 400;
 * - /api/users/0/items/top: format json (default) or versions ({key: version}), `since`, `start`/`limit`,
 *   `Total-Results` and `Last-Modified-Version` (the library version); items in the Web API v3 shape;
 * - /api/users/0/collections;
 * - POST /connector/saveItems: JSON only (400 otherwise / on bad JSON), 409 SESSION_EXISTS for a used
 *   sessionID, 201 with an empty body once saved (the item gets a new key and library version).
 * Faults for the bad-input tests: garbage JSON, 500, a 50 MB answer, a server that quits mid-answer.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInItem {
  key?: string;
  itemType?: string;
  title?: string;
  creators?: Array<{ firstName?: string; lastName?: string; name?: string; creatorType: string }>;
  date?: string;
  DOI?: string;
  url?: string;
  extra?: string;
  archiveID?: string;
  abstractNote?: string;
  collections?: string[];
  tags?: Array<{ tag: string }>;
}

export type Fault = null | 'garbage' | '500' | 'huge' | 'quit-mid-page' | 'hang';

export interface StandIn {
  port: number;
  localApi: boolean;
  fault: Fault;
  /** Items (data objects as Zotero stores them) by key. */
  items: Map<string, { version: number; data: Required<Pick<StandInItem, 'key' | 'itemType'>> & StandInItem }>;
  collections: Map<string, string>;
  libraryVersion: number;
  /** Every request: method, path, headers. */
  log: Array<{ method: string; path: string; headers: IncomingMessage['headers']; dropped: boolean }>;
  saved: unknown[];
  add(item: StandInItem): string;
  remove(key: string): void;
  close(): Promise<void>;
}

let keySeq = 0;
const newKey = () => `K${(++keySeq).toString(36).toUpperCase().padStart(7, '0')}`;

export async function startZoteroStandIn(opts: { port?: number; host?: string; items?: StandInItem[]; collections?: Record<string, string>; localApi?: boolean } = {}): Promise<StandIn> {
  const sessions = new Set<string>();
  const state: StandIn = {
    port: 0,
    localApi: opts.localApi ?? true,
    fault: null,
    items: new Map(),
    collections: new Map(Object.entries(opts.collections ?? {})),
    libraryVersion: 0,
    log: [],
    saved: [],
    add(item) {
      const key = item.key ?? newKey();
      state.libraryVersion++;
      state.items.set(key, { version: state.libraryVersion, data: { itemType: 'journalArticle', ...item, key } });
      return key;
    },
    remove(key) {
      state.libraryVersion++;
      state.items.delete(key);
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
  for (const it of opts.items ?? []) state.add(it);

  const apiHeaders = { 'Zotero-API-Version': '3', 'Zotero-Schema-Version': '31' };
  const send = (res: ServerResponse, status: number, type: string | null, body: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, { ...(type ? { 'Content-Type': type } : {}), ...extra });
    res.end(body);
  };
  const itemJson = (key: string) => {
    const it = state.items.get(key)!;
    const data = { ...it.data, version: it.version, creators: it.data.creators ?? [], tags: it.data.tags ?? [], collections: it.data.collections ?? [], relations: {}, dateAdded: '2026-01-01T00:00:00Z', dateModified: '2026-01-01T00:00:00Z' };
    return {
      key,
      version: it.version,
      library: { type: 'user', id: 0, name: 'My Library', links: {} },
      links: { self: { href: `http://localhost:23119/api/users/0/items/${key}`, type: 'application/json' } },
      meta: { numChildren: 0 },
      data,
    };
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const h = req.headers;
    const browserLike = (typeof h['user-agent'] === 'string' && h['user-agent'].startsWith('Mozilla/')) || 'origin' in h;
    const allowed = 'zotero-allowed-request' in h || 'x-zotero-connector-api-version' in h;
    const dropped = browserLike && !allowed && req.method !== 'OPTIONS' && req.method !== 'HEAD';
    state.log.push({ method: req.method ?? '', path: url.pathname + url.search, headers: h, dropped });
    if (req.method === 'OPTIONS' || req.method === 'HEAD') return send(res, 200, null, '');
    if (dropped) {
      // _cancelResponse: the connection is closed without a word.
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = url.pathname;
      if (path === '/connector/ping') return send(res, 200, 'text/html', '<!DOCTYPE html><html><body>Zotero is running</body></html>');
      if (path === '/connector/saveItems') {
        if (req.method !== 'POST') return send(res, 400, 'text/plain', 'Endpoint does not support method\n');
        if (!/^application\/json\b/.test(String(h['content-type'] ?? ''))) return send(res, 400, 'text/plain', 'Endpoint does not support content-type\n');
        let data: { sessionID?: string; items?: StandInItem[] };
        try {
          data = JSON.parse(body);
        } catch {
          return send(res, 400, 'text/plain', 'Invalid JSON provided\n');
        }
        if (data.sessionID && sessions.has(data.sessionID)) return send(res, 409, 'application/json', JSON.stringify({ error: 'SESSION_EXISTS' }));
        if (data.sessionID) sessions.add(data.sessionID);
        state.saved.push(data);
        for (const it of data.items ?? []) {
          const { id: _id, notes: _n, attachments: _a, ...rest } = it as StandInItem & { id?: string; notes?: unknown; attachments?: unknown };
          state.add(rest);
        }
        return send(res, 201, 'application/json', '');
      }
      if (!path.startsWith('/api/')) return send(res, 404, 'text/plain', 'No endpoint found\n');
      if (!state.localApi) return send(res, 403, 'text/plain', 'Local API is not enabled', apiHeaders);
      if (path === '/api/') return send(res, 200, 'text/plain', 'Nothing to see here.', apiHeaders);
      const m = /^\/api\/users\/(\d+)\/(items\/top|items|collections)$/.exec(path);
      if (!m) return send(res, 404, 'text/plain', 'Not found', apiHeaders);
      if (m[1] !== '0') return send(res, 400, 'text/plain', 'Only data for the logged-in user is available locally -- use userID 0', apiHeaders);
      if (state.fault === 'hang') return; // never answers
      if (state.fault === '500') return send(res, 500, 'text/plain', 'An error occurred\n');
      if (state.fault === 'garbage') return send(res, 200, 'application/json', '{"key": "ABCD1234", "version": [', apiHeaders);
      if (state.fault === 'huge') {
        res.writeHead(200, { 'Content-Type': 'application/json', ...apiHeaders });
        const chunk = '[' + ' '.repeat(1024 * 1024 - 1);
        let sent = 0;
        const pump = () => {
          while (sent < 50) {
            sent++;
            if (!res.write(sent === 1 ? chunk : ' '.repeat(1024 * 1024))) return void res.once('drain', pump);
          }
          res.end(']');
        };
        res.on('error', () => undefined);
        return pump();
      }
      const lmv = { ...apiHeaders, 'Last-Modified-Version': String(state.libraryVersion) };
      if (m[2] === 'collections') {
        const list = [...state.collections].map(([key, name]) => ({ key, version: 1, library: { type: 'user', id: 0 }, links: {}, meta: { numCollections: 0, numItems: 0 }, data: { key, version: 1, name, parentCollection: false, relations: {} } }));
        return send(res, 200, 'application/json', JSON.stringify(list, null, 4), { ...lmv, 'Total-Results': String(list.length) });
      }
      const sinceRaw = url.searchParams.get('since');
      const since = sinceRaw === null ? 0 : Number.parseInt(sinceRaw, 10);
      if (Number.isNaN(since)) return send(res, 400, 'text/plain', `Invalid 'since' value '${sinceRaw}'`, apiHeaders);
      let keys = [...state.items.keys()].filter((k) => since === 0 || state.items.get(k)!.version > since);
      const total = keys.length;
      const start = Math.min(Math.max(0, Number.parseInt(url.searchParams.get('start') ?? '0', 10) || 0), total);
      const limit = Number.parseInt(url.searchParams.get('limit') ?? '', 10) || total - start;
      keys = keys.slice(start, start + Math.max(0, limit));
      const headers = { ...lmv, 'Total-Results': String(total) };
      const format = url.searchParams.get('format');
      if (format === 'versions') return send(res, 200, 'application/json', JSON.stringify(Object.fromEntries(keys.map((k) => [k, state.items.get(k)!.version])), null, 4), headers);
      if (format !== null && format !== 'json') return send(res, 400, 'text/plain', `Invalid 'format' value '${format}'`, apiHeaders);
      const text = JSON.stringify(keys.map(itemJson), null, 4);
      if (state.fault === 'quit-mid-page') {
        // Zotero quits while sending: half an answer, then the connection is gone (and so is the server).
        res.writeHead(200, { 'Content-Type': 'application/json', ...headers });
        res.write(text.slice(0, Math.floor(text.length / 2)));
        setTimeout(() => {
          res.socket?.destroy();
          server.close();
          server.closeAllConnections();
        }, 20);
        return;
      }
      return send(res, 200, 'application/json', text, headers);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  state.port = (server.address() as AddressInfo).port;
  return state;
}
