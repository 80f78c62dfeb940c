/**
 * The site registry's data: every supported site's spec (lib/sites/<site>/spec.ts), and what is
 * derived from them. Pure data, no adapter code: the background, the options page and the manifest
 * read it without carrying the adapters. Adding a site: a folder with spec.ts, adapter.ts and its
 * cases, and one line here and one in lib/sites/index.ts (docs/adding-a-site.md).
 */
import { spec as acl } from './acl/spec';
import { spec as arxiv } from './arxiv/spec';
import { spec as cvf } from './cvf/spec';
import { spec as dblp } from './dblp/spec';
import { spec as hf } from './hf/spec';
import { spec as scholar } from './scholar/spec';
import { matchesPattern, type SiteSpec } from './spec';

export const SPECS = [hf, arxiv, scholar, acl, dblp, cvf] as const satisfies readonly SiteSpec[];

/** A registered site's id. */
export type SiteId = (typeof SPECS)[number]['id'];
export const SITE_IDS: readonly SiteId[] = SPECS.map((s) => s.id);

/** The content script's match patterns (the manifest's content_scripts[].matches). */
export const CONTENT_MATCHES: string[] = SPECS.flatMap((s) => [...s.matches]);

/** Settings: each site on or off, as a new profile has it. */
export const DEFAULT_SITES = Object.fromEntries(SPECS.map((s) => [s.id, s.defaultOn])) as Record<SiteId, boolean>;

/** The options page's line for a site: its label, and which of its pages when not all. */
export const SITE_OPTIONS: Array<{ id: SiteId; label: string }> = SPECS.map((s: SiteSpec) => ({ id: s.id as SiteId, label: s.pages ? `${s.label} (${s.pages})` : s.label }));

/**
 * The registered site of a page that was recorded as 'generic' before its site had its own id (ACL
 * Anthology pages were 'generic' until the registry): the site whose match patterns take the URL.
 */
export function siteOfRecorded<S extends string>(site: S, url: string): S | SiteId {
  if (site !== 'generic') return site;
  for (const s of SPECS) if (s.matches.some((p) => matchesPattern(p, url))) return s.id;
  return site;
}
