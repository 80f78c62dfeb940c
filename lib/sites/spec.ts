/**
 * What the rest of the extension knows about a site: one spec per site folder (lib/sites/<site>/spec.ts).
 * The site type, the manifest's match patterns, the settings keys and defaults, the options labels and
 * the content script's enable check are all derived from the specs (lib/sites/registry.ts).
 */
export interface SiteSpec {
  /** Stable id: stored with every visit, used as the settings key. Lower-case letters, 2–10. */
  readonly id: string;
  /** The site's name as users know it (options, "seen on …"). */
  readonly label: string;
  /** WebExtension match patterns of the pages the content script runs on (the manifest's). */
  readonly matches: readonly string[];
  /** Which pages of the site, when not all (the options page shows it after the label). */
  readonly pages?: string;
  /** On for a new profile. */
  readonly defaultOn: boolean;
}

/**
 * Whether `url` matches a WebExtension match pattern (`<scheme>://<host>/<path>`, `*` in the host only
 * as a leading `*.`, `*` anywhere in the path). The subset the manifests use.
 */
const PATH_RE = new Map<string, RegExp>();

export function matchesPattern(pattern: string, url: string): boolean {
  const m = /^(\*|https?):\/\/(\*|(?:\*\.)?[^/*]+)(\/.*)$/.exec(pattern);
  if (!m) throw new Error(`not a match pattern: ${pattern}`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const [, scheme, host, path] = m as unknown as [string, string, string, string];
  if (scheme === '*' ? !/^https?:$/.test(u.protocol) : u.protocol !== `${scheme}:`) return false;
  if (host !== '*') {
    if (host.startsWith('*.')) {
      const base = host.slice(2);
      if (u.hostname !== base && !u.hostname.endsWith(`.${base}`)) return false;
    } else if (u.hostname !== host) return false;
  }
  let re = PATH_RE.get(path);
  if (!re) PATH_RE.set(path, (re = new RegExp(`^${path.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)));
  return re.test(u.pathname + u.search);
}
