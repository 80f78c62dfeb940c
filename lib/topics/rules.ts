/**
 * Weighted phrase rules per default topic, written from the taxonomy's descriptions
 * (lib/topics/taxonomy.json) and the vocabulary of each field. Syntax: lib/topics/phrases.ts
 * (`;` separates phrases, `|` alternatives for one word, `*` a prefix, `?` an optional word).
 * Weights: 2 = names the topic, 1–1.5 = typical of it, ≤ 0.7 = weak evidence that only counts
 * together with other evidence. A title hit counts SCORING.title times (lib/topics/classifier.ts).
 */
import type { RuleSpec } from './phrases';

const r = (phrases: string, w = 1): RuleSpec => ({ phrases, w });

export const RULES: Record<string, RuleSpec[]> = {
  peft: [
    r('lora|loras|qlora|dora|peft|bitfit|adalora|loha|lokr', 2),
    r('parameter efficient*; parameter efficiency', 2),
    r('low rank adapt*; low rank fine? tun*; low rank finetun*; low rank update*', 2),
    r('adapter|adapters; adapter tuning', 1),
    r('prompt tuning; prefix tuning; prompt learning; soft prompt*; visual prompt*; learnable prompt*', 1.5),
    r('orthogonal adaptation; orthogonal finetun*; orthogonal fine tun*; singular vector* adapt*; explained variance adaptation', 2),
    r('trainable parameters; full fine tun*; full finetun*; fraction of parameters', 1),
  ],
  quantization: [
    r('quantiz*|quantis*', 2),
    r('binariz*|binaris*|binaryconnect|binarynet|xnor; binary weights|neural|network*|activations', 2),
    r('low bit; low precision; 1|2|3|4|8 bit|bits; ternary; int4|int8|fp8|fp4|w4a16|w8a8', 2),
    r('ptq|qat|gptq|awq', 2),
    r('mixed precision', 1),
    r('rounding', 0.5),
  ],
  pruning: [
    r('prune|pruned|prunes|pruning|pruner*', 2),
    r('lottery ticket*', 2),
    r('sparsity|sparsification|sparsify|sparsified; sparse network*|training|model*|subnetwork*|weights|masks; structured sparsity', 1.5),
    r('sparse|sparsely', 0.5),
    r('remov* weights|neurons|heads|layers|channels|parameters|filters; magnitude based; weight magnitude*', 1),
  ],
  nas: [
    r('architecture search; nas; network morphism; automl; automated machine learning', 2),
    r('supernet|supernets|supernetwork*; one shot nas; darts; search space*', 1.5),
    r('model growth; network growth; growing neural? network*; grow* neural? network*; model expansion; network expansion; progressively grow*', 1.5),
    r('weight sharing', 0.7),
    r('evolutionary search; architecture design', 0.7),
  ],
  init: [
    r('initializ*|initialis*|init', 2),
    r('initial weights|parameters; weight inheritance; inherit* weights; dynamical isometry; maximal update; mup', 1.5),
    r('parametrization|parameterization; warm start*; rewind*; orthogonal weights; edge of chaos; xavier|kaiming', 1),
    r('random weights; from scratch', 0.5),
  ],
  continual: [
    r('continual|lifelong', 2),
    r('class|task|domain incremental; incremental learning; catastrophic forgetting; stability plasticity', 2),
    r('forgetting; plasticity', 1),
    r('rehearsal*|replay; sequence of tasks; sequential tasks; new tasks', 0.7),
    r('exemplar*', 0.5),
  ],
  merging: [
    r('model merging; merg* models|model|weights|checkpoints|parameters; model soup*; soup|soups; model fusion', 2),
    r('weight averag*; averag* weights|parameters|checkpoints|models; stochastic weight averaging; swa', 2),
    r('task arithmetic; task vector*; mode connectivity; linear mode; linearly connected', 2),
    r('fus* fine? tuned? finetuned? trained? models|weights', 2),
    r('merging', 1),
    r('weight matching; permutation alignment|symmetr*|invarian*; recycl* models; interpolat* weights|models|between; patching weights|models', 1.5),
    r('fine tuned models; finetuned models; ensembl*', 0.5),
  ],
  'weight-space': [
    r('weight space*; hypernetwork*|hypernet|hypernets; hyper network*; neural functional*; model zoo*', 2),
    r('weight|weights generation|generator*; generat* neural? network? weights|parameters; self referential', 2),
    r('neural weights; network weights as input*; weights of other neural? networks; fast weight*; meta network*', 1.5),
    r('weight symmetr*', 1),
    r('implicit neural representation*; neural fields; equivarian*', 0.5),
  ],
  diffusion: [
    r('diffusion; classifier free guidance; flow matching; consistency model*; rectified flow; ddpm|ddim', 2),
    r('score based; normalizing flow*; text to image; image|video generation|synthesis|editing', 1.5),
    r('denois*; generative adversarial; generative model*; gan|gans; vae|vaes; variational autoencoder*', 1),
    r('sampling steps; sampler*', 0.5),
    // Diffusion in physics, chemistry or graphs is not the generative kind.
    r('reaction diffusion; convection diffusion; advection diffusion; diffusion equation*|coefficient*|process on|processes on; anomalous diffusion; heat diffusion; graph diffusion', -2),
  ],
  llm: [
    r('large language model*; llm|llms; llama*|chatgpt|mistral|qwen*|gpt|gpt2|gpt3|gpt4', 2),
    r('language model*; instruction tun*|follow*; in context learn*; chain of thought; next token prediction', 1.5),
    r('rlhf; dpo; preference optimization|fine tuning|alignment; human preferences; perplexity; bert|roberta|t5', 1),
    r('pretrain*|pre train* language? model*; reasoning; prompt|prompts|prompting; natural language; text generation', 0.5),
    r('tokens', 0.3),
  ],
  attention: [
    r('attention', 1.5),
    r('transformer|transformers', 1),
    r('state space model*; ssm|ssms|mamba|s4; long context; length extrapolation|generalization; long sequences|sequence|range', 2),
    r('positional encoding*|embedding*; rope|rotary; induction head*; linear attention; self attention; softmax attention', 1.5),
    r('attention heads; sequence model*|modeling; query key', 1),
    r('recurrent|rnn|rnns|lstm*', 0.5),
  ],
  optimization: [
    r('optimizer*|optimiser*|adam|adamw|sgd|momentum', 2),
    r('learning rate*; gradient descent; training dynamics; loss landscape*; objective landscape*; optimization landscape*; lr schedul*; learning rate schedul*; warmup; step size*', 1.5),
    r('feedback alignment; backpropagation free; backprop free; forward gradient*; equilibrium propagation; zeroth order; derivative free; gradient free; hyperparameter*', 1.5),
    r('second order; natural gradient; precondition*; hessian*; sharpness; flat minima; local minima; saddle*', 1.2),
    r('batch size*; large batch; stochastic gradient*; gradient conflict*; gradient balancing; intrinsic dimension*; compute optimal; scaling law*', 1),
    r('optimization|optimisation; convergence; multi task learning|optimization; federated', 0.7),
    r('training steps|iterations; weight update*', 0.5),
  ],
  regularization: [
    r('regulariz*|regularis*', 1.5),
    r('weight decay; dropout; early stopping', 2),
    r('weight|batch|layer|group normalization; normalization layer*; batchnorm|layernorm; label smoothing; mixup|cutout|cutmix', 1.5),
    r('data augmentation*; augmentation|augmentations; reweight*; re weight*|weighting; long tail*; class imbalance; imbalanced; overfitting|overfit; generalization gap; reparameteriz*|reparametriz*; shrinkage|shrinking; noise injection', 1),
    r('penalty|penalties', 0.7),
    r('generalization|generalize|generalizes', 0.5),
  ],
  distillation: [r('distill*; dark knowledge', 2), r('teacher*', 1.5), r('student*', 1), r('knowledge transfer', 0.5)],
  gnn: [
    r('graph neural; gnn|gnns; graph attention; graph convolution*; gcn|gcns|gat|gats; geometric deep learning', 2),
    r('message passing; graph structured; node classification; link prediction; molecular graph*; on|over graphs', 1.5),
    r('graph|graphs', 0.5),
    r('nodes', 0.3),
  ],
  'time-series': [
    r('time series; forecast*; n beats', 2),
    r('online prediction; spatio temporal; spatiotemporal', 1),
    r('temporal data|signals; sequential measurements; horizon*; traffic; sensor*', 0.5),
  ],
  vision: [
    r('object detection; semantic|instance segmentation; segmentation', 2),
    r('image classification|recognition; imagenet; vision transformer*; vit|vits; computer vision; visual recognition; 3d; point cloud*; nerf; radiance field*; novel view*', 1.5),
    r('convolutional neural? network*; cnn|cnns|convnet*|resnet*', 1),
    r('cifar*|coco', 0.7),
    r('image|images|video|videos|pixel*|visual; convolution*; neural fields', 0.5),
  ],
  multimodal: [
    r('vision language; vlm|vlms; multimodal|multi modal; cross modal', 2),
    r('text to image; image text; clip; captioning; visual question*; vqa', 1.5),
    r('spatial conditioning; conditional control; controlnet; text conditioned|conditional', 1),
    r('text prompt*; text guidance', 0.7),
  ],
  rl: [
    r('reinforcement learning; rl; rlhf; q learning; markov decision*; mdp|mdps; actor critic; ppo', 2),
    r('bandit*', 1.5),
    r('policy|policies; reward*; decision making', 1),
  ],
  agents: [
    r('tool use|calling|learning; web navigation|browsing|agents', 2),
    r('agent|agents|agentic; embodied', 1.5),
    r('multi agent', 1),
    r('planning; interactive', 0.7),
  ],
  robustness: [
    r('adversarial example*|attack*|training|robustness|perturbation*; distribution shift*; distributional shift*; out of distribution; ood; domain generalization|shift; covariate shift', 2),
    r('spurious; noisy labels; label noise', 1.5),
    r('robust*', 1.2),
    r('uncertaint*; calibrat*; adversarial; bayesian; posterior; worst case|group; outlier*; corruption*', 1),
  ],
  theory: [
    r('theory|theoretical*|theorem*; provabl*; we prove; proofs', 1.5),
    r('mean field; statistical mechanics; random matrix; neural tangent; ntk; infinite width; lazy training|regime', 2),
    r('generalization|upper|lower bound*; asymptotic*; minimax; sample complexity; convergence rate*; expressive power; expressivity; universal approximation; rigorous*', 1.5),
    r('guarantee*; prove; proof; duality gap; convex*; inductive bias*; closed form; lemma|corollary', 1),
    r('causal inference; estimator*; optimal|optimality; characteriz*; consistency; statistical; bound|bounds', 0.7),
    r('equivarian*|symmetr*; analysis|analyze|analyses', 0.5),
  ],
  science: [
    r('pde|pdes; partial differential; pinn|pinns; physics informed; neural operator*; operator learning', 2),
    r('molecul*|protein*|chemi*|biolog*|genom*|climate|weather|astronom*|astrophys*|cosmolog*|drug*; single cell', 2),
    r('physics; physical system*; fluid*|turbulen*; materials; crystal*; multigrid', 1.5),
    r('quantum; mri; medical; clinical; dynamical systems', 1),
    r('simulation*; linear operators', 0.5),
  ],
  speech: [r('speech|asr|speaker*|audio|acoustic*|music*; text to speech; tts', 2), r('voice|spoken', 1.5), r('sound|sounds', 1)],
  efficiency: [
    r('latency; throughput; speedup*; speed up; memory efficient|footprint|cost|usage|consumption|saving*; kv cache; caching; compress|compressed|compressing|compression|compressive', 1.5),
    r('efficien*', 1),
    r('inference|training cost|time|speed|budget; flops; shar* attention|weights|parameters; shareable; storage; computational cost*; reduc* memory|cost|costs|computation|compute', 1),
    r('faster; accelerat*; cheaper; low cost', 0.7),
    r('kernel|kernels; freez*', 0.5),
  ],
};
