import type { SiteSpec } from '../spec';

const TLDS = ['com', 'co.uk', 'de', 'fr', 'es', 'it', 'nl', 'ch', 'at', 'be', 'se', 'pl', 'ca', 'com.au', 'co.in', 'co.jp', 'co.kr', 'com.br', 'com.hk', 'com.tw', 'com.sg', 'ru', 'cn'] as const;

export const spec = {
  id: 'scholar',
  label: 'Google Scholar',
  matches: TLDS.map((tld) => `https://scholar.google.${tld}/*` as const),
  defaultOn: true,
} as const satisfies SiteSpec;
