/** Match patterns of the sites Paper Lens works on by default (least privilege: these and no more). */
export const HF_MATCHES = ['https://huggingface.co/papers*', 'https://huggingface.co/papers/*'];
export const ARXIV_MATCHES = [
  'https://arxiv.org/list/*',
  'https://arxiv.org/search/*',
  'https://arxiv.org/abs/*',
  'https://arxiv.org/a/*',
];
const SCHOLAR_TLDS = ['com', 'co.uk', 'de', 'fr', 'es', 'it', 'nl', 'ch', 'at', 'be', 'se', 'pl', 'ca', 'com.au', 'co.in', 'co.jp', 'co.kr', 'com.br', 'com.hk', 'com.tw', 'com.sg', 'ru', 'cn'];
export const SCHOLAR_MATCHES = SCHOLAR_TLDS.map((tld) => `https://scholar.google.${tld}/*`);
export const ACL_MATCHES = ['https://aclanthology.org/*'];

export const CONTENT_MATCHES = [...HF_MATCHES, ...ARXIV_MATCHES, ...SCHOLAR_MATCHES, ...ACL_MATCHES];

