/** Small helpers for the benchmarks: timing, percentiles, memory, table printing. */
export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
export function heapMB(): number {
  gc();
  gc();
  // Typed arrays live outside the JS heap: count them too.
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1024 / 1024;
}
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
export function median(xs: number[]): number {
  return percentile(xs, 50);
}
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 0.01) return `${(ms * 1000).toFixed(1)} µs`;
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}
export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
export function timeEach<T>(items: T[], fn: (x: T) => unknown): number[] {
  const out: number[] = [];
  for (const x of items) {
    const t0 = performance.now();
    fn(x);
    out.push(performance.now() - t0);
  }
  return out;
}
