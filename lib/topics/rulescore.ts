/**
 * The hand-written phrase rules (lib/topics/rules.ts) as evidence: one score per default topic and the
 * phrases that fired. They are features of the learned model (lib/topics/model.ts) and give each chip
 * its "why"; the decisions come from the model.
 */
import { PhraseMatcher, type RuleHits } from './phrases';
import { RULES } from './rules';
import { TOPIC_IDS } from './taxonomy';

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
/** Rule score per default topic of the last ruleScores call (reused buffer). */
const SCORE = new Float64Array(TOPIC_IDS.length);
let lastWithAbstract = false;

/** Scores every default topic; the returned buffer and the hits stay valid until the next call. */
export function ruleScores(title: string, abstract?: string | null): Float64Array {
  const th = MATCHER.match(title, TITLE_HITS);
  const ah = abstract ? MATCHER.match(abstract, ABSTRACT_HITS) : null;
  SCORE.fill(0);
  for (const r of th.rules) SCORE[RULE_TOPIC[r]!]! += SCORING.title * RULE_WEIGHT[r]!;
  if (ah) for (const r of ah.rules) SCORE[RULE_TOPIC[r]!]! += RULE_WEIGHT[r]! * SCORING.abstractRepeat[ah.count[r]!]!;
  lastWithAbstract = !!ah;
  return SCORE;
}

/** The phrases that counted for topic t in the last ruleScores call: title phrases first, then the abstract's. */
export function lastWhy(t: number): string[] {
  const why: string[] = [];
  const add = (h: RuleHits) => {
    for (const r of h.rules) if (RULE_TOPIC[r] === t && RULE_WEIGHT[r]! > 0 && !why.includes(h.text[r]!)) why.push(h.text[r]!);
  };
  add(TITLE_HITS);
  if (lastWithAbstract) add(ABSTRACT_HITS);
  return why.slice(0, 4);
}

/** Identifies the rules and their scoring, for the model's version stamp. */
export const RULES_SOURCE = JSON.stringify([RULES, SCORING]);
