/**
 * The local topic classifier: weighted phrase rules per topic (lib/topics/rules.ts) whose per-topic
 * thresholds are tuned at build time on the labeled papers for precision (lib/topics/train.ts), plus
 * user topics (phrases that count, phrases that exclude). Runs anywhere, no network, no model download.
 * Works from the title alone and better with the abstract.
 */
import type { TopicTag } from '../types';
import { PhraseMatcher, type RuleHits } from './phrases';
import { RULES } from './rules';
import taxonomyJson from './taxonomy.json';
import thresholdsJson from './thresholds.json';
import type { TaxonomyTopic, TopicScore, UserTopic } from './types';

export const TAXONOMY: TaxonomyTopic[] = (taxonomyJson as { topics: TaxonomyTopic[] }).topics;
export const TOPIC_IDS = TAXONOMY.map((t) => t.id);
export const MAX_TOPICS = 3;
export const DEFAULT_THRESHOLD = 2.5;
/** Score at which a paper's strongest topic is kept even below that topic's threshold (chosen by cross-validation). */
export const FALLBACK_MIN = 4;

/** Stable colours for the default topics (readable on light and dark backgrounds). */
const PALETTE = ['#2563eb', '#7c3aed', '#db2777', '#dc2626', '#ea580c', '#ca8a04', '#16a34a', '#0d9488', '#0891b2', '#4f46e5', '#9333ea', '#c026d3', '#e11d48', '#65a30d', '#059669', '#0284c7', '#6d28d9', '#be123c', '#b45309', '#15803d', '#1d4ed8', '#a21caf', '#0f766e', '#9a3412', '#4d7c0f'];
export const TOPIC_COLORS: Record<string, string> = Object.fromEntries(TAXONOMY.map((t, i) => [t.id, PALETTE[i % PALETTE.length]!]));

export type Thresholds = Record<string, number>;
export const TRAINED_THRESHOLDS: Thresholds = (thresholdsJson as { thresholds: Thresholds }).thresholds;

/** All rules of all topics in one phrase matcher: a text is split into words once and scanned once. */
const RULE_TOPIC: number[] = [];
const RULE_WEIGHT: number[] = [];
const MATCHER = new PhraseMatcher(
  TOPIC_IDS.flatMap((id, ti) =>
    (RULES[id] ?? []).map((rule) => {
      RULE_TOPIC.push(ti);
      RULE_WEIGHT.push(rule.w);
      return rule;
    }),
  ),
);

/** Scoring weights: a title phrase counts TITLE_WEIGHT times; an abstract phrase more when it recurs (a paper about X says X often). */
export const SCORING = { title: 3, abstractRepeat: [0, 1, 1.5, 1.8, 2, 2.2, 2.3, 2.4, 2.5] };

const TITLE_HITS = MATCHER.newHits();
const ABSTRACT_HITS = MATCHER.newHits();
const SCORE = new Float64Array(TOPIC_IDS.length);

/** Scores every default topic into SCORE; the hits stay in TITLE_HITS / ABSTRACT_HITS until the next call. */
function scoreInto(title: string, abstract?: string | null): boolean {
  const th = MATCHER.match(title, TITLE_HITS);
  const ah = abstract ? MATCHER.match(abstract, ABSTRACT_HITS) : null;
  SCORE.fill(0);
  for (const r of th.rules) SCORE[RULE_TOPIC[r]!]! += SCORING.title * RULE_WEIGHT[r]!;
  if (ah) for (const r of ah.rules) SCORE[RULE_TOPIC[r]!]! += RULE_WEIGHT[r]! * SCORING.abstractRepeat[ah.count[r]!]!;
  return !!ah;
}

/** The words that triggered topic t in the last scoreInto: title phrases first, then the abstract's. */
function whyOf(t: number, withAbstract: boolean): string[] {
  const why: string[] = [];
  const add = (h: RuleHits) => {
    for (const r of h.rules) if (RULE_TOPIC[r] === t && RULE_WEIGHT[r]! > 0 && !why.includes(h.text[r]!)) why.push(h.text[r]!);
  };
  add(TITLE_HITS);
  if (withAbstract) add(ABSTRACT_HITS);
  return why.slice(0, 4);
}

/** Topic indices with a positive score in the last scoreInto, strongest first. */
function ranked(): number[] {
  const out: number[] = [];
  for (let t = 0; t < TOPIC_IDS.length; t++) if (SCORE[t]! > 0) out.push(t);
  return out.sort((x, y) => SCORE[y]! - SCORE[x]!);
}

/** Raw rule scores of every default topic, with the phrases that fired. */
export function scoreTopics(title: string, abstract?: string | null): TopicScore[] {
  const withAbstract = scoreInto(title, abstract);
  return ranked().map((t) => ({ id: TOPIC_IDS[t]!, score: SCORE[t]!, why: whyOf(t, withAbstract) }));
}

/** Top topics above their thresholds (at most 3), strongest first. */
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

/**
 * Identifies the default classifier (rules, weights, thresholds, decision constants): papers stored
 * with topics from another version are re-tagged once after an update (lib/service.ts).
 */
export const TOPIC_MODEL_VERSION: string = (() => {
  const src = JSON.stringify([RULES, TRAINED_THRESHOLDS, SCORING, FALLBACK_MIN, MAX_TOPICS, ML_CONTEXT.source, [...SHARED_VOCABULARY]]);
  let h = 0x811c9dc5;
  for (let i = 0; i < src.length; i++) h = Math.imul(h ^ src.charCodeAt(i), 0x01000193);
  return `rules-${(h >>> 0).toString(16)}`;
})();

export function classify(title: string, abstract: string | null | undefined, thresholds: Thresholds = TRAINED_THRESHOLDS): TopicScore[] {
  // Judged only with an abstract: a bare title is too short to tell (many ML titles name no ML word).
  if (abstract && !hasMlContext(title, abstract)) return [];
  const withAbstract = scoreInto(title, abstract);
  let order = ranked();
  // A bare title without a machine-learning word: topics whose words other fields use as well
  // ("quantum", "chemical", "theory of", "efficient", "forecasting") are not evidence of ML work.
  if (!abstract && !hasMlContext(title, null)) order = order.filter((t) => !SHARED_VOCABULARY.has(TOPIC_IDS[t]!));
  // Without an abstract there is less evidence: title hits alone must clear a scaled threshold.
  const scale = abstract ? 1 : 0.6;
  const kept = order.filter((t) => SCORE[t]! >= (thresholds[TOPIC_IDS[t]!] ?? DEFAULT_THRESHOLD) * scale);
  // A machine-learning paper is about something: when no topic clears its own (precision-tuned)
  // threshold, the strongest one still counts if its evidence is clear enough on its own.
  if (kept.length === 0 && order.length > 0 && SCORE[order[0]!]! >= FALLBACK_MIN * scale) kept.push(order[0]!);
  if (kept.length === 0) return [];
  const top = SCORE[kept[0]!]!;
  return kept
    .filter((t) => SCORE[t]! >= top * 0.3)
    .slice(0, MAX_TOPICS)
    .map((t) => ({ id: TOPIC_IDS[t]!, score: SCORE[t]!, why: whyOf(t, withAbstract) }));
}

function phraseRe(p: string): RegExp | null {
  const s = p.trim();
  if (!s || s.length > 200) return null;
  const esc = s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '[\\s-]+');
  return new RegExp(`(^|[^\\p{L}\\p{N}])${esc}(?=$|[^\\p{L}\\p{N}])`, 'iu');
}

export interface Tagger {
  /** User topics first, then default topics; at most three. */
  tag(title: string, abstract?: string | null): TopicTag[];
  /** User topics only (the defaults of a paper are computed once and cached with it). */
  tagUser(title: string, abstract?: string | null): TopicTag[];
}

/** The tagger the background uses: defaults (minus hidden ones) plus user topics, applied on top. */
export function createTagger(opts: { userTopics?: UserTopic[]; hidden?: string[]; thresholds?: Thresholds } = {}): Tagger {
  const hidden = new Set(opts.hidden ?? []);
  const labels = new Map(TAXONOMY.map((t) => [t.id, t.label]));
  const user = (opts.userTopics ?? []).map((u) => ({
    ...u,
    include: u.phrases.map(phraseRe).filter((x): x is RegExp => !!x),
    exclude: u.exclude.map(phraseRe).filter((x): x is RegExp => !!x),
  }));
  const tagUser = (title: string, abstract?: string | null): TopicTag[] => {
    if (user.length === 0) return [];
    const text = `${title}\n${abstract ?? ''}`;
    const out: TopicTag[] = [];
    for (const u of user) {
      if (u.exclude.some((re) => re.test(text))) continue;
      const hits = u.include.map((re) => re.exec(text)?.[0]?.replace(/^[^\p{L}\p{N}]/u, '')).filter((x): x is string => !!x);
      if (hits.length) out.push({ id: u.id, label: u.label, color: u.color, score: 10 + hits.length, why: hits.slice(0, 4) });
    }
    return out;
  };
  return {
    tagUser,
    tag(title, abstract) {
      const out = tagUser(title, abstract);
      for (const s of classify(title, abstract, opts.thresholds)) {
        if (hidden.has(s.id) || out.some((o) => o.id === s.id)) continue;
        out.push({ id: s.id, label: labels.get(s.id) ?? s.id, color: TOPIC_COLORS[s.id] ?? '#64748b', score: Math.round(s.score * 10) / 10, why: s.why });
      }
      return out.slice(0, MAX_TOPICS);
    },
  };
}
