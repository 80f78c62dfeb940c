/** Settings job: re-tagging stored papers after a classifier update. */
import { describe, expect, it, vi } from 'vitest';
import { Library } from '../db/library';
import { openLibraryDB } from '../db/schema';
import { TOPIC_MODEL_VERSION } from '../topics/classifier';
import { entry, mk, page } from './test-helpers';

const dpoAbstract = 'While large-scale unsupervised language models (LMs) learn broad world knowledge and some reasoning skills, achieving precise control of their behavior is difficult due to the completely unsupervised nature of their training. Existing methods for gaining such steerability collect human labels of the relative quality of model generations and fine-tune the unsupervised LM to align with these preferences, often with reinforcement learning from human feedback (RLHF).';

describe('settings', () => {
  it('papers stored with topics from an older classifier are re-tagged once after an update', async () => {
    const dbName = `svc-retag-${Date.now()}`;
    const { s: first } = mk({ dbName });
    const title = 'QLoRA: Efficient Finetuning of Quantized LLMs';
    const abstract = 'We present QLoRA, an efficient finetuning approach that reduces memory usage enough to finetune a 65B parameter model on a single 48GB GPU while preserving full 16-bit finetuning task performance. QLoRA backpropagates gradients through a frozen, 4-bit quantized pretrained language model into Low Rank Adapters (LoRA). Our best model family, which we name Guanaco, outperforms all previous openly released models on the Vicuna benchmark, reaching 99.3% of the performance level of ChatGPT while only requiring 24 hours of finetuning on a single GPU. QLoRA introduces a number of innovations to save memory without sacrificing performance: (a) 4-bit NormalFloat (NF4), a new data type that is information theoretically optimal for normally distributed weights (b) double quantization to reduce the average memory footprint by quantizing the quantization constants, and (c) paged optimizers to manage memory spikes.';
    const qlora = { ...entry(title, '2305.14314'), abstract };
    await first.handle({ type: 'save', entry: qlora });
    await first.handle({ type: 'save', entry: { ...entry('Direct Preference Optimization: Your Language Model is Secretly a Reward Model', '2305.18290'), abstract: dpoAbstract } });
    first.close();
    const lib = new Library(await openLibraryDB({ name: dbName }));
    const row = (await lib.paperById('arxiv:2305.14314'))!;
    await lib.write(async (w) => w.putPaper({ ...row, topics: ['gnn'] }, null, false));
    // A paper the old classifier gave no topic is looked at again too.
    const dpo = (await lib.paperById('arxiv:2305.18290'))!;
    expect(dpo.topics.length).toBeGreaterThan(0);
    await lib.write(async (w) => w.putPaper({ ...dpo, topics: [] }, null, false));
    await lib.setMeta('topicModel', 'rules-old');
    const { s } = mk({ dbName });
    await s.handle({ type: 'stats' });
    await vi.waitFor(async () => expect(await lib.getMeta('topicModel')).toBe(TOPIC_MODEL_VERSION));
    const after = (await lib.paperById('arxiv:2305.14314'))!;
    expect(after.topics).toEqual(expect.arrayContaining(['llm', 'quantization']));
    expect(after.topics).not.toContain('gnn');
    expect((await lib.paperById('arxiv:2305.18290'))!.topics).toEqual(dpo.topics);
    const ann = await s.handle({ type: 'annotate', page: page(), entries: [qlora] });
    expect(ann.annotations[0]!.topics.map((t) => t.id)).toEqual(after.topics);
    expect(ann.annotations[0]!.saved).not.toBeNull();
    // The search index was rebuilt with the new topics.
    expect((await s.handle({ type: 'search', query: 't:quantization qlora' })).hits.map((h) => h.id)).toContain('arxiv:2305.14314');
    expect((await s.handle({ type: 'search', query: 't:gnn qlora' })).hits.map((h) => h.id)).not.toContain('arxiv:2305.14314');
    lib.close();
    s.close();
  });
});
