/**
 * Title keys of recently met titles. A daily listing shows mostly the papers of the last visits again
 * (cross-lists, replacements, a reload), and normalising a title (entities, LaTeX, Unicode folding,
 * inflections: lib/match/normalize.ts) is the costliest step per entry of an annotate after the
 * database: ≈ 5 µs a title in Node, about twice that in the worker, 2.5–5 ms for 500 entries. The last
 * `capacity` titles are remembered, least recently used dropped first.
 */
import { normalizeTitle } from './normalize';

export interface TitleKey {
  key: string;
  truncated: boolean;
}

export class TitleKeyMemo {
  private readonly map = new Map<string, TitleKey>();
  constructor(readonly capacity: number) {}

  get size(): number {
    return this.map.size;
  }

  has(title: string): boolean {
    return this.map.has(title);
  }

  /** normalizeTitle(title)'s key and truncated flag. */
  of(title: string): TitleKey {
    const map = this.map;
    let k = map.get(title);
    if (k) {
      // Most recently used last (a Map iterates in insertion order).
      map.delete(title);
    } else {
      const n = normalizeTitle(title);
      k = { key: n.key, truncated: n.truncated };
      if (map.size >= this.capacity) {
        let drop = Math.max(1, this.capacity >> 3);
        for (const t of map.keys()) {
          map.delete(t);
          if (--drop === 0) break;
        }
      }
    }
    map.set(title, k);
    return k;
  }
}
