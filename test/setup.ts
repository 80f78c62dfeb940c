import 'fake-indexeddb/auto';
import fc from 'fast-check';

// Property tests run from a fixed seed, so a test run (and CI) is repeatable: a failure seen once is
// seen again. FC_SEED=<number> replays another seed; FC_SEED=random explores new inputs (a failure
// prints its seed and counterexample: add the counterexample as a plain case beside the property).
const seed = process.env.FC_SEED ?? '20261122';
if (seed !== 'random') {
  if (!/^-?\d+$/.test(seed)) throw new Error(`FC_SEED must be a whole number or "random", not ${JSON.stringify(seed)}`);
  fc.configureGlobal({ seed: Number(seed) });
}
