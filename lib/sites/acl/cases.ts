/**
 * This site's test cases, beside its rule: pages it handles, and the real saved pages in ../shared/fixtures
 * with what must be found on them (lib/sites/sites.test.ts runs them for every site).
 */
import type { SiteCases } from '../cases';

export const cases: SiteCases = {
  handles: ['https://aclanthology.org/people/x/', 'https://aclanthology.org/events/acl-2024/'],
  saved: [
    {
      file: 'aclanthology/acl_person_andreas-madsack_2026-07.html',
      url: 'https://aclanthology.org/people/andreas-madsack/',
      count: 6,
      first: [null, 'Data-to-text systems as writing environment'],
      last: [null, 'A working, non-trivial, topically indifferent NLG System for 17 languages'],
      abstracts: false,
    },
    {
      file: 'aclanthology/acl_person_andreas-madsack_2023-01.html',
      url: 'https://aclanthology.org/people/a/andreas-madsack/',
      count: 6,
      first: [null, 'Data-to-text systems as writing environment'],
      last: [null, 'A working, non-trivial, topically indifferent NLG System for 17 languages'],
      abstracts: false,
    },
  ],
};
