/** Match patterns of the sites Paper Lens works on by default (least privilege: these and no more). */
export const HF_MATCHES = ['https://huggingface.co/papers*', 'https://huggingface.co/papers/*'];
export const ARXIV_MATCHES = [
  'https://arxiv.org/list/*',
  'https://arxiv.org/search/*',
  'https://arxiv.org/abs/*',
  'https://arxiv.org/a/*',
];
export const SCHOLAR_MATCHES = ['https://scholar.google.com/*', 'https://scholar.google.co.uk/*', 'https://scholar.google.de/*', 'https://scholar.google.co.jp/*'];

export const CONTENT_MATCHES = [...HF_MATCHES, ...ARXIV_MATCHES, ...SCHOLAR_MATCHES];

