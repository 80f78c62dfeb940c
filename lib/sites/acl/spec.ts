import type { SiteSpec } from '../spec';

export const spec = {
  id: 'acl',
  label: 'ACL Anthology',
  matches: ['https://aclanthology.org/*'],
  defaultOn: true,
} as const satisfies SiteSpec;
