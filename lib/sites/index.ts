/** The adapter registry: picks the adapter for a URL. */
import { acl } from './acl';
import { arxiv } from './arxiv';
import { generic } from './generic';
import { huggingface } from './huggingface';
import { scholar } from './scholar';
import type { SiteAdapter } from './types';

export type { PaperEntry, SiteAdapter } from './types';
export { acl, arxiv, generic, huggingface, scholar };

/** Site adapters, most specific first. The generic link adapter is used only when the user opted in. */
export const ADAPTERS: SiteAdapter[] = [huggingface, arxiv, scholar, acl];

export function adapterFor(url: string, opts: { allowGeneric?: boolean } = {}): SiteAdapter | null {
  for (const a of ADAPTERS) if (a.matches(url)) return a;
  return opts.allowGeneric && generic.matches(url) ? generic : null;
}
