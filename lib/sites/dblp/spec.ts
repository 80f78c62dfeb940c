import type { SiteSpec } from '../spec';

export const spec = {
  id: 'dblp',
  label: 'dblp',
  matches: ['https://dblp.org/search*', 'https://dblp.org/pid/*', 'https://dblp.org/db/*', 'https://dblp.uni-trier.de/search*', 'https://dblp.uni-trier.de/pid/*', 'https://dblp.uni-trier.de/db/*'],
  pages: 'search, person pages, tables of contents',
  defaultOn: true,
} as const satisfies SiteSpec;
