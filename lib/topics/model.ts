/**
 * The learned topic model at run time: per default topic, a logistic regression over the paper's word
 * and phrase features (lib/topics/features.ts) and the phrase-rule scores (lib/topics/rulescore.ts),
 * with a threshold per topic chosen by cross-validation for precision (lib/topics/train.ts). Two
 * models: one for papers with an abstract, one for titles alone (Scholar, dblp), each fitted on the
 * matching view of the labeled papers. Weights: lib/topics/model.json, written by `npm run train:topics`.
 */
import { compileVocabulary, tfidfColumns, type CompiledVocabulary, type Vocabulary } from './features';
import { ruleScores } from './rulescore';
import { TOPIC_IDS } from './taxonomy';

/** A fitted model for one view (title + abstract, or title only), as it ships. */
export interface ModelPart {
  titleWeight: number;
  ruleWeight: number;
  vocab: Vocabulary;
  /**
   * Weights as integers, features × topics (vocabulary columns, then one column per topic's rule
   * score): weight = Q × scale.
   */
  Q: Int8Array;
  scale: number;
  bias: Float64Array;
  /** Decision threshold per topic on the linear score. */
  th: Float64Array;
  /**
   * A second, lower threshold per topic (optional): a paper whose scores clear no `th` still gets its
   * most probable topic when that topic's score clears `th1`. With Platt-calibrated thresholds (one
   * probability cut c for `th`, a lower c1 for `th1`), (score − th) / (th − th1) orders the topics of
   * a paper as their probabilities do, so "most probable" needs no more numbers than the two cuts.
   */
  th1?: Float64Array;
}

/** The cuts decide() applies: a part's thresholds. */
export type Cuts = Pick<ModelPart, 'th' | 'th1'>;

/** A part straight from the solver (float weights), before quantisation. */
export interface RawPart extends Omit<ModelPart, 'Q' | 'scale'> {
  W: Float64Array;
}

const T = TOPIC_IDS.length;

const compiled = new WeakMap<ModelPart, { cv: CompiledVocabulary; counts: Float64Array }>();
function compiledOf(part: ModelPart): { cv: CompiledVocabulary; counts: Float64Array } {
  let c = compiled.get(part);
  if (!c) compiled.set(part, (c = { cv: compileVocabulary(part.vocab), counts: new Float64Array(part.vocab.idf.length) }));
  return c;
}

/** A paper's linear scores per topic, and its tf-idf columns (for explanations). */
export interface PartScores {
  scores: Float64Array;
  cols: number[];
  vals: number[];
}

/** Linear scores of every topic for one paper (fresh arrays). */
export function scorePartDetailed(part: ModelPart, title: string, abstract: string | null | undefined): PartScores {
  const out = Float64Array.from(part.bias);
  const { cv, counts } = compiledOf(part);
  const { cols, vals } = tfidfColumns(cv, part.vocab.idf, title, abstract, part.titleWeight, counts);
  const W = part.Q;
  const sum = new Float64Array(T);
  for (let k = 0; k < cols.length; k++) {
    const v = vals[k]!;
    const base = cols[k]! * T;
    for (let t = 0; t < T; t++) sum[t]! += v * W[base + t]!;
  }
  if (part.ruleWeight) {
    const R = ruleScores(title, abstract);
    const V = part.vocab.idf.length;
    for (let r = 0; r < T; r++) {
      if (R[r] === 0) continue;
      const v = part.ruleWeight * Math.log1p(R[r]!);
      const base = (V + r) * T;
      for (let t = 0; t < T; t++) sum[t]! += v * W[base + t]!;
    }
  }
  for (let t = 0; t < T; t++) out[t]! += part.scale * sum[t]!;
  return { scores: out, cols, vals };
}

export function scorePart(part: ModelPart, title: string, abstract: string | null | undefined): Float64Array {
  return scorePartDetailed(part, title, abstract).scores;
}

/** Column → term of a part's vocabulary. */
export function termsOf(part: ModelPart): string[] {
  return compiledOf(part).cv.terms;
}

/**
 * The shipped file. Bulky arrays travel as text that is decoded without a JavaScript parse of each
 * number (a worker that starts cold pays for every element of a literal): terms joined by newlines,
 * idf × 1000 as base64 of little-endian uint16, weights as base64 of int8.
 */
export interface ModelPartJson {
  titleWeight: number;
  ruleWeight: number;
  terms: string;
  idf: string;
  scale: number;
  w: string;
  bias: number[];
  th: number[];
  th1?: number[];
}

export interface ModelJson {
  version: string;
  trainedOn: string;
  params: Record<string, unknown>;
  full: ModelPartJson;
  title: ModelPartJson;
}

/** Weights are kept to 1/QUANT of the largest one: the quantised model is the one cross-validated. */
const QUANT = 127;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_CODE = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_CODE[B64.charCodeAt(i)] = i;

export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = i + 1 < bytes.length ? bytes[i + 1]! : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2]! : 0;
    out += B64[a >> 2]! + B64[((a & 3) << 4) | (b >> 4)]! + (i + 1 < bytes.length ? B64[((b & 15) << 2) | (c >> 6)]! : '=') + (i + 2 < bytes.length ? B64[c & 63]! : '=');
  }
  return out;
}

export function fromBase64(s: string): Uint8Array {
  let n = s.length;
  while (n > 0 && s.charCodeAt(n - 1) === 61) n--;
  if (s.length % 4 !== 0 || s.length - n > 2) throw new Error('topic model: damaged weights (base64)');
  const out = new Uint8Array((n * 3) >> 2);
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? B64_CODE[c]! : -1;
    if (v < 0) throw new Error('topic model: damaged weights (base64)');
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** Biases and thresholds are kept to 1e-4. */
const to4 = (x: number): number => Math.round(x * 1e4) / 1e4;

/** Quantises a solver's part: weights to integers of at most QUANT, bias to 1e-4 (what ships is what is evaluated). */
export function quantise(p: RawPart): ModelPart {
  let max = 0;
  for (const x of p.W) max = Math.max(max, Math.abs(x));
  const scale = Number((max / QUANT || 1).toPrecision(6));
  const Q = new Int8Array(p.W.length);
  for (let k = 0; k < p.W.length; k++) Q[k] = Math.max(-QUANT, Math.min(QUANT, Math.round(p.W[k]! / scale)));
  return { titleWeight: p.titleWeight, ruleWeight: p.ruleWeight, vocab: p.vocab, Q, scale, bias: Float64Array.from(p.bias, to4), th: Float64Array.from(p.th), ...(p.th1 ? { th1: Float64Array.from(p.th1) } : {}) };
}

export function partToJson(p: ModelPart): ModelPartJson {
  const terms = new Array<string>(p.vocab.idf.length);
  for (const [term, j] of p.vocab.index) terms[j] = term;
  const idf = new Uint8Array(p.vocab.idf.length * 2);
  p.vocab.idf.forEach((x, j) => {
    const v = Math.round(x * 1000);
    idf[2 * j] = v & 0xff;
    idf[2 * j + 1] = v >> 8;
  });
  return {
    titleWeight: p.titleWeight,
    ruleWeight: p.ruleWeight,
    terms: terms.join('\n'),
    idf: toBase64(idf),
    scale: p.scale,
    w: toBase64(new Uint8Array(p.Q.buffer, p.Q.byteOffset, p.Q.byteLength)),
    bias: Array.from(p.bias),
    th: Array.from(p.th, to4),
    ...(p.th1 ? { th1: Array.from(p.th1, to4) } : {}),
  };
}

export function partFromJson(j: ModelPartJson): ModelPart {
  const bad = () => new Error('topic model: weights do not fit the vocabulary and taxonomy');
  if (typeof j.terms !== 'string' || typeof j.w !== 'string' || typeof j.idf !== 'string' || !(j.scale > 0)) throw bad();
  const terms = j.terms.split('\n');
  const w = fromBase64(j.w);
  const idfBytes = fromBase64(j.idf);
  const nf = terms.length + T;
  if (w.length !== nf * T || idfBytes.length !== terms.length * 2 || j.bias.length !== T || j.th.length !== T || (j.th1 !== undefined && j.th1.length !== T)) throw bad();
  const Q = new Int8Array(w.buffer, 0, w.length);
  for (let k = 0; k < Q.length; k++) if (Q[k] === -128) throw new Error('topic model: weights do not fit the vocabulary and taxonomy (not quantised)');
  const idf = new Float64Array(terms.length);
  for (let i = 0; i < terms.length; i++) idf[i] = (idfBytes[2 * i]! | (idfBytes[2 * i + 1]! << 8)) / 1000;
  // Scoring needs no term → column map (lib/topics/features.ts compileVocabulary); training and tests do.
  let index: Map<string, number> | null = null;
  const vocab: Vocabulary = {
    idf,
    terms,
    get index() {
      if (!index) {
        index = new Map();
        for (let i = 0; i < terms.length; i++) index.set(terms[i]!, i);
      }
      return index;
    },
  };
  return { titleWeight: j.titleWeight, ruleWeight: j.ruleWeight, vocab, Q, scale: j.scale, bias: Float64Array.from(j.bias), th: Float64Array.from(j.th), ...(j.th1 ? { th1: Float64Array.from(j.th1) } : {}) };
}

/**
 * The taxonomy is about machine learning: a paper with no trace of it (a physics, biology or systems
 * paper on an arXiv listing of another field) gets no default topic rather than a wrong one.
 */
const ML_CONTEXT = /\b(learn\w*|neural|deep|training|trained|train|transformers?|llms?|language models?|ai|artificial intelligence|datasets?|benchmarks?|classifiers?|classification|embeddings?|fine-?tun\w*|finetun\w*|reinforcement|generative|gpt\w*|bert|supervised|self-supervised|unsupervised|backpropagation|overfitting|hyperparameters?|bandits?|multi-armed|autoencoders?|variational inference|gradient descent|gaussian process(?:es)?|bayesian optimi[sz]ation|matrix completion|sample complexity|convolutional|object detection|semantic segmentation|diffusion models?|sgd|thompson sampling|regret (?:bounds?|minimi[sz]ation)|chain-of-thought|agentic|prompt[- ]tuning|gaussian splatting|image (?:segmentation|restoration|generation|classification|captioning)|natural language|relu|density estimation|graphical models?|bayesian networks?|causal discovery|stochastic optimi[sz]ation|non-?convex optimi[sz]ation)\b/i;

export function hasMlContext(title: string, abstract?: string | null): boolean {
  return ML_CONTEXT.test(title) || (!!abstract && ML_CONTEXT.test(abstract));
}

/** Topics whose vocabulary is shared with other fields (physics, mathematics, systems, statistics). */
const SHARED_VOCABULARY = new Set(['science', 'theory', 'efficiency']);
export const GATES_SOURCE = JSON.stringify([ML_CONTEXT.source, [...SHARED_VOCABULARY]]);

/**
 * The topics of a paper: those whose score clears their threshold, most confident first (by margin
 * over the threshold), at most `max`; when none does and the part has second thresholds (`th1`), the
 * most probable topic if it clears its own. An abstract with no machine-learning word gives none; a
 * bare title without one gives none of the topics whose words other fields use as well.
 */
export function decide(scores: Float64Array, cuts: Cuts, title: string, abstract: string | null | undefined, max: number): number[] {
  if (abstract && !hasMlContext(title, abstract)) return [];
  const { th, th1 } = cuts;
  const bareNonMl = !abstract && !hasMlContext(title, null);
  const kept: number[] = [];
  let best = -1;
  let bestRank = -Infinity;
  for (let t = 0; t < T; t++) {
    if (bareNonMl && SHARED_VOCABULARY.has(TOPIC_IDS[t]!)) continue;
    if (scores[t]! >= th[t]!) kept.push(t);
    else if (th1 && th1[t]! < th[t]!) {
      const rank = (scores[t]! - th[t]!) / (th[t]! - th1[t]!);
      if (rank > bestRank) (bestRank = rank), (best = t);
    }
  }
  if (kept.length === 0) return best >= 0 && scores[best]! >= th1![best]! && max > 0 ? [best] : [];
  return kept.sort((a, b) => scores[b]! - th[b]! - (scores[a]! - th[a]!)).slice(0, max);
}
