/**
 * The adapter registry: one adapter per site folder (lib/sites/<site>/adapter.ts), in the order of the
 * specs (lib/sites/specs.ts), and the opt-in generic link adapter. Picks the adapter for a URL.
 */
import { acl } from './acl/adapter';
import { arxiv } from './arxiv/adapter';
import { cvf } from './cvf/adapter';
import { dblp } from './dblp/adapter';
import { generic } from './generic';
import { huggingface } from './hf/adapter';
import { scholar } from './scholar/adapter';
import type { SiteAdapter } from './types';

export type { PaperEntry, SiteAdapter } from './types';
export { acl, arxiv, cvf, dblp, generic, huggingface, scholar };

/** Site adapters, most specific first. The generic link adapter is used only when the user opted in. */
export const ADAPTERS: SiteAdapter[] = [huggingface, arxiv, scholar, acl, dblp, cvf];

export function adapterFor(url: string, opts: { allowGeneric?: boolean } = {}): SiteAdapter | null {
  for (const a of ADAPTERS) if (a.matches(url)) return a;
  return opts.allowGeneric && generic.matches(url) ? generic : null;
}
