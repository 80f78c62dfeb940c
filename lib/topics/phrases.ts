/**
 * Token-level phrase matching for the topic rules: a text is lower-cased and split into words once,
 * and every rule of every topic is matched in that one pass (a word's candidate phrases are looked up
 * in a hash map and remembered), instead of running one regular expression per topic over the text.
 *
 * Phrase syntax (lib/topics/rules.ts): words separated by spaces; a word may list alternatives with
 * `|`; an alternative ending in `*` is a prefix (`quantiz*` matches quantized, quantization);
 * a word ending in `?` is optional. Words are runs of a–z and 0–9 after lower-casing, so hyphens,
 * punctuation and spaces all separate words ("low-rank" = "low rank").
 */

interface Slot {
  exact: Set<string>;
  prefixes: string[];
}

interface Phrase {
  rule: number;
  slots: Slot[];
}

export interface RuleSpec {
  /** Phrases separated by `;`. */
  phrases: string;
  w: number;
}

const NO_PREFIXES: string[] = [''];
NO_PREFIXES.pop();

function parseSlot(s: string): Slot {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const alt of s.split('|')) {
    if (!alt) throw new Error(`empty alternative in "${s}"`);
    if (!/^[a-z0-9]+\*?$/.test(alt)) throw new Error(`topic phrase word "${alt}" must be a–z/0–9 (optionally ending in *)`);
    if (alt.endsWith('*')) prefixes.push(alt.slice(0, -1));
    else exact.add(alt);
  }
  // Every slot's prefix list holds strings (an empty literal would be a small-integer array, and two
  // array kinds at one call site make the optimised matcher bail out once).
  return { exact, prefixes: prefixes.length ? prefixes : NO_PREFIXES };
}

/** Expands optional words: "neural? network*" → ["neural network*", "network*"]. */
function expand(words: string[]): string[][] {
  let out: string[][] = [[]];
  for (const w of words) {
    if (w.endsWith('?')) {
      const bare = w.slice(0, -1);
      out = [...out.map((p) => [...p, bare]), ...out];
    } else out = out.map((p) => [...p, w]);
  }
  return out.filter((p) => p.length > 0);
}

export interface RuleHits {
  /** Rule indices that matched, in first-match order. */
  rules: number[];
  /** Matches per rule index (capped at 8). */
  count: Uint8Array;
  /** The first matching text per rule index. */
  text: string[];
}

/** a–z → 0–25, 0–9 → 26–35, anything else → -1 (a word boundary). */
const CHAR_CLASS = new Int8Array(128).fill(-1);
for (let c = 97; c <= 122; c++) CHAR_CLASS[c] = c - 97;
for (let c = 48; c <= 57; c++) CHAR_CLASS[c] = c - 48 + 26;
const ALPHABET = 36;

const NONE: Phrase[] = [];

/**
 * Every word and prefix the phrases use goes into one character trie. A word of the text is walked
 * through the trie as it is read (no string is made for it); what the phrases can know about the
 * word is fully given by the node where the walk ended and whether it reached the end of the word,
 * so that pair is the word's class, and a class's candidate phrases are computed once.
 */
export class PhraseMatcher {
  private next: Int32Array;
  private nodes = 1;
  /** Per node: the word spelled from the root to it. */
  private spelled: string[] = [''];
  private classPhrases: Phrase[][];
  readonly ruleCount: number;
  // Scratch buffers, reused between calls.
  private cls = new Int32Array(256);
  private starts = new Int32Array(256);
  private ends = new Int32Array(256);
  private lastPos: Int32Array;

  constructor(rules: RuleSpec[]) {
    this.ruleCount = rules.length;
    this.lastPos = new Int32Array(rules.length).fill(-1);
    const vocabulary = new Set<string>();
    // Phrases by their first word (exact) or by the prefix their first word starts with.
    const exactIndex = new Map<string, Phrase[]>();
    const prefixIndex = new Map<string, Phrase[]>();
    rules.forEach((r, rule) => {
      for (const raw of r.phrases.split(';')) {
        const ws = raw.trim().split(/\s+/).filter(Boolean);
        if (ws.length === 0) continue;
        for (const seq of expand(ws)) {
          const slots = seq.map(parseSlot);
          const phrase: Phrase = { rule, slots };
          const first = slots[0]!;
          for (const e of first.exact) push(exactIndex, e, phrase);
          for (const p of first.prefixes) push(prefixIndex, p, phrase);
          for (const slot of slots) for (const w of [...slot.exact, ...slot.prefixes]) vocabulary.add(w);
        }
      }
    });
    let size = 1;
    for (const w of vocabulary) size += w.length;
    this.next = new Int32Array(size * ALPHABET);
    for (const w of vocabulary) {
      let n = 0;
      for (let i = 0; i < w.length; i++) {
        const k = n * ALPHABET + CHAR_CLASS[w.charCodeAt(i)]!;
        if (this.next[k] === 0) {
          this.next[k] = this.nodes;
          this.spelled[this.nodes] = w.slice(0, i + 1);
          this.nodes++;
        }
        n = this.next[k]!;
      }
    }
    // Candidate phrases per word class, computed once: prefixes passed on the way to the node, plus
    // the exact words when the word ended there.
    this.classPhrases = new Array<Phrase[]>(this.nodes * 2).fill(NONE);
    const passed = new Array<Phrase[]>(this.nodes).fill(NONE);
    const visit = (node: number, above: Phrase[]) => {
      const word = this.spelled[node]!;
      const here = node === 0 ? above : [...above, ...(prefixIndex.get(word) ?? [])];
      passed[node] = here.length ? here : NONE;
      const complete = [...here, ...(exactIndex.get(word) ?? [])];
      this.classPhrases[node << 1] = passed[node]!;
      this.classPhrases[(node << 1) | 1] = complete.length ? complete : NONE;
      for (let k = 0; k < ALPHABET; k++) {
        const child = this.next[node * ALPHABET + k]!;
        if (child) visit(child, passed[node]!);
      }
    };
    visit(0, NONE);
  }

  /** Whether a word of class c fits a slot: the class gives the word (when it ended in the trie) or the part of it the trie knows. */
  private slotMatches(slot: Slot, c: number): boolean {
    if (c === 0) return false;
    const word = this.spelled[c >> 1]!;
    if ((c & 1) === 1 && slot.exact.has(word)) return true;
    const px = slot.prefixes;
    for (let i = 0; i < px.length; i++) if (word.startsWith(px[i]!)) return true;
    return false;
  }

  /** Empty hits to pass to match (reusable: match clears what an earlier call left). */
  newHits(): RuleHits {
    return { rules: [], count: new Uint8Array(this.ruleCount), text: new Array<string>(this.ruleCount).fill('') };
  }

  /** Every rule whose phrases occur in the text, with counts and the first matching text. */
  match(text: string, hits: RuleHits = this.newHits()): RuleHits {
    for (const r of hits.rules) hits.count[r] = 0;
    hits.rules.length = 0;
    const s = text.toLowerCase();
    const next = this.next;
    const len = s.length;
    // 1. Words → classes (0 = a word the phrases cannot use).
    const cap = (len >> 1) + 1;
    if (this.cls.length < cap) {
      this.cls = new Int32Array(cap);
      this.starts = new Int32Array(cap);
      this.ends = new Int32Array(cap);
    }
    const cls = this.cls;
    const starts = this.starts;
    const ends = this.ends;
    let n = 0;
    let i = 0;
    while (i < len) {
      let ch = s.charCodeAt(i);
      let k = ch < 128 ? CHAR_CLASS[ch]! : -1;
      if (k < 0) {
        i++;
        continue;
      }
      const start = i;
      let node = 0;
      // Walk the trie while the word's letters are in it.
      for (;;) {
        const nx = next[node * ALPHABET + k]!;
        if (nx === 0) break;
        node = nx;
        i++;
        if (i >= len) {
          k = -1;
          break;
        }
        ch = s.charCodeAt(i);
        k = ch < 128 ? CHAR_CLASS[ch]! : -1;
        if (k < 0) break;
      }
      const complete = k < 0;
      if (!complete) {
        // Left the trie inside the word: skip to its end.
        for (i++; i < len; i++) {
          ch = s.charCodeAt(i);
          if (ch >= 128 || CHAR_CLASS[ch]! < 0) break;
        }
      }
      // A word that left the trie still carries the prefixes it passed; one that never entered is 0.
      cls[n] = node === 0 ? 0 : (node << 1) | (complete ? 1 : 0);
      starts[n] = start;
      ends[n] = i;
      n++;
    }
    // 2. Phrases starting at each word.
    const lastPos = this.lastPos;
    for (let w = 0; w < n; w++) {
      const c = cls[w]!;
      if (c === 0) continue;
      const cands = this.classPhrases[c]!;
      if (cands === NONE) continue;
      for (const ph of cands) {
        const m = ph.slots.length;
        if (w + m > n) continue;
        let ok = true;
        for (let j = 1; j < m && ok; j++) ok = this.slotMatches(ph.slots[j]!, cls[w + j]!);
        if (!ok) continue;
        const r = ph.rule;
        // A rule counts once per position even when several of its phrases start there.
        if (lastPos[r] === w) continue;
        lastPos[r] = w;
        const cnt = hits.count[r]!;
        if (cnt === 0) {
          hits.rules.push(r);
          hits.text[r] = s.slice(starts[w]!, ends[w + m - 1]!);
        }
        if (cnt < 8) hits.count[r] = cnt + 1;
      }
    }
    for (const r of hits.rules) lastPos[r] = -1;
    return hits;
  }
}

function push<T>(m: Map<string, T[]>, k: string, p: T): void {
  const a = m.get(k);
  if (a) a.push(p);
  else m.set(k, [p]);
}
