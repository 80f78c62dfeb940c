/**
 * This site's test cases, beside its rule: pages it handles, and the real saved pages in ../shared/fixtures
 * with what must be found on them (lib/sites/sites.test.ts runs them for every site).
 */
import type { SiteCases } from '../cases';

export const cases: SiteCases = {
  handles: ['https://huggingface.co/papers', 'https://huggingface.co/papers?q=lora', 'https://huggingface.co/papers/date/2025-01-02', 'https://huggingface.co/papers/2501.00001'],
  saved: [
    {
      file: 'huggingface/hf_papers_2024-08-01_ssr.html',
      url: 'https://huggingface.co/papers?date=2024-08-01',
      count: 13,
      first: ['2407.21783', 'The Llama 3 Herd of Models'],
      last: ['2404.01300', 'NeRF-MAE: Masked AutoEncoders for Self-Supervised 3D Representation Learning for Neural Radiance Fields'],
      abstracts: true,
    },
  ],
};
