/**
 * dblp's test cases, beside its rule: pages it handles, pages of the site without publications, and the
 * real saved search page (../shared/fixtures/dblp; lib/sites/sites.test.ts runs them for every site).
 */
import type { SiteCases } from '../cases';

export const cases: SiteCases = {
  handles: [
    'https://dblp.org/search?q=calefato',
    'https://dblp.org/pid/48/5662.html',
    'https://dblp.org/db/conf/nips/neurips2023.html',
    'https://dblp.org/db/journals/corr/corr2303.html',
    'https://dblp.uni-trier.de/pid/48/5662.html',
  ],
  noEntries: [
    { url: 'https://dblp.org/db/conf/nips/index.html', html: '<main><h1>Conference on Neural Information Processing Systems (NeurIPS)</h1><ul class="publ-list"><li><a href="https://dblp.org/db/conf/nips/neurips2023.html">NeurIPS 2023</a></li></ul></main>' },
    { url: 'https://dblp.org/search?q=nobody', html: '<main><p id="completesearch-info-matches">no matches</p><ul class="result-list"><li><a href="https://dblp.org/pid/1/2.html">A Person</a></li></ul></main>' },
  ],
  saved: [
    {
      file: 'dblp/dblp_search_calefato_2024-01.html',
      url: 'https://dblp.org/search?q=calefato',
      count: 30,
      first: [null, 'Assessing the Use of AutoML for Data-Driven Software Engineering'],
      last: [null, 'The Impact of Dynamics of Collaborative Software Engineering on Introverts: A Study Protocol'],
      abstracts: false,
      withArxiv: 11,
      withDoi: 18,
    },
  ],
};
