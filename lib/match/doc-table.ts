/**
 * Open addressing of doc numbers by a 32-bit hash, for the match index's exact lookups (paper ids,
 * title keys) without million-entry Maps. Several docs may share a hash: `find` walks them in
 * insertion order and the caller's check decides. Removed docs stay until the table grows, when
 * only the docs `keep` accepts are carried over.
 */
/** A copy of a per-paper array with room for `cap` papers. */
export function widen<T extends Uint8Array | Int32Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}

export class DocTable {
  private slots = new Int32Array(2048);
  private used = 0;
  /** Hash of each doc in the table; `has[doc]` = 1 when the doc is in it. */
  private hashes = new Int32Array(1024);
  private has = new Uint8Array(1024);

  constructor(private readonly keep: (doc: number) => boolean) {}

  /** Room for `n` more docs without growing on the way. */
  reserve(n: number): void {
    let size = this.slots.length;
    while ((this.used + n) * 2 > size) size *= 2;
    if (size > this.slots.length) this.rehash(size);
  }

  add(doc: number, h: number): void {
    if ((this.used + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    if (doc >= this.hashes.length) {
      let cap = this.hashes.length;
      while (cap <= doc) cap *= 2;
      this.hashes = widen(this.hashes, cap);
      this.has = widen(this.has, cap);
    }
    this.hashes[doc] = h;
    this.has[doc] = 1;
    this.place(doc, h);
    this.used++;
  }

  /** The first doc (in insertion order) with hash `h` that `ok` accepts. */
  find(h: number, ok: (doc: number) => boolean): number | undefined {
    const mask = this.slots.length - 1;
    for (let s = h & mask; this.slots[s] !== 0; s = (s + 1) & mask) {
      const d = this.slots[s]! - 1;
      if (this.hashes[d] === h && ok(d)) return d;
    }
    return undefined;
  }

  /** The hash a doc was added with, or null when it was not. */
  hashOf(doc: number): number | null {
    return doc < this.has.length && this.has[doc] ? this.hashes[doc]! : null;
  }

  private place(doc: number, h: number): void {
    const mask = this.slots.length - 1;
    let s = h & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = doc + 1;
  }

  private rehash(size: number): void {
    const docs: number[] = [];
    for (const v of this.slots) if (v !== 0 && this.keep(v - 1)) docs.push(v - 1);
    docs.sort((a, b) => a - b);
    this.slots = new Int32Array(size);
    this.used = docs.length;
    for (const d of docs) this.place(d, this.hashes[d]!);
  }
}
