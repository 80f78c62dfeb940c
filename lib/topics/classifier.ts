/**
 * The local topic classifier: weighted phrase rules per topic (lib/topics/rules.ts) whose per-topic
 * thresholds are tuned at build time on the labeled papers for precision (lib/topics/train.ts), plus
 * user topics (phrases that count, phrases that exclude). Runs anywhere, no network, no model download.
 * Works from the title alone and better with the abstract.
 */
import type { TopicTag } from '../messages';
import { RULES } from './rules';
import taxonomyJson from './taxonomy.json';
import thresholdsJson from './thresholds.json';
import type { TaxonomyTopic, TopicScore, UserTopic } from './types';

export const TAXONOMY: TaxonomyTopic[] = (taxonomyJson as { topics: TaxonomyTopic[] }).topics;
export const TOPIC_IDS = TAXONOMY.map((t) => t.id);
export const MAX_TOPICS = 3;
export const DEFAULT_THRESHOLD = 2.5;

/** Stable colours for the default topics (readable on light and dark backgrounds). */
const PALETTE = ['#2563eb', '#7c3aed', '#db2777', '#dc2626', '#ea580c', '#ca8a04', '#16a34a', '#0d9488', '#0891b2', '#4f46e5', '#9333ea', '#c026d3', '#e11d48', '#65a30d', '#059669', '#0284c7', '#6d28d9', '#be123c', '#b45309', '#15803d', '#1d4ed8', '#a21caf', '#0f766e', '#9a3412', '#4d7c0f'];
export const TOPIC_COLORS: Record<string, string> = Object.fromEntries(TAXONOMY.map((t, i) => [t.id, PALETTE[i % PALETTE.length]!]));

export type Thresholds = Record<string, number>;
export const TRAINED_THRESHOLDS: Thresholds = (thresholdsJson as { thresholds: Thresholds }).thresholds;

/** Each topic's rules compiled into one alternation (rule i = capture group i + 1), so a text is scanned once per topic. */
const COMPILED: Array<{ id: string; re: RegExp; weights: number[] }> = TOPIC_IDS.map((id) => {
  const rules = RULES[id] ?? [];
  // Inner groups become non-capturing so that group i + 1 is rule i.
  const src = rules.map((r) => `(${r.re.source.replace(/\\.|\((?!\?)/g, (m) => (m === '(' ? '(?:' : m))})`).join('|');
  // Rules are written in lower case and texts are lower-cased once: no case-insensitive matching needed.
  return { id, re: new RegExp(src || '(?!)', 'g'), weights: rules.map((r) => r.w) };
});

/** Per rule: the first matching text and how many times it matched (capped). */
function ruleHits(c: (typeof COMPILED)[number], text: string): Map<number, { text: string; count: number }> {
  const hits = new Map<number, { text: string; count: number }>();
  if (!text) return hits;
  // exec with lastIndex, not matchAll: matchAll clones the regex on every call.
  c.re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = c.re.exec(text))) {
    if (m[0] === '') c.re.lastIndex++;
    for (let g = 1; g < m.length; g++) {
      if (m[g] !== undefined) {
        const h = hits.get(g - 1);
        if (h) h.count = Math.min(h.count + 1, 8);
        else hits.set(g - 1, { text: m[g]!, count: 1 });
        break;
      }
    }
  }
  return hits;
}

/** Scoring weights: a title phrase counts TITLE_WEIGHT times; an abstract phrase more when it recurs (a paper about X says X often). */
export const SCORING = { title: 3, abstractRepeat: [0, 1, 1.5, 1.8, 2, 2.2, 2.3, 2.4, 2.5] };

/** Raw rule scores of every default topic, with the phrases that fired. */
export function scoreTopics(title: string, abstract?: string | null): TopicScore[] {
  const t = ` ${title.toLowerCase()} `;
  const a = abstract ? ` ${abstract.toLowerCase()} ` : '';
  const out: TopicScore[] = [];
  for (const c of COMPILED) {
    const th = ruleHits(c, t);
    const ah = a ? ruleHits(c, a) : new Map<number, { text: string; count: number }>();
    let score = 0;
    const why: string[] = [];
    for (let i = 0; i < c.weights.length; i++) {
      const w = c.weights[i]!;
      const mt = th.get(i);
      const ma = ah.get(i);
      if (mt) {
        score += SCORING.title * w;
        why.push(mt.text.trim());
      }
      if (ma) {
        score += w * SCORING.abstractRepeat[ma.count]!;
        if (!mt) why.push(ma.text.trim());
      }
    }
    if (score > 0) out.push({ id: c.id, score, why: [...new Set(why)].slice(0, 4) });
  }
  return out.sort((x, y) => y.score - x.score);
}

/** Top topics above their thresholds (at most 3), strongest first. */
/**
 * The taxonomy is about machine learning: a paper with no trace of it (a physics, biology or systems
 * paper on an arXiv listing of another field) gets no default topic rather than a wrong one.
 */
const ML_CONTEXT = /\b(learn\w*|neural|networks?|deep|models?|training|trained|transformers?|llms?|language models?|ai|artificial intelligence|datasets?|classifiers?|embeddings?|fine-?tun\w*|gradient|inference|agents?|reinforcement|diffusion|generative|gpt|bert|supervised|representations?|predict\w*|regression)\b/i;

export function hasMlContext(title: string, abstract?: string | null): boolean {
  return ML_CONTEXT.test(title) || (!!abstract && ML_CONTEXT.test(abstract));
}

export function classify(title: string, abstract: string | null | undefined, thresholds: Thresholds = TRAINED_THRESHOLDS): TopicScore[] {
  // Judged only with an abstract: a bare title is too short to tell (many ML titles name no ML word).
  if (abstract && !hasMlContext(title, abstract)) return [];
  const scores = scoreTopics(title, abstract);
  // Without an abstract there is less evidence: title hits alone must clear a scaled threshold.
  const scale = abstract ? 1 : 0.6;
  const kept = scores.filter((s) => s.score >= (thresholds[s.id] ?? DEFAULT_THRESHOLD) * scale);
  if (kept.length === 0) return [];
  const top = kept[0]!.score;
  return kept.filter((s) => s.score >= top * 0.3).slice(0, MAX_TOPICS);
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
