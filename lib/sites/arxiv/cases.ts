/**
 * This site's test cases, beside its rule: pages it handles, and the real saved pages in ../shared/fixtures
 * with what must be found on them (lib/sites/sites.test.ts runs them for every site).
 */
import type { SiteCases } from '../cases';

export const cases: SiteCases = {
  handles: ['https://arxiv.org/list/cs.LG/new', 'https://arxiv.org/search/?query=x', 'https://arxiv.org/abs/2501.00001', 'https://arxiv.org/a/doe_j_1'],
  saved: [
    {
      file: 'arxiv/arxiv_list_cs.CL_recent_2026-07-28.html',
      url: 'https://arxiv.org/list/cs.CL/recent',
      count: 50,
      first: ['2607.22529', 'Skill Self-Play: Pushing the Frontier of LLM Capability with Co-Evolving Skills'],
      last: ['2607.21540', 'DONDO: Open w2v-BERT Speech-Recognition Base Models for African Languages'],
      abstracts: false,
    },
    {
      file: 'arxiv/arxiv_search_abstract_200results_2025-12.html',
      url: 'https://arxiv.org/search/?query=distributed+systems&searchtype=abstract&size=200',
      count: 200,
      first: ['2512.03003', 'The role of the top Yukawa coupling in triple Higgs production at the LHC'],
      last: ['2512.08261', 'Beyond Traditional Diagnostics: Transforming Patient-Side Information into Predictive Insights with Knowledge Graphs and Prototypes'],
      abstracts: true,
    },
    {
      file: 'arxiv/arxiv_abs_2106.09608_2021-12.html',
      url: 'https://arxiv.org/abs/2106.09608',
      count: 1,
      first: ['2106.09608', 'Learning Knowledge Graph-based World Models of Textual Environments'],
      last: ['2106.09608', 'Learning Knowledge Graph-based World Models of Textual Environments'],
      abstracts: true,
    },
  ],
};
