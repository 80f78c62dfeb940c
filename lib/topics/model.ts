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

/** A fitted model for one view (title + abstract, or title only). */
export interface ModelPart {
  titleWeight: number;
  ruleWeight: number;
  vocab: Vocabulary;
  /** Weights, features × topics (vocabulary columns, then one column per topic's rule score). */
  W: Float64Array;
  /** The same weights as integers (W = Q × scale), when the part comes from its shipped form: scoring uses these (a 300 KB table stays in cache). */
  Q?: Int8Array;
  scale?: number;
  bias: Float64Array;
  /** Decision threshold per topic on the linear score. */
  th: Float64Array;
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
  const W = part.Q ?? part.W;
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
  const scale = part.Q ? part.scale! : 1;
  for (let t = 0; t < T; t++) out[t]! += scale * sum[t]!;
  return { scores: out, cols, vals };
}

export function scorePart(part: ModelPart, title: string, abstract: string | null | undefined): Float64Array {
  return scorePartDetailed(part, title, abstract).scores;
}

/** Column → term of a part's vocabulary. */
export function termsOf(part: ModelPart): string[] {
  return compiledOf(part).cv.terms;
}

/** The shipped file: vocabulary, idf and weights quantised to integers (weight = q × scale). */
export interface ModelPartJson {
  titleWeight: number;
  ruleWeight: number;
  terms: string[];
  /** idf × 1000, rounded. */
  idf: number[];
  scale: number;
  /** Quantised weights, features × topics, row-major (dense: it compresses better than pairs). */
  w: number[];
  bias: number[];
  th: number[];
}

export interface ModelJson {
  version: string;
  trainedOn: string;
  params: Record<string, unknown>;
  full: ModelPartJson;
  title: ModelPartJson;
}

/** Weights are kept to 1/QUANT of the largest one: the quantised model is the one cross-validated. */
export const QUANT = 127;

export function partToJson(p: ModelPart): ModelPartJson {
  const nf = p.W.length / T;
  let max = 0;
  for (const x of p.W) max = Math.max(max, Math.abs(x));
  const scale = max / QUANT || 1;
  const w = new Array<number>(nf * T);
  for (let k = 0; k < nf * T; k++) w[k] = Math.round(p.W[k]! / scale) || 0;
  const terms = new Array<string>(p.vocab.idf.length);
  for (const [term, j] of p.vocab.index) terms[j] = term;
  return {
    titleWeight: p.titleWeight,
    ruleWeight: p.ruleWeight,
    terms,
    idf: Array.from(p.vocab.idf, (x) => Math.round(x * 1000)),
    scale: Number(scale.toPrecision(6)),
    w,
    bias: Array.from(p.bias, (b) => Math.round(b * 1e4) / 1e4),
    th: Array.from(p.th, (b) => Math.round(b * 1e4) / 1e4),
  };
}

export function partFromJson(j: ModelPartJson): ModelPart {
  const index = new Map<string, number>();
  j.terms.forEach((t, i) => index.set(t, i));
  const nf = j.terms.length + T;
  if (j.w.length !== nf * T || j.idf.length !== j.terms.length || j.bias.length !== T || j.th.length !== T) throw new Error('topic model: weights do not fit the vocabulary and taxonomy');
  for (const q of j.w) if (!Number.isInteger(q) || q < -QUANT || q > QUANT) throw new Error('topic model: weights do not fit the vocabulary and taxonomy (not quantised)');
  const W = Float64Array.from(j.w, (q) => q * j.scale);
  return {
    titleWeight: j.titleWeight,
    ruleWeight: j.ruleWeight,
    vocab: { index, idf: Float64Array.from(j.idf, (x) => x / 1000) },
    W,
    Q: Int8Array.from(j.w),
    scale: j.scale,
    bias: Float64Array.from(j.bias),
    th: Float64Array.from(j.th),
  };
}

/** Round-trips a part through its shipped form, so evaluation sees exactly what ships. */
export function quantised(p: ModelPart): ModelPart {
  return partFromJson(partToJson(p));
}

/**
 * The taxonomy is about machine learning: a paper with no trace of it (a physics, biology or systems
 * paper on an arXiv listing of another field) gets no default topic rather than a wrong one.
 */
const ML_CONTEXT = /\b(learn\w*|neural|deep|training|trained|train|transformers?|llms?|language models?|ai|artificial intelligence|datasets?|benchmarks?|classifiers?|classification|embeddings?|fine-?tun\w*|finetun\w*|reinforcement|generative|gpt\w*|bert|supervised|self-supervised|unsupervised|backpropagation|overfitting|hyperparameters?)\b/i;

export function hasMlContext(title: string, abstract?: string | null): boolean {
  return ML_CONTEXT.test(title) || (!!abstract && ML_CONTEXT.test(abstract));
}

/** Topics whose vocabulary is shared with other fields (physics, mathematics, systems, statistics). */
const SHARED_VOCABULARY = new Set(['science', 'theory', 'efficiency']);
export const GATES_SOURCE = JSON.stringify([ML_CONTEXT.source, [...SHARED_VOCABULARY]]);

/**
 * The topics of a paper: those whose score clears their threshold, most confident first (by margin
 * over the threshold), at most `max`. An abstract with no machine-learning word gives none; a bare
 * title without one gives none of the topics whose words other fields use as well.
 */
export function decide(scores: Float64Array, th: Float64Array, title: string, abstract: string | null | undefined, max: number): number[] {
  if (abstract && !hasMlContext(title, abstract)) return [];
  const bareNonMl = !abstract && !hasMlContext(title, null);
  const kept: number[] = [];
  for (let t = 0; t < T; t++) {
    if (scores[t]! < th[t]!) continue;
    if (bareNonMl && SHARED_VOCABULARY.has(TOPIC_IDS[t]!)) continue;
    kept.push(t);
  }
  return kept.sort((a, b) => scores[b]! - th[b]! - (scores[a]! - th[a]!)).slice(0, max);
}
