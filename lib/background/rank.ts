/**
 * "For you" job: the ranking profile of the user's saved papers (lib/rank/profile.ts), built on the
 * first request from the saved papers' rows and abstracts, then kept up to date paper by paper as the
 * user saves and unsaves (imports, restores and a wipe rebuild it at the next request). Marks the
 * entries of a listing that look most like the library.
 */
import { RankProfile } from '../rank/profile';
import { termCounts } from '../rank/text';
import type { ForYouEntry, ForYouMark, Responses } from '../messages';
import type { Ctx } from './context';

/** Fewer saved papers than this: no marks (a profile of one or two papers says little), a hint instead. */
export const MIN_LIBRARY = 3;
/** A user tag on at least this many saved papers is learned: entries that look like it get it as a suggestion. */
export const MIN_TAG_PAPERS = 5;
/** The share of a listing that can be marked, and at most this many entries. */
const MARK_SHARE = 0.1;
const MAX_MARKS = 25;
/**
 * A mark needs at least this score (cosine with the library less half the cosine with the background
 * of ML papers): a listing far from the library gets no mark at all, whatever its top tenth. On the
 * labeled papers (a library of 20 papers of one topic), half the relevant papers score over 0.05 with
 * their abstracts and one irrelevant in a hundred; titles alone score lower (a quarter of the relevant
 * over 0.046, one irrelevant in a hundred over 0.039).
 */
export const MIN_SCORE = { withAbstract: 0.04, titleOnly: 0.03 };

interface Profiles {
  all: RankProfile;
  /** One profile per user tag (tags of saved papers). */
  tags: Map<string, RankProfile>;
}

export class RankJob {
  private profile: Profiles | null = null;
  private building: Promise<Profiles> | null = null;
  /** Bumped by every change the profile must follow, so a build that raced one is not kept. */
  private rev = 0;

  constructor(private readonly ctx: Ctx) {}

  /** The library changed wholesale (import, restore, wipe): rebuild at the next request. */
  invalidate(): void {
    this.rev++;
    this.profile = null;
    this.building = null;
  }

  private addTo(p: Profiles, paper: { id: string; title: string; abstract: string | null }): void {
    p.all.add(paper);
    for (const t of this.ctx.saved.get(paper.id)?.tags ?? []) {
      let tp = p.tags.get(t);
      if (!tp) p.tags.set(t, (tp = new RankProfile()));
      tp.add(paper);
    }
  }

  private async ensure(): Promise<Profiles> {
    if (this.profile) return this.profile;
    if (this.building) return this.building;
    const rev = this.rev;
    const build = (async () => {
      const p: Profiles = { all: new RankProfile(), tags: new Map() };
      const ids = [...this.ctx.saved.keys()];
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await this.ctx.lib.papersByIds(ids.slice(i, i + 500));
        const abstracts = await this.ctx.lib.abstracts([...rows.values()].filter((r) => r.abstractLen > 0).map((r) => r.n));
        for (const r of rows.values()) this.addTo(p, { id: r.id, title: r.title, abstract: abstracts.get(r.n) ?? null });
      }
      if (rev === this.rev) {
        this.profile = p;
        this.building = null;
      }
      return p;
    })();
    this.building = build;
    return build;
  }

  /** A paper was saved: it joins the profile (when the profile is built; else the build reads it). */
  async saved(paperId: string): Promise<void> {
    this.rev++;
    if (!this.profile) return void (this.building = null);
    const row = await this.ctx.lib.paperById(paperId);
    if (!row || !this.ctx.saved.has(paperId)) return;
    const abstract = row.abstractLen ? ((await this.ctx.lib.abstracts([row.n])).get(row.n) ?? null) : null;
    if (this.profile) this.addTo(this.profile, { id: row.id, title: row.title, abstract });
  }

  unsaved(paperId: string): void {
    this.rev++;
    if (!this.profile) this.building = null;
    this.profile?.all.remove(paperId);
    for (const tp of this.profile?.tags.values() ?? []) tp.remove(paperId);
  }

  /** Papers (search hits) ordered by how much their titles look like the library; as they are below MIN_LIBRARY saved papers. */
  async orderForYou<T extends { title: string }>(papers: T[]): Promise<T[]> {
    if (this.ctx.saved.size < MIN_LIBRARY) return papers;
    const { all } = await this.ensure();
    return papers
      .map((p, i) => ({ p, i, s: all.score(p.title, null) ?? 0 }))
      .sort((a, b) => b.s - a.s || a.i - b.i)
      .map((x) => x.p);
  }

  async forYou(entries: ForYouEntry[]): Promise<Responses['forYou']> {
    const size = this.ctx.saved.size;
    if (size < MIN_LIBRARY) {
      return { librarySize: size, marks: [], tags: [], hint: size === 0 ? 'save papers to see which entries are “for you”' : `save ${MIN_LIBRARY - size} more paper${MIN_LIBRARY - size === 1 ? '' : 's'} to see which entries are “for you”` };
    }
    const { all, tags } = await this.ensure();
    // Each entry's text is read once; every profile (the library's, each learned tag's) numbers it its own way.
    const counts = entries.map((e) => termCounts(e.title, e.abstract));
    const vecs = counts.map((c) => all.vectorOf(c));
    const floor = (i: number) => (entries[i]!.abstract ? MIN_SCORE.withAbstract : MIN_SCORE.titleOnly);
    const share = Math.min(MAX_MARKS, Math.max(1, Math.round(entries.length * MARK_SHARE)));
    /** The entries a profile ranks highest: its best tenth of the page, above the floor. */
    const best = (p: RankProfile, skip: (i: number) => boolean) =>
      entries
        .map((_, i) => ({ i, score: skip(i) ? -Infinity : p.scoreVec(p.vectorOf(counts[i]!)) }))
        .filter((x) => x.score >= floor(x.i))
        .sort((a, b) => b.score - a.score || a.i - b.i)
        .slice(0, share);
    const ownSaved = (i: number) => !!entries[i]!.paperId && this.ctx.saved.has(entries[i]!.paperId!);
    const marks: ForYouMark[] = entries
      .map((_, i) => ({ i, score: ownSaved(i) ? -Infinity : all.scoreVec(vecs[i]!) }))
      .filter((x) => x.score >= floor(x.i))
      .sort((a, b) => b.score - a.score || a.i - b.i)
      .slice(0, share)
      .map(({ i, score }) => {
        const near = all.nearest(vecs[i]!, entries[i]!.paperId);
        return { i, score: Math.round(score * 1000) / 1000, nearest: near ? { paperId: near.id, title: near.title } : null };
      });
    // Learned tags: a tag on enough saved papers suggests itself to the entries that look like them
    // (never to a paper that already carries it). At most two per entry, strongest first.
    const suggested = new Map<number, Array<{ tag: string; score: number }>>();
    for (const [tag, p] of [...tags].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (p.size < MIN_TAG_PAPERS) continue;
      const hasTag = (i: number) => !!entries[i]!.paperId && !!this.ctx.saved.get(entries[i]!.paperId!)?.tags.includes(tag);
      for (const { i, score } of best(p, hasTag)) {
        const list = suggested.get(i) ?? [];
        list.push({ tag, score });
        suggested.set(i, list);
      }
    }
    const tagOut = [...suggested]
      .sort((a, b) => a[0] - b[0])
      .map(([i, list]) => ({ i, tags: list.sort((a, b) => b.score - a.score).slice(0, 2).map((x) => x.tag) }));
    return { librarySize: all.size, marks: marks.sort((a, b) => a.i - b.i), tags: tagOut, hint: null };
  }
}
