/**
 * The local topic classifier: a learned model per default topic (lib/topics/model.ts, weights in
 * lib/topics/model.json written by `npm run train:topics` from the labeled papers), one for papers
 * with an abstract and one for titles alone, plus user topics (phrases that count, phrases that
 * exclude) on top. Runs in the background only (the weights are not in the content script); no
 * network, no model download.
 */
import { stableHash } from '../match/normalize';
import type { TopicTag } from '../types';
import modelJson from './model.json';
import { decide, GATES_SOURCE, partFromJson, scorePartDetailed, termsOf, type ModelJson, type ModelPart, type PartScores } from './model';
import { lastWhy, ruleScores, RULES_SOURCE } from './rulescore';
import { MAX_TOPICS, TAXONOMY, TOPIC_COLORS, TOPIC_IDS } from './taxonomy';
import type { TopicScore, UserTopic } from './types';

export { MAX_TOPICS, TAXONOMY, TOPIC_COLORS, TOPIC_IDS } from './taxonomy';

const SHIPPED = modelJson as unknown as ModelJson;
const parts: { full?: ModelPart; title?: ModelPart } = {};
/** One part of the shipped model, decoded on first use (a listing with abstracts never decodes the title part). */
function part(which: 'full' | 'title'): ModelPart {
  return (parts[which] ??= partFromJson(SHIPPED[which]));
}

/**
 * Identifies the default classifier (weights, thresholds, rules, gates): papers stored with topics
 * from another version are re-tagged once after an update (lib/background/settings.ts).
 */
export const TOPIC_MODEL_VERSION = `model-${stableHash(JSON.stringify([SHIPPED.version, RULES_SOURCE, GATES_SOURCE, MAX_TOPICS]))}`;

/** Function words: they carry weight in the model now and then, but they explain nothing to a reader. */
const FUNCTION_WORDS = new Set('a an the of for in on to and or with by from via at as is are be we our this that its it into using based towards toward through than vs not no can do does how what when which why new'.split(' '));
const explains = (term: string) => !term.split(' ').every((w) => FUNCTION_WORDS.has(w) || /^\d+$/.test(w));

/** Per part and column: 0 not yet known, 1 the term explains, 2 it does not (filled as columns are met). */
const explaining = new WeakMap<ModelPart, Uint8Array>();

/** The words of the paper that weigh most for topic t (vocabulary terms, by their share of the score; at most 4). */
function topTerms(part: ModelPart, sc: PartScores, t: number): string[] {
  const T = TOPIC_IDS.length;
  const terms = termsOf(part);
  let ok = explaining.get(part);
  if (!ok) explaining.set(part, (ok = new Uint8Array(terms.length)));
  // The best four, kept sorted in place.
  const bj = [-1, -1, -1, -1];
  const bc = [0, 0, 0, 0];
  for (let k = 0; k < sc.cols.length; k++) {
    const j = sc.cols[k]!;
    const c = sc.vals[k]! * part.Q[j * T + t]!;
    if (c <= bc[3]!) continue;
    if (ok[j] === 0) ok[j] = explains(terms[j]!) ? 1 : 2;
    if (ok[j] === 2) continue;
    let i = 3;
    while (i > 0 && c > bc[i - 1]!) {
      bc[i] = bc[i - 1]!;
      bj[i] = bj[i - 1]!;
      i--;
    }
    bc[i] = c;
    bj[i] = j;
  }
  const out: string[] = [];
  for (let i = 0; i < 4; i++) if (bj[i]! >= 0 && bc[i]! >= bc[0]! * 0.2) out.push(terms[bj[i]!]!);
  return out;
}

/** Default topics of a paper (at most MAX_TOPICS, most confident first), with the words behind each. */
export function classify(title: string, abstract: string | null | undefined): TopicScore[] {
  const p = part(abstract ? 'full' : 'title');
  const sc = scorePartDetailed(p, title, abstract);
  const scores = sc.scores;
  const picked = decide(scores, p, title, abstract, MAX_TOPICS);
  if (picked.length === 0) return [];
  if (!p.ruleWeight) ruleScores(title, abstract);
  return picked.map((t) => {
    const why = lastWhy(t);
    for (const term of topTerms(p, sc, t)) if (why.length < 4 && !why.some((w) => w.includes(term) || term.includes(w))) why.push(term);
    return { id: TOPIC_IDS[t]!, score: Math.round((scores[t]! - p.th[t]!) * 100) / 100, why };
  });
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
export function createTagger(opts: { userTopics?: UserTopic[]; hidden?: string[] } = {}): Tagger {
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
      for (const s of classify(title, abstract)) {
        if (hidden.has(s.id) || out.some((o) => o.id === s.id)) continue;
        out.push({ id: s.id, label: labels.get(s.id) ?? s.id, color: TOPIC_COLORS[s.id] ?? '#64748b', score: Math.round(s.score * 10) / 10, why: s.why });
      }
      return out.slice(0, MAX_TOPICS);
    },
  };
}
