/**
 * BENCH_CPUPROFILE=<prefix>: sampled CPU profiles of the extension's service worker during the scale
 * benchmark's annotate and search loops (Chrome DevTools Protocol over the browser's debugging port:
 * Playwright has no CDP session for workers). Writes <prefix>-<phase>.cpuprofile (open it in DevTools'
 * Performance panel) and prints the functions with the most self time, garbage collection included.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface Profile { nodes: Array<{ id: number; callFrame: CallFrame }>; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/** The debugging port Chromium chose (--remote-debugging-port=0 writes it to the profile). */
export function devtoolsPort(userDataDir: string): number {
  return Number(readFileSync(join(userDataDir, 'DevToolsActivePort'), 'utf8').split('\n')[0]);
}

/** Start profiling the running service worker of this extension; `stop` returns the profile. */
export async function profileWorker(port: number, extensionId: string, intervalUs = 200): Promise<{ stop(): Promise<Profile> }> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ type: string; url: string; webSocketDebuggerUrl: string }>;
  const sw = targets.filter((t) => t.type === 'service_worker' && t.url.includes(extensionId)).at(-1);
  if (!sw) throw new Error('no service worker target to profile');
  const ws = new WebSocket(sw.webSocketDebuggerUrl, { perMessageDeflate: false });
  await new Promise((ok, fail) => (ws.once('open', ok), ws.once('error', fail)));
  let id = 0;
  const waiting = new Map<number, (v: unknown) => void>();
  ws.on('message', (m) => {
    const msg = JSON.parse(String(m)) as { id?: number; result?: unknown; error?: { message: string } };
    if (msg.id && waiting.has(msg.id)) waiting.get(msg.id)!(msg.error ? new Error(msg.error.message) : msg.result);
  });
  const send = (method: string, params: Record<string, unknown> = {}): Promise<unknown> =>
    new Promise((ok, fail) => {
      const k = ++id;
      waiting.set(k, (v) => (v instanceof Error ? fail(v) : ok(v)));
      ws.send(JSON.stringify({ id: k, method, params }));
    });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: intervalUs });
  await send('Profiler.start');
  return {
    async stop() {
      const r = (await send('Profiler.stop')) as { profile: Profile };
      ws.close();
      return r.profile;
    },
  };
}

/** Self time by function (ms), most first; the worker's idle time left out. */
export function selfTimes(p: Profile): Array<{ what: string; ms: number; share: number }> {
  const byNode = new Map(p.nodes.map((n) => [n.id, n.callFrame]));
  const acc = new Map<string, number>();
  let busy = 0;
  p.samples.forEach((s, i) => {
    const f = byNode.get(s)!;
    if (f.functionName === '(idle)') return;
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const file = f.url.split('/').pop() || '';
    const what = `${f.functionName || '(anonymous)'} ${file}${file ? `:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`;
    acc.set(what, (acc.get(what) ?? 0) + dt);
    busy += dt;
  });
  return [...acc].sort((a, b) => b[1] - a[1]).map(([what, ms]) => ({ what, ms, share: ms / Math.max(busy, 1e-9) }));
}

export function writeProfile(prefix: string, phase: string, p: Profile, top = 25): void {
  writeFileSync(`${prefix}-${phase}.cpuprofile`, JSON.stringify(p));
  const rows = selfTimes(p);
  const busy = rows.reduce((s, r) => s + r.ms, 0);
  console.log(`[cpu] ${phase}: ${busy.toFixed(0)} ms busy in the worker; self time by function:`);
  for (const r of rows.slice(0, top)) console.log(`  ${r.ms.toFixed(1).padStart(8)} ms ${(100 * r.share).toFixed(1).padStart(5)} %  ${r.what}`);
}
