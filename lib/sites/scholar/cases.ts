/**
 * This site's test cases, beside its rule: pages it handles, and the real saved pages in ../shared/fixtures
 * with what must be found on them (lib/sites/sites.test.ts runs them for every site).
 */
import type { SiteCases } from '../cases';

export const cases: SiteCases = {
  handles: ['https://scholar.google.com/scholar?q=x', 'https://scholar.google.fr/citations?user=x'],
  saved: [
    {
      file: 'scholar/goscholar_parse_test_case1.html',
      url: 'https://scholar.google.co.jp/scholar?q=Learning+deep+architectures+for+AI&num=1',
      count: 1,
      first: [null, 'Learning deep architectures for AI'],
      last: [null, 'Learning deep architectures for AI'],
      abstracts: false,
    },
    {
      file: 'scholar/goscholar_parse_test_case2.html',
      url: 'https://scholar.google.co.jp/scholar?q=%22Unsupervised+feature+learning%22',
      count: 1,
      first: [null, 'Unsupervised feature learning and deep learning: A review and new perspectives'],
      last: [null, 'Unsupervised feature learning and deep learning: A review and new perspectives'],
      abstracts: false,
    },
    {
      file: 'scholar/goscholar_fetch_test.html',
      url: 'https://scholar.google.co.jp/scholar?q=deep+learning&num=1',
      count: 1,
      first: [null, 'Deep learning'],
      last: [null, 'Deep learning'],
      abstracts: false,
    },
    {
      file: 'scholar/scholar_citations_profile_susan-shepler_2020.html',
      url: 'https://scholar.google.com/citations?user=A5NhLJkAAAAJ&hl=en',
      count: 20,
      first: [null, 'The rites of the child: Global discourses of youth and reintegrating child soldiers in Sierra Leone'],
      last: [null, 'Producing ebola: creating knowledge in and about an epidemic'],
      abstracts: false,
    },
  ],
};
