// Group-sequential boundaries: a test repeated as data accumulate (looks at information fractions t_1 < ... < t_K)
// keeps its overall two-sided type I error at alpha when look k calls a difference only for |Z_k| >= c_k, the c_k
// chosen so that under H0 the probability of first crossing at look k is alpha(t_k) - alpha(t_{k-1}) for a spending
// function alpha(t) (Lan & DeMets 1983). Z_k = S_k / sqrt(I_k) with independent increments of S, so the exit
// probabilities come from the recursive numerical integration of Armitage, McPherson & Rowe (1969), as in Jennison &
// Turnbull, Group Sequential Methods (2000), ch. 19: the density of Z_k on the continuation region, on a grid,
// integrated by Simpson's rule.

/** Standard normal density. */
const phi = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

/** Complementary error function (Numerical Recipes' erfcc, Chebyshev fit; relative error below 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal distribution function. */
export const normalCdf = (z: number): number => 0.5 * erfc(-z / Math.SQRT2);

/** Upper tail 1 - Phi(z), without the cancellation of 1 - normalCdf(z) for large z. */
const upper = (z: number): number => 0.5 * erfc(z / Math.SQRT2);

/** Standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9), p in (0, 1). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** Lan & DeMets' spending function that approximates Pocock's boundary: alpha * ln(1 + (e - 1) t). */
export const pocockSpending = (alpha: number, t: number): number => alpha * Math.log(1 + (Math.E - 1) * Math.min(1, Math.max(0, t)));

/** Grid points per continuation region (odd, for Simpson's rule). */
const GRID = 201;

/** The density of Z_k on the continuation region (-c, c), on GRID points, with Simpson's weights folded in. */
interface Stage {
  t: number;
  z: Float64Array;
  /** density x Simpson weight at each point: a sum over it integrates. */
  w: Float64Array;
}

function gridOn(c: number): Float64Array {
  const z = new Float64Array(GRID);
  for (let i = 0; i < GRID; i++) z[i] = -c + (2 * c * i) / (GRID - 1);
  return z;
}

function simpsonWeight(i: number, h: number): number {
  if (i === 0 || i === GRID - 1) return h / 3;
  return ((i % 2 === 1 ? 4 : 2) * h) / 3;
}

/** Probability of leaving (-c, c) at look t, never having left before (the stage before; none at the first look). */
function exitAt(prev: Stage | undefined, t: number, c: number): number {
  if (!Number.isFinite(c)) return 0;
  if (!prev) return 2 * upper(c);
  const sd = Math.sqrt(t - prev.t);
  const st = Math.sqrt(t);
  const sp = Math.sqrt(prev.t);
  let p = 0;
  for (let i = 0; i < GRID; i++) {
    const m = prev.z[i]! * sp;
    p += prev.w[i]! * (upper((c * st - m) / sd) + normalCdf((-c * st - m) / sd));
  }
  return p;
}

/** The next stage's density on (-c, c), from the stage before (the standard normal at the first look). */
function stageAt(prev: Stage | undefined, t: number, c: number): Stage {
  const z = gridOn(Math.min(c, 12));
  const h = z[1]! - z[0]!;
  const w = new Float64Array(GRID);
  for (let j = 0; j < GRID; j++) {
    let f: number;
    if (!prev) f = phi(z[j]!);
    else {
      const sd = Math.sqrt(t - prev.t);
      const st = Math.sqrt(t);
      const sp = Math.sqrt(prev.t);
      f = 0;
      for (let i = 0; i < GRID; i++) f += prev.w[i]! * phi((z[j]! * st - prev.z[i]! * sp) / sd);
      f *= st / sd;
    }
    w[j] = f * simpsonWeight(j, h);
  }
  return { t, z, w };
}

function checkLooks(t: readonly number[]): void {
  if (t.length === 0) throw new RangeError('a group-sequential test needs at least one look');
  t.forEach((x, i) => {
    if (!(x > 0 && x <= 1) || (i > 0 && !(x > t[i - 1]!))) throw new RangeError(`information fractions must increase within (0, 1]: ${t.join(', ')}`);
  });
}

/** Under H0, the probability of first crossing (-c_k, c_k) at each look k (two-sided boundaries c, looks at t). */
export function exitProbabilities(t: readonly number[], c: readonly number[]): number[] {
  checkLooks(t);
  const out: number[] = [];
  let prev: Stage | undefined;
  t.forEach((tk, k) => {
    out.push(exitAt(prev, tk, c[k]!));
    prev = stageAt(prev, tk, c[k]!);
  });
  return out;
}

/** Boundaries computed look by look, on demand: c_k depends on the looks up to k only. */
export interface LazyBoundaries {
  /** c_k of look k (0-based). */
  at(k: number): number;
}

/**
 * Two-sided boundaries c_1..c_K for looks at information fractions `t` whose cumulative two-sided type I error spent
 * by look k is `spent(t_k)` (e.g. t => pocockSpending(0.05, t)), computed as far as asked. A look that may spend
 * nothing gets Infinity.
 */
export function lazySpendingBoundaries(t: readonly number[], spent: (t: number) => number): LazyBoundaries {
  checkLooks(t);
  const out: number[] = [];
  let prev: Stage | undefined;
  let before = 0;
  const next = () => {
    const tk = t[out.length]!;
    const target = spent(tk) - before;
    let c: number;
    if (target <= 1e-15) c = Infinity;
    else if (!prev) c = -normalQuantile(target / 2);
    else {
      // exitAt falls as c grows: bisection on [0, 12].
      let lo = 0;
      let hi = 12;
      for (let i = 0; i < 50; i++) {
        const mid = (lo + hi) / 2;
        if (exitAt(prev, tk, mid) > target) lo = mid;
        else hi = mid;
      }
      c = (lo + hi) / 2;
    }
    out.push(c);
    before += exitAt(prev, tk, c);
    prev = stageAt(prev, tk, c);
  };
  return {
    at(k) {
      if (!(Number.isInteger(k) && k >= 0 && k < t.length)) throw new RangeError(`look ${k} is not one of the ${t.length} looks`);
      while (out.length <= k) next();
      return out[k]!;
    },
  };
}

/** Every look's boundary (lazySpendingBoundaries, all of them). */
export function spendingBoundaries(t: readonly number[], spent: (t: number) => number): number[] {
  const b = lazySpendingBoundaries(t, spent);
  return t.map((_, k) => b.at(k));
}

/** The two-sided nominal level of a boundary: the confidence of the interval that excludes H0 exactly when |Z| >= c. */
export const nominalConfidence = (c: number): number => (Number.isFinite(c) ? 1 - 2 * upper(c) : 1);
