/**
 * CVF open access test cases, beside its rule: pages it handles, the index (no papers), and the real
 * saved CVPR 2019 page with all 1,294 papers (../shared/fixtures/cvf; lib/sites/sites.test.ts runs them).
 */
import type { SiteCases } from '../cases';

export const cases: SiteCases = {
  handles: [
    'https://openaccess.thecvf.com/CVPR2019?day=all',
    'https://openaccess.thecvf.com/ICCV2023?day=all',
    'https://openaccess.thecvf.com/WACV2024',
    'https://openaccess.thecvf.com/CVPR2024_workshops/CVPRW',
  ],
  noEntries: [
    { url: 'https://openaccess.thecvf.com/menu', html: '<div id="content"><dl><dd><a href="/CVPR2024">CVPR 2024</a></dd><dd><a href="/ICCV2023">ICCV 2023</a></dd></dl></div>' },
  ],
  saved: [
    {
      file: 'cvf/cvf_openaccess_CVPR2019_2019-06.html',
      url: 'https://openaccess.thecvf.com/CVPR2019?day=all',
      count: 1294,
      first: [null, 'Finding Task-Relevant Features for Few-Shot Learning by Category Traversal'],
      last: [null, 'Leveraging Heterogeneous Auxiliary Tasks to Assist Crowd Counting'],
      abstracts: false,
    },
  ],
};
