import { runMatchBench } from './bench/match';
const t0 = Date.now();
console.log(await runMatchBench([Number(process.argv[2])]));
console.log('took', Date.now() - t0, 'ms');
