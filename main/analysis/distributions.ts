// Student's t distribution from first principles: log-gamma (Lanczos), the regularized incomplete beta function
// (Lentz's continued fraction), the t CDF built on it, and its quantile by safeguarded bisection.

// Lanczos approximation, g = 7, n = 9 (relative error about 1e-15 for positive arguments).
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-15;
const TINY = 1e-300;

// Continued fraction of I_x(a, b) (modified Lentz), converging fast for x < (a + 1) / (a + b + 2).
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) return h;
  }
  return h; // not converged in 1000 terms: only for extreme a, b far beyond what t tests use
}

// log Gamma(a + b) - log Gamma(a) - log Gamma(b), remembered for the last (a, b): a quantile's bisection asks the same
// pair about 45 times. Same operations in the same order as written inline, so the same bits.
let lastA = NaN;
let lastB = NaN;
let lastTerm = NaN;
function logBetaTerm(a: number, b: number): number {
  if (a !== lastA || b !== lastB) {
    lastTerm = logGamma(a + b) - logGamma(a) - logGamma(b);
    lastA = a;
    lastB = b;
  }
  return lastTerm;
}

/** Regularized incomplete beta function I_x(a, b), for a, b > 0 and 0 <= x <= 1. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`incompleteBeta needs a, b > 0, got ${a}, ${b}`);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`incompleteBeta needs 0 <= x <= 1, got ${x}`);
  if (x === 0 || x === 1) return x;
  const front = Math.exp(logBetaTerm(a, b) + a * Math.log(x) + b * Math.log1p(-x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T <= t) for Student's t with df degrees of freedom (df > 0, not necessarily an integer). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be > 0, got ${df}`);
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5); // P(T > |t|)
  return t > 0 ? 1 - tail : tail;
}

/** Two-sided p-value P(|T| >= |t|); computed from the tail directly so tiny p-values keep their precision. */
export function studentTTwoSidedP(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be > 0, got ${df}`);
  if (!Number.isFinite(t)) return Number.isNaN(t) ? NaN : 0;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

const quantileCache = new Map<string, number>();

/** The t with P(T <= t) = p, for 0 < p < 1. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`quantile needs 0 < p < 1, got ${p}`);
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be > 0, got ${df}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  const key = `${p}:${df}`;
  const cached = quantileCache.get(key);
  if (cached !== undefined) return cached;
  // Bracket, then bisect on the upper tail (monotone, no derivative needed): about 45 steps, each a CDF evaluation
  // unless the step is already decided by where the root is known to lie (rootZone): the same steps, the same result.
  const tail = 1 - p;
  const upperTail = (t: number) => 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  const zone = rootZone(tail, df, upperTail);
  const above = (t: number) => (zone && t <= zone.below ? true : zone && t >= zone.over ? false : upperTail(t) > tail);
  let lo = 0;
  let hi = 1;
  while (above(hi)) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) break;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (above(mid)) lo = mid;
    else hi = mid;
  }
  const t = (lo + hi) / 2;
  if (quantileCache.size > 10_000) quantileCache.clear();
  quantileCache.set(key, t);
  return t;
}

/**
 * Where the quantile lies, found by Newton's method and then checked: every t <= below has an upper tail above `tail`
 * and every t >= over has not, by a margin far larger than the tail's rounding error, so the bisection can take those
 * steps without evaluating the tail; only the last dozen steps near the root evaluate it. Undefined when Newton does
 * not settle or the check fails (the bisection then evaluates every step, as it always did).
 */
function rootZone(tail: number, df: number, upperTail: (t: number) => number): { below: number; over: number } | undefined {
  const logNorm = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  const density = (t: number) => Math.exp(logNorm - ((df + 1) / 2) * Math.log1p((t * t) / df));
  // The upper tail is convex and decreasing for t > 0: from any start Newton lands left of the root, then climbs to it.
  let t = 0;
  for (let i = 0; i < 12; i++) {
    const step = (upperTail(t) - tail) / density(t);
    if (!Number.isFinite(step)) return undefined;
    t += step;
    if (Math.abs(step) <= 1e-12 * Math.max(1, t)) break;
  }
  const delta = 1e-9 * Math.max(1, t);
  // The tail changes by about density x delta across the margin: it must dwarf the evaluation's error (~1e-15).
  if (!(t > 0) || !(density(t) * delta > 1e-12)) return undefined;
  if (!(upperTail(t - delta) > tail) || upperTail(t + delta) > tail) return undefined;
  return { below: t - 2 * delta, over: t + 2 * delta };
}
