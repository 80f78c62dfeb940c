import type { SiteSpec } from '../spec';

export const spec = {
  id: 'arxiv',
  label: 'arXiv',
  matches: ['https://arxiv.org/list/*', 'https://arxiv.org/search/*', 'https://arxiv.org/abs/*', 'https://arxiv.org/a/*'],
  pages: 'listings, search, abstract pages',
  defaultOn: true,
} as const satisfies SiteSpec;
