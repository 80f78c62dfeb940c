/**
 * "For you" job: the ranking profile of the user's saved papers (lib/rank/profile.ts), built on the
 * first request from the saved papers' rows and abstracts, then kept up to date paper by paper as the
 * user saves and unsaves (imports, restores and a wipe rebuild it at the next request). Marks the
 * entries of a listing that look most like the library.
 */
import { RankProfile } from '../rank/profile';
import type { ForYouEntry, ForYouMark, Responses } from '../messages';
import type { Ctx } from './context';

/** Fewer saved papers than this: no marks (a profile of one or two papers says little), a hint instead. */
export const MIN_LIBRARY = 3;
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

export class RankJob {
  private profile: RankProfile | null = null;
  private building: Promise<RankProfile> | null = null;
  /** Bumped by every change the profile must follow, so a build that raced one is not kept. */
  private rev = 0;

  constructor(private readonly ctx: Ctx) {}

  /** The library changed wholesale (import, restore, wipe): rebuild at the next request. */
  invalidate(): void {
    this.rev++;
    this.profile = null;
    this.building = null;
  }

  private async ensure(): Promise<RankProfile> {
    if (this.profile) return this.profile;
    if (this.building) return this.building;
    const rev = this.rev;
    const build = (async () => {
      const p = new RankProfile();
      const ids = [...this.ctx.saved.keys()];
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await this.ctx.lib.papersByIds(ids.slice(i, i + 500));
        const abstracts = await this.ctx.lib.abstracts([...rows.values()].filter((r) => r.abstractLen > 0).map((r) => r.n));
        for (const r of rows.values()) p.add({ id: r.id, title: r.title, abstract: abstracts.get(r.n) ?? null });
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
    this.profile?.add({ id: row.id, title: row.title, abstract });
  }

  unsaved(paperId: string): void {
    this.rev++;
    if (!this.profile) this.building = null;
    this.profile?.remove(paperId);
  }

  async forYou(entries: ForYouEntry[]): Promise<Responses['forYou']> {
    const size = this.ctx.saved.size;
    if (size < MIN_LIBRARY) {
      return { librarySize: size, marks: [], hint: size === 0 ? 'save papers to see which entries are “for you”' : `save ${MIN_LIBRARY - size} more paper${MIN_LIBRARY - size === 1 ? '' : 's'} to see which entries are “for you”` };
    }
    const profile = await this.ensure();
    const vecs = entries.map((e) => profile.vector(e.title, e.abstract));
    const scored = entries
      .map((e, i) => ({ i, score: profile.scoreVec(vecs[i]!), own: !!e.paperId && this.ctx.saved.has(e.paperId) }))
      .filter((x) => !x.own && x.score >= (entries[x.i]!.abstract ? MIN_SCORE.withAbstract : MIN_SCORE.titleOnly))
      .sort((a, b) => b.score - a.score || a.i - b.i);
    const n = Math.min(MAX_MARKS, Math.max(1, Math.round(entries.length * MARK_SHARE)));
    const marks: ForYouMark[] = scored.slice(0, n).map(({ i, score }) => {
      const near = profile.nearest(vecs[i]!, entries[i]!.paperId);
      return { i, score: Math.round(score * 1000) / 1000, nearest: near ? { paperId: near.id, title: near.title } : null };
    });
    return { librarySize: profile.size, marks: marks.sort((a, b) => a.i - b.i), hint: null };
  }
}
