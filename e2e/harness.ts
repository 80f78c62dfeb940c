/**
 * Shared e2e harness: launches Debian Chromium with the built extension (never a downloaded browser),
 * serves saved pages under their real URLs, and talks to the extension through its typed protocol.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export const EXT_DIR = resolve('.output/chrome-mv3');
export const FIXTURES = resolve('../shared/fixtures');
export const HAS_SHARED = existsSync(FIXTURES);
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Launched {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  userDataDir: string;
  close(opts?: { keepProfile?: boolean }): Promise<void>;
}

/** libfaketime (Debian's faketime package): runs Chromium with its clock moved, e.g. a day back. */
export const FAKETIME_LIB = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';
export const HAS_FAKETIME = existsSync(FAKETIME_LIB);

export interface LaunchOptions {
  /** Run the browser with its clock shifted (libfaketime syntax: '-1d', '-2h'). */
  clockOffset?: string;
  /** Another build of the extension (the benchmark's baseline). */
  extDir?: string;
  /** More command-line switches (the benchmark's CPU profiles open a debugging port). */
  args?: string[];
}

export async function launchWithExtension(userDataDir?: string, opts: LaunchOptions = {}): Promise<Launched> {
  const ext = opts.extDir ?? EXT_DIR;
  if (!existsSync(join(ext, 'manifest.json'))) throw new Error(`${ext} is missing: run "npm run build" first`);
  const dir = userDataDir ?? mkdtempSync(join(tmpdir(), 'paper-lens-e2e-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    ...(opts.clockOffset ? { env: { ...process.env, LD_PRELOAD: FAKETIME_LIB, FAKETIME: opts.clockOffset } } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${ext}`,
      `--load-extension=${ext}`,
      ...(opts.args ?? []),
    ],
  });
  // Nothing may leave this machine: every request not routed by a test is refused.
  await context.route(/^https?:\/\//, (route) => route.abort('internetdisconnected'));
  let worker = context.serviceWorkers()[0];
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 30_000 });
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    userDataDir: dir,
    async close(opts) {
      await context.close();
      if (!opts?.keepProfile) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Serve a file (or HTML string) at a real URL for this context. */
export async function servePage(context: BrowserContext, url: string | RegExp, body: string | { file: string }): Promise<void> {
  const html = typeof body === 'string' ? body : readFileSync(body.file, 'utf8');
  await context.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
}

/** Send a protocol request from an extension page (as the popup would). */
export async function rpc<T = unknown>(page: Page, request: Record<string, unknown>): Promise<{ ok: boolean; data?: T; error?: string }> {
  return page.evaluate(
    (req) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ protocol: 'paper-lens/1', request: req }),
    request,
  ) as Promise<{ ok: boolean; data?: T; error?: string }>;
}

export async function openExtensionPage(l: Launched, path: string): Promise<Page> {
  const page = await l.context.newPage();
  await page.goto(`chrome-extension://${l.extensionId}/${path}`);
  return page;
}

export interface AxNode {
  role: string;
  name: string;
  backendDOMNodeId?: number;
}

/** The full accessibility tree (reaches into closed shadow roots, as assistive technology does). */
export async function axNodes(page: Page): Promise<AxNode[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: Array<{ role?: { value?: string }; name?: { value?: string }; backendDOMNodeId?: number; ignored?: boolean }> };
    return nodes.filter((n) => !n.ignored).map((n) => ({ role: n.role?.value ?? '', name: n.name?.value ?? '', backendDOMNodeId: n.backendDOMNodeId }));
  } finally {
    await cdp.detach();
  }
}

async function withCdp<T>(page: Page, fn: (send: (method: string, params?: object) => Promise<unknown>) => Promise<T>): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  try {
    return await fn((method, params) => cdp.send(method as never, params as never));
  } finally {
    await cdp.detach();
  }
}

async function findAx(page: Page, pick: (n: AxNode) => boolean): Promise<AxNode & { backendDOMNodeId: number }> {
  const node = (await axNodes(page)).find(pick);
  if (!node?.backendDOMNodeId) throw new Error('no such element in the accessibility tree');
  return node as AxNode & { backendDOMNodeId: number };
}

/** Click the centre of an element found in the accessibility tree. */
export async function clickAx(page: Page, pick: (n: AxNode) => boolean): Promise<AxNode> {
  const node = await findAx(page, pick);
  const box = await withCdp(page, async (send) => {
    await send('DOM.scrollIntoViewIfNeeded', { backendNodeId: node.backendDOMNodeId });
    return (await send('DOM.getBoxModel', { backendNodeId: node.backendDOMNodeId })) as { model: { content: number[] } };
  });
  const [x1, y1, , , x3, y3] = box.model.content as [number, number, number, number, number, number];
  await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
  return node;
}

export async function focusAx(page: Page, pick: (n: AxNode) => boolean): Promise<void> {
  const node = await findAx(page, pick);
  await withCdp(page, (send) => send('DOM.focus', { backendNodeId: node.backendDOMNodeId }));
}
