import type { SiteSpec } from '../spec';

export const spec = {
  id: 'hf',
  label: 'Hugging Face Papers',
  matches: ['https://huggingface.co/papers*', 'https://huggingface.co/papers/*'],
  defaultOn: true,
} as const satisfies SiteSpec;
