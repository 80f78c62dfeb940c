/**
 * Reading many rows by number with few requests. In Chromium one IndexedDB request costs about as much
 * as reading a few hundred neighbouring rows in one range request, and papers met on the same listing
 * visit have consecutive numbers: so wanted numbers close together are read as one range.
 */

/** Largest gap between wanted numbers that one range read still spans. */
export const MAX_GAP = 8;

/** Group numbers into [lo, hi, wanted] ranges: sorted, de-duplicated, gaps of at most MAX_GAP inside. */
export function coalesce(ns: Iterable<number>, maxGap = MAX_GAP): Array<[number, number, Set<number>]> {
  const sorted = [...new Set(ns)].sort((a, b) => a - b);
  const out: Array<[number, number, Set<number>]> = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && n - last[1] <= maxGap) {
      last[1] = n;
      last[2].add(n);
    } else out.push([n, n, new Set([n])]);
  }
  return out;
}
