import type { SiteSpec } from '../spec';

export const spec = {
  id: 'cvf',
  label: 'CVF open access',
  matches: ['https://openaccess.thecvf.com/*'],
  pages: 'conference and workshop pages',
  defaultOn: true,
} as const satisfies SiteSpec;
