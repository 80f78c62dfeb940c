/**
 * Weighted phrase rules per default topic. A phrase in the title counts double. Written from the
 * taxonomy's descriptions (lib/topics/taxonomy.json); precision first: phrases are specific.
 */
export interface Rule {
  re: RegExp;
  w: number;
}

const r = (src: string, w = 1): Rule => ({ re: new RegExp(src, 'i'), w });

export const RULES: Record<string, Rule[]> = {
  peft: [
    r('\\blora\\b|\\bqlora\\b|\\bdora\\b', 2), r('parameter[- ]efficient', 2), r('low[- ]rank adapt', 2), r('\\badapters?\\b', 1),
    r('prompt[- ]tuning|prefix[- ]tuning|\\bpeft\\b', 2), r('orthogonal adaptation|singular vectors? adaptation|\\bbitfit\\b', 2),
    r('fine[- ]?tun\\w*.{0,40}(few|small|fraction of) (trainable )?parameters', 1),
  ],
  quantization: [
    r('quanti[sz]', 2), r('binar(y|i[sz]ed|i[sz]ation) (weights?|neural|networks?|connect)|binaryconnect|binarynet', 2), r('\\blow[- ]bit\\b|\\b[1-8][- ]bits?\\b|ternary', 2),
    r('post[- ]training quantization|\\bptq\\b|\\bqat\\b', 2), r('rounding', 0.5),
  ],
  pruning: [
    r('prun(e|ed|ing)', 2), r('lottery ticket', 2), r('sparsit(y|ies)|sparse (networks?|training|models?|subnetworks?|weights)', 1.5), r('\\bsparse\\b', 0.5),
    r('remov(e|ing) (weights|neurons|heads|layers|channels)', 1),
  ],
  nas: [
    r('architecture search|\\bnas\\b', 2), r('supernet|super-net|one[- ]shot (nas|supernet)|weight[- ]sharing', 1.5), r('(grow|growing|growth of) (neural )?networks?|model growth', 1),
  ],
  init: [r('initiali[sz]', 2), r('\\binit\\b', 2), r('initial weights|weight initial', 1)],
  continual: [r('continual', 2), r('lifelong', 2), r('(class|task|domain)[- ]incremental|incremental learning', 2), r('catastrophic forgetting', 2), r('\\bforgetting\\b', 0.5), r('rehearsal|replay buffer|exemplar', 0.5)],
  merging: [
    r('model merging|merg(e|ing) (models?|weights|checkpoints)|\\bmerging\\b', 2), r('model soups?|\\bsoups?\\b', 2), r('weight averag|averag(e|ing) (the )?(weights|parameters|checkpoints)', 2),
    r('task arithmetic|task vectors?', 2), r('mode connectivity', 2), r('fus(e|ing|ion of) (finetuned |fine-tuned |trained )?models', 2), r('weight matching|permutation (alignment|symmetr)', 1),
  ],
  'weight-space': [
    r('weight[- ]spaces?', 2), r('hypernetworks?|hyper-networks?', 2), r('neural functionals?', 2), r('(generat\\w+|predict\\w+|learn\\w+ on) (the )?(neural )?(network )?(weights|parameters) of', 1.5),
    r('(neural|network) weights? (generation|generator)|generat\\w+ (neural )?network weights', 2), r('self-referential weight', 2), r('weight symmetr', 1), r('(implicit neural representations|neural fields)', 0.5),
  ],
  diffusion: [
    r('diffusion', 2), r('score[- ]based', 1.5), r('denois(ing|ed) (diffusion|score)', 1), r('text[- ]to[- ]image|image generation|video generation', 1.5), r('generative (adversarial|models?)', 1),
    r('\\bgans?\\b', 1), r('classifier[- ]free guidance', 2), r('flow matching|consistency models?', 2),
  ],
  llm: [
    r('large language models?|\\bllms?\\b|\\bllama\\b|\\bgpt-?\\d?\\b|chatgpt', 2), r('language models?', 1), r('instruction[- ]tun', 1.5), r('in-context learning', 1.5), r('\\btokens?\\b', 0.3),
    r('pre-?training (of )?(large )?(language )?models', 0.5), r('\\brlhf\\b|preference (optimization|fine-?tuning)', 1),
  ],
  attention: [
    r('attention', 1.5), r('transformers?\\b', 1), r('state[- ]space models?|\\bssms?\\b|\\bmamba\\b|\\bs4\\b', 2), r('long[- ]context|length (extrapolation|generali[sz]ation)', 2), r('positional (encoding|embedding)', 1.5),
    r('attention heads?', 1),
  ],
  optimization: [
    r('optimi[sz]ers?\\b|\\badam\\w*\\b|\\bsgd\\b|momentum', 2), r('learning[- ]rates?', 1.5), r('gradient descent', 1.5), r('training dynamics|loss landscape', 1.5), r('batch sizes?', 1),
    r('convergence', 0.7), r('(learning[- ]rate|lr) schedul', 1.5), r('hyperparameter optimi[sz]ation', 1.5), r('feedback alignment|backprop(agation)?[- ]free', 1), r('compute[- ]optimal|scaling laws?', 1),
    r('multi-?task (learning|optimi[sz]ation)', 0.7), r('federated', 0.7), r('second[- ]order|natural gradient|preconditio', 1),
  ],
  regularization: [
    r('regulari[sz]', 1.5), r('weight decay', 2), r('dropout', 2), r('(weight|batch|layer) normali[sz]ation|normali[sz]ation layers?', 1.5), r('data augmentation', 1), r('re-?weight(ing|ed)', 1),
    r('label smoothing|mixup|cutout', 1.5), r('generali[sz]ation gap', 1), r('reparameteri[sz]', 1), r('long[- ]tail', 1),
  ],
  distillation: [r('distill', 2), r('teacher', 1.5), r('student', 1), r('knowledge transfer', 0.5)],
  gnn: [r('graph neural|\\bgnns?\\b|graph attention networks?|graph convolution', 2), r('message[- ]passing', 1.5), r('(on|over) graphs\\b|graph-structured|node classification|link prediction', 1.5), r('\\bgraphs?\\b', 0.5)],
  'time-series': [r('time[- ]series', 2), r('forecast', 2), r('temporal (data|signals)|sequential (measurements|signals)', 0.5)],
  vision: [
    r('image (classification|recognition)|imagenet', 1.5), r('object detection|semantic segmentation|instance segmentation|\\bsegmentation\\b', 2), r('vision transformers?|\\bvits?\\b', 1.5), r('convolutional (neural )?networks?|\\bcnns?\\b', 1),
    r('computer vision|visual recognition', 1.5), r('\\b3d\\b|point clouds?|nerf|radiance field', 1.5), r('\\bimages?\\b', 0.5), r('\\bvideos?\\b', 0.5), r('cifar|coco\\b', 0.7),
  ],
  multimodal: [r('vision[- ]language|\\bvlms?\\b|multi-?modal', 2), r('text[- ]to[- ]image|image[- ]text|\\bclip\\b', 1.5), r('captioning|visual question', 1.5), r('spatial conditioning|conditional control', 1)],
  rl: [r('reinforcement learning|\\brl\\b', 2), r('\\bpolic(y|ies)\\b', 1), r('\\breward', 1), r('bandits?\\b', 1.5), r('rlhf|q-learning|markov decision|actor[- ]critic', 2)],
  agents: [r('\\bagents?\\b|agentic', 1.5), r('tool[- ](use|calling)', 2), r('embodied', 1.5), r('planning with (language|llm)', 1.5)],
  robustness: [
    r('robust', 1.2), r('adversarial (examples?|attacks?|training|robustness|perturbations?)', 2), r('distribution(al)? shifts?|out[- ]of[- ]distribution|\\bood\\b|domain generali[sz]ation', 2),
    r('uncertaint', 1), r('calibrat', 1), r('spurious', 1.5), r('noisy labels|label noise', 1.5),
  ],
  theory: [
    r('theor(y|etical|etically|em)', 1.5), r('provabl|\\bproofs?\\b|\\bwe prove\\b', 1.5), r('guarantees?', 1), r('(upper|lower|generali[sz]ation) bounds?', 1.5), r('mean[- ]field|statistical mechanics|random matrix', 2),
    r('asymptotic|minimax|sample complexity|convergence rates?', 1.5), r('neural tangent|\\bntk\\b|lazy (training|regime)|infinite[- ]width', 1.5), r('duality gap|convex', 1), r('causal inference|estimat(or|ion) of', 0.7),
    r('equivarian|symmetr', 0.5),
  ],
  science: [
    r('physics|physical systems?', 1.5), r('\\bpdes?\\b|partial differential', 2), r('\\bpinns?\\b|physics[- ]informed', 2), r('molecul|protein|chemi|biolog|genom', 2), r('climate|weather', 2),
    r('astronom|astrophys|cosmolog', 2), r('quantum', 1), r('fluid|turbulen', 1.5), r('\\bmri\\b|\\bmr images\\b|medical|clinical', 1), r('calabi|polyhedra|\\bmanifolds?\\b', 0.5),
  ],
  speech: [r('speech|\\basr\\b|speaker', 2), r('audio|acoustic', 2), r('music', 2), r('voice|spoken', 1.5)],
  efficiency: [
    r('efficien(t|cy)', 1), r('latency|throughput|speed-?ups?', 1.5), r('memory[- ](efficient|footprint|cost|usage)', 1.5), r('\\bkv[- ]cache|caching', 1.5), r('compress', 1.5),
    r('(inference|training) (cost|time|speed)', 1), r('flops', 1), r('kernels?\\b', 0.5), r('shar(e|ing|eable) (attention|weights|parameters)', 1), r('\\bfaster\\b|accelerat', 0.7),
  ],
};
