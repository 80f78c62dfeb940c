/**
 * L2-regularised logistic regression, fitted by L-BFGS (deterministic: same data, same weights).
 * Objective (as liblinear / scikit-learn): ½‖w‖² + C Σᵢ cᵢ log(1 + exp(−yᵢ(w·xᵢ + b))), the bias
 * unregularised; cᵢ weighs the classes ("balanced": n / (2 n_class)).
 */

/** Rows of a sparse matrix (CSR). */
export interface Csr {
  rows: number;
  cols: number;
  ptr: Int32Array;
  idx: Int32Array;
  val: Float64Array;
}

export function toCsr(rows: Array<{ idx: number[]; val: number[] }>, cols: number): Csr {
  let nnz = 0;
  for (const r of rows) nnz += r.idx.length;
  const ptr = new Int32Array(rows.length + 1);
  const idx = new Int32Array(nnz);
  const val = new Float64Array(nnz);
  let k = 0;
  rows.forEach((r, i) => {
    for (let j = 0; j < r.idx.length; j++, k++) {
      idx[k] = r.idx[j]!;
      val[k] = r.val[j]!;
    }
    ptr[i + 1] = k;
  });
  return { rows: rows.length, cols, ptr, idx, val };
}

export interface FitOptions {
  C: number;
  balanced?: boolean;
  maxIter?: number;
  /** Stop when ‖grad‖∞ ≤ tol × C (absolute, so a warm start does not tighten it). */
  tol?: number;
  /** Start from these weights (cols + 1 values, the bias last): refits on overlapping data converge faster. */
  init?: Float64Array;
}

/** Weights (X.cols values) followed by the bias. */
export function fitLogistic(X: Csr, y: Uint8Array, opt: FitOptions): Float64Array {
  const n = X.rows;
  const d = X.cols + 1;
  const pos = y.reduce((a, b) => a + b, 0);
  const cPos = opt.balanced && pos > 0 ? n / (2 * pos) : 1;
  const cNeg = opt.balanced && pos < n ? n / (2 * (n - pos)) : 1;
  const ci = new Float64Array(n);
  for (let i = 0; i < n; i++) ci[i] = opt.C * (y[i] ? cPos : cNeg);
  const z = new Float64Array(n);

  const evaluate = (w: Float64Array, g: Float64Array): number => {
    const b = w[d - 1]!;
    let f = 0;
    for (let j = 0; j < d - 1; j++) f += 0.5 * w[j]! * w[j]!;
    g.set(w);
    g[d - 1] = 0;
    for (let i = 0; i < n; i++) {
      let s = b;
      for (let k = X.ptr[i]!; k < X.ptr[i + 1]!; k++) s += w[X.idx[k]!]! * X.val[k]!;
      z[i] = s;
      // log(1 + e^s) − y s, computed stably; derivative σ(s) − y.
      const lse = s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s));
      f += ci[i]! * (lse - (y[i] ? s : 0));
      const sig = s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s));
      const r = ci[i]! * (sig - y[i]!);
      if (r !== 0) {
        for (let k = X.ptr[i]!; k < X.ptr[i + 1]!; k++) g[X.idx[k]!]! += r * X.val[k]!;
        g[d - 1]! += r;
      }
    }
    return f;
  };

  const m = 8;
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  let w = opt.init ? Float64Array.from(opt.init) : new Float64Array(d);
  let g = new Float64Array(d);
  let f = evaluate(w, g);
  const gmax = (v: Float64Array) => v.reduce((a, x) => Math.max(a, Math.abs(x)), 0);
  const stop = (opt.tol ?? 2e-3) * opt.C;
  const dir = new Float64Array(d);
  const alpha = new Float64Array(m);
  const wNew = new Float64Array(d);
  const gNew = new Float64Array(d);
  for (let it = 0; it < (opt.maxIter ?? 300) && gmax(g) > stop; it++) {
    // Two-loop recursion: dir = −H g.
    for (let j = 0; j < d; j++) dir[j] = -g[j]!;
    for (let k = S.length - 1; k >= 0; k--) {
      let a = 0;
      for (let j = 0; j < d; j++) a += S[k]![j]! * dir[j]!;
      a *= rho[k]!;
      alpha[k] = a;
      for (let j = 0; j < d; j++) dir[j]! -= a * Y[k]![j]!;
    }
    if (S.length) {
      const last = S.length - 1;
      let sy = 0, yy = 0;
      for (let j = 0; j < d; j++) {
        sy += S[last]![j]! * Y[last]![j]!;
        yy += Y[last]![j]! * Y[last]![j]!;
      }
      const gamma = sy / yy;
      for (let j = 0; j < d; j++) dir[j]! *= gamma;
    }
    for (let k = 0; k < S.length; k++) {
      let b = 0;
      for (let j = 0; j < d; j++) b += Y[k]![j]! * dir[j]!;
      b *= rho[k]!;
      for (let j = 0; j < d; j++) dir[j]! += S[k]![j]! * (alpha[k]! - b);
    }
    let gd = 0;
    for (let j = 0; j < d; j++) gd += g[j]! * dir[j]!;
    if (gd >= 0) {
      // Not a descent direction: restart from steepest descent.
      S.length = Y.length = rho.length = 0;
      for (let j = 0; j < d; j++) dir[j] = -g[j]!;
      gd = -g.reduce((a, x) => a + x * x, 0);
    }
    // Backtracking line search (Armijo).
    let step = it === 0 && S.length === 0 ? Math.min(1, 1 / Math.sqrt(-gd)) : 1;
    let fNew = 0;
    for (let tries = 0; tries < 30; tries++) {
      for (let j = 0; j < d; j++) wNew[j] = w[j]! + step * dir[j]!;
      fNew = evaluate(wNew, gNew);
      if (fNew <= f + 1e-4 * step * gd) break;
      step *= 0.5;
    }
    if (!(fNew < f)) break;
    const s = new Float64Array(d);
    const yv = new Float64Array(d);
    let sy = 0;
    for (let j = 0; j < d; j++) {
      s[j] = wNew[j]! - w[j]!;
      yv[j] = gNew[j]! - g[j]!;
      sy += s[j]! * yv[j]!;
    }
    if (sy > 1e-12) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(yv);
      rho.push(1 / sy);
    }
    [w, g] = [Float64Array.from(wNew), Float64Array.from(gNew)];
    f = fNew;
  }
  return w;
}
