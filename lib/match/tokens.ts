/**
 * Fast tokenisation for bulk index builds: the tokens normalizeTitle would produce, read straight off
 * the title's characters into a hashed table of token ids, so a million titles cost no per-token
 * strings or Map lookups. Titles with anything normalizeTitle treats specially (entities, LaTeX,
 * listing prefixes, '+', non-ASCII) are reported as not simple and go through normalizeTitle.
 */
import { canonicalToken } from './normalize';

/** Multiplier of the polynomial string hash (h = h * B + c, mod 2^32). */
const B = 0x01000193;

/** Polynomial hash of a string, continuing from h: hash(a + b) = strHash(b, strHash(a)). */
export function strHash(s: string, h = 0): number {
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, B) + s.charCodeAt(i)) | 0;
  return h;
}

function powB(len: number): number {
  let p = 1;
  for (let i = 0; i < len; i++) p = Math.imul(p, B);
  return p;
}

const isAlnum = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);

/** Printable ASCII without the characters normalizeTitle rewrites (& + [ \ $ ^ _ { }). */
const SIMPLE_RE = /^[\x20-\x23\x25\x27-\x2a\x2c-\x5a\x5d\x60-\x7a\x7c\x7e]*$/;
const TITLE_PREFIX_RE = /^\s*title\s*:/i;

export function isSimpleTitle(s: string): boolean {
  return SIMPLE_RE.test(s) && !TITLE_PREFIX_RE.test(s);
}

/** Characters (below 128) that make a title not simple. */
const SPECIAL = new Uint8Array(128);
for (let c = 0; c < 128; c++) SPECIAL[c] = SIMPLE_RE.test(String.fromCharCode(c)) ? 0 : 1;

/** Second multiplier: raw tokens are told apart by two 32-bit hashes (no string is kept or compared). */
const B2 = 0x5bd1e995;

/**
 * Raw (lower-cased, joined) tokens -> canonical token ids of the owner's vocabulary, with what the
 * key hash needs per token, in one open-addressing table over the raw token's two character hashes
 * (one memory read per token). Two distinct raw tokens would have to agree on 64 hash bits to be confused, and
 * even then exact keys are verified on the real titles and fuzzy candidates by the comparator.
 */
export class TokenTable {
  /** Slots of six: [id + 1, hash1, hash2, canonical id, key-hash contribution, B^length of the canonical form]. */
  private slots = new Int32Array(6 << 12);
  private count = 0;
  private buf = new Uint16Array(256);

  constructor(private readonly canonicalId: (token: string) => number) {}

  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length / 6 - 1;
    for (let o = 0; o < old.length; o += 6) {
      if (old[o] === 0) continue;
      let s = old[o + 1]! & mask;
      while (slots[s * 6] !== 0) s = (s + 1) & mask;
      slots.set(old.subarray(o, o + 6), s * 6);
    }
    this.slots = slots;
  }

  /** Offset of the raw token's slot (adding the token when new). */
  private slotOf(len: number, h1: number, h2: number): number {
    let slots = this.slots;
    let mask = slots.length / 6 - 1;
    let s = h1 & mask;
    for (; slots[s * 6] !== 0; s = (s + 1) & mask) {
      if (slots[s * 6 + 1] === h1 && slots[s * 6 + 2] === h2) return s * 6;
    }
    // New raw token: its string, canonical form and that form's vocabulary id, once.
    if ((this.count + 1) * 2 > slots.length / 6) {
      this.grow();
      slots = this.slots;
      mask = slots.length / 6 - 1;
      for (s = h1 & mask; slots[s * 6] !== 0; s = (s + 1) & mask);
    }
    const id = this.count++;
    const raw = String.fromCharCode(...this.buf.subarray(0, len));
    const c = canonicalToken(raw);
    const o = s * 6;
    slots[o] = id + 1;
    slots[o + 1] = h1;
    slots[o + 2] = h2;
    slots[o + 3] = this.canonicalId(c);
    slots[o + 4] = strHash(c);
    slots[o + 5] = powB(c.length);
    return o;
  }

  /**
   * Tokenise a simple title (see isSimpleTitle): pushes canonical token ids, in order, into `out`
   * and returns the hash of the exact-match key (the canonical tokens concatenated), or null when the
   * title is not simple or has a token too long for the buffer (the caller then uses normalizeTitle).
   */
  tokenize(s: string, out: number[]): number | null {
    if (/^\s*[tT]/.test(s) && TITLE_PREFIX_RE.test(s)) return null;
    const buf = this.buf;
    let len = 0;
    let h = 0;
    let h2 = 0;
    let key = 0;
    const n = s.length;
    for (let i = 0; i <= n; i++) {
      let c = i < n ? s.charCodeAt(i) : 32;
      if (isAlnum(c)) {
        if (c <= 90 && c >= 65) c += 32;
        if (len === buf.length) return null;
        buf[len++] = c;
        h = (Math.imul(h, B) + c) | 0;
        h2 = (Math.imul(h2 ^ c, B2) + len) | 0;
        continue;
      }
      if (i < n && (c > 127 || SPECIAL[c])) return null;
      // Join "fine-tuning" -> "finetuning" (as asciiTokens does).
      if ((c === 45 || c === 39 || c === 96) && len > 0 && i + 1 < n && isAlnum(s.charCodeAt(i + 1))) continue;
      if (len > 0) {
        const o = this.slotOf(len, h, h2);
        const slots = this.slots;
        out.push(slots[o + 3]!);
        key = (Math.imul(key, slots[o + 5]!) + slots[o + 4]!) | 0;
        len = 0;
        h = 0;
        h2 = 0;
      }
    }
    return key;
  }
}
