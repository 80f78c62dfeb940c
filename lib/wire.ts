/**
 * The wire form of the largest answer, annotate, between the background and a content script. A listing
 * of 500 entries repeats the same few visits in its sightings and the same few topics in its chips: sent
 * as objects, that is about half a megabyte per answer, and browsers serialise extension messages slowly
 * (about a millisecond per 100 kB each way in Chromium). Packed, visits and topics go once in a table, and
 * empty fields are left out: the same answer in a fifth of the size. The background packs
 * (entrypoints/background.ts), lib/rpc.ts unpacks; everything else sees plain Annotations. The request
 * side: a large batch is sent without its abstracts (leanEntries), and the answer's rows are completed
 * by a 'details' answer (withDetails).
 */
import type { Annotation, EntryInfo, Request, RequestType, Responses } from './messages';
import type { Sighting, TopicTag } from './types';

type PackedTopic = [t: number, score: number, why?: string[]];

interface PackedAnnotation {
  /** paperId */
  p?: string;
  /** match */
  m?: NonNullable<Annotation['match']>;
  /** lookAlike */
  l?: NonNullable<Annotation['lookAlike']>;
  /** saved */
  s?: NonNullable<Annotation['saved']>;
  /** seenBefore: [visit index, seenAt] */
  b?: Array<[v: number, at: number]>;
  /** seenCount */
  c?: number;
  /** corpus */
  k?: Annotation['corpus'];
  /** libraries */
  y?: string[];
  /** zotero */
  z?: NonNullable<Annotation['zotero']>;
  /** repeats */
  r?: number[];
  /** topics */
  t?: PackedTopic[];
  /** topicsPending */
  q?: 1;
  /** lookAlikePending */
  a?: 1;
  /** abstractWanted */
  w?: 1;
}

export interface PackedAnnotate {
  packed: 1;
  /** [site, label, pageUrl, date] */
  visits: Array<[Sighting['site'], string, string, string | null]>;
  /** [id, label, color] */
  topics: Array<[string, string, string]>;
  rows: PackedAnnotation[];
}

export function packAnnotations(annotations: Annotation[]): PackedAnnotate {
  const visits: PackedAnnotate['visits'] = [];
  const visitAt = new Map<string, number>();
  const topics: PackedAnnotate['topics'] = [];
  const topicAt = new Map<string, number>();
  const visitIndex = (s: Sighting): number => {
    const key = `${s.site}\u0000${s.label}\u0000${s.pageUrl}\u0000${s.date ?? '\u0001'}`;
    let i = visitAt.get(key);
    if (i === undefined) {
      visitAt.set(key, (i = visits.length));
      visits.push([s.site, s.label, s.pageUrl, s.date]);
    }
    return i;
  };
  const topicIndex = (t: TopicTag): number => {
    const key = `${t.id}\u0000${t.label}\u0000${t.color}`;
    let i = topicAt.get(key);
    if (i === undefined) {
      topicAt.set(key, (i = topics.length));
      topics.push([t.id, t.label, t.color]);
    }
    return i;
  };
  const rows = annotations.map((a): PackedAnnotation => {
    const r: PackedAnnotation = {};
    if (a.paperId !== null) r.p = a.paperId;
    if (a.match) r.m = a.match;
    if (a.lookAlike) r.l = a.lookAlike;
    if (a.saved) r.s = a.saved;
    if (a.seenBefore.length) r.b = a.seenBefore.map((s) => [visitIndex(s), s.seenAt]);
    if (a.seenCount) r.c = a.seenCount;
    if (a.corpus.length) r.k = a.corpus;
    if (a.libraries.length) r.y = a.libraries;
    if (a.zotero) r.z = a.zotero;
    if (a.repeats.length) r.r = a.repeats;
    if (a.topics.length) r.t = a.topics.map((t) => (t.why.length ? [topicIndex(t), t.score, t.why] : [topicIndex(t), t.score]));
    if (a.topicsPending) r.q = 1;
    if (a.lookAlikePending) r.a = 1;
    if (a.abstractWanted) r.w = 1;
    return r;
  });
  return { packed: 1, visits, topics, rows };
}

export function unpackAnnotations(p: PackedAnnotate): Annotation[] {
  const sightings = p.visits.map(([site, label, pageUrl, date]) => ({ site, label, pageUrl, date }));
  return p.rows.map((r) => ({
    paperId: r.p ?? null,
    match: r.m ?? null,
    lookAlike: r.l ?? null,
    saved: r.s ?? null,
    seenBefore: (r.b ?? []).map(([v, at]) => ({ ...sightings[v]!, seenAt: at })),
    seenCount: r.c ?? 0,
    corpus: r.k ?? [],
    libraries: r.y ?? [],
    zotero: r.z ?? null,
    repeats: r.r ?? [],
    topics: (r.t ?? []).map(([t, score, why]) => {
      const [id, label, color] = p.topics[t]!;
      return { id, label, color, score, why: why ?? [] };
    }),
    ...(r.q ? { topicsPending: true as const } : {}),
    ...(r.a ? { lookAlikePending: true as const } : {}),
    ...(r.w ? { abstractWanted: true as const } : {}),
  }));
}

/** The answer as sent: annotate packed, every other answer as it is. */
export function encodeReply<T extends RequestType>(type: T, data: Responses[T]): unknown {
  if (type === 'annotate') return { packed: packAnnotations((data as Responses['annotate']).annotations) };
  return data;
}

/** The answer as received (the inverse of encodeReply). */
export function decodeReply<R extends Request>(request: R, data: unknown): Responses[R['type']] {
  if (request.type === 'annotate') {
    const p = (data as { packed?: PackedAnnotate }).packed;
    if (p) return { annotations: unpackAnnotations(p) } as Responses[R['type']];
  }
  return data as Responses[R['type']];
}

/**
 * Batches of more entries than this go to annotate without their abstracts (each entry says how long its
 * abstract is), and the abstracts the background wants follow in a 'details' request once the rows are
 * drawn. In Chromium an extension message costs about 2–3 ms per 100 kB; a 500-entry arXiv listing with
 * abstracts is 610 kB, without them 110 kB, and most of its abstracts are of papers already stored.
 */
export const ABSTRACTS_UPFRONT = 60;

/** The entries as annotate gets them: without their abstracts (only their lengths) when there are many. */
export function leanEntries(entries: EntryInfo[]): EntryInfo[] {
  if (entries.length <= ABSTRACTS_UPFRONT) return entries;
  return entries.map((e) => {
    if (!e.abstract) return e;
    const { abstract, ...rest } = e;
    return { ...rest, abstractLen: abstract.length };
  });
}

/**
 * An annotation with what a 'details' answer brought for it (topics: null when not asked; look: undefined
 * when not asked), as the page shows it once it came.
 */
export function withDetails(a: Annotation, topics: TopicTag[] | null, look: Annotation['lookAlike'] | undefined): Annotation {
  const { topicsPending, lookAlikePending, abstractWanted: _, ...rest } = a;
  const out: Annotation = rest;
  if (topics) out.topics = topics;
  else if (topicsPending) out.topicsPending = topicsPending;
  if (look === undefined) {
    if (lookAlikePending) out.lookAlikePending = lookAlikePending;
  } else {
    out.lookAlike = look;
    if (look) out.match = { kind: 'fuzzy', score: look.score, reason: look.reason };
  }
  return out;
}
