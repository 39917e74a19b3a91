/**
 * The q-quantile of a Beta(a, b) distribution, for reputation.ts: pure and deterministic (a
 * fixed number of bisection steps over the regularised incomplete beta function), so every
 * registry ranks the same history the same way. Log-gamma by Stirling's series after shifting
 * the argument above 8; the incomplete beta by its continued fraction (modified Lentz).
 */

const LENTZ_FLOOR = 1e-300;
const FRACTION_TERMS_MAX = 400;
const FRACTION_EPSILON = 1e-14;
const BISECTION_STEPS = 64;

/** ln Γ(x) for x > 0. */
export function lnGamma(x: number): number {
  let shift = 0;
  let z = x;
  while (z < 8) {
    shift += Math.log(z);
    z += 1;
  }
  const inv = 1 / z;
  const inv2 = inv * inv;
  // Stirling: (z - 1/2) ln z - z + ln(2π)/2 + 1/(12z) - 1/(360z³) + 1/(1260z⁵) - 1/(1680z⁷)
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)));
  return (z - 0.5) * Math.log(z) - z + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

/** The continued fraction of I_x(a, b), converging fast for x < (a + 1) / (a + b + 2). */
function incompleteBetaFraction(x: number, a: number, b: number): number {
  const floor = (value: number) => (Math.abs(value) < LENTZ_FLOOR ? LENTZ_FLOOR : value);
  let c = 1;
  let d = 1 / floor(1 - ((a + b) * x) / (a + 1));
  let result = d;
  for (let m = 1; m <= FRACTION_TERMS_MAX; m++) {
    const even = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 / floor(1 + even * d);
    c = floor(1 + even / c);
    result *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 / floor(1 + odd * d);
    c = floor(1 + odd / c);
    const factor = d * c;
    result *= factor;
    if (Math.abs(factor - 1) < FRACTION_EPSILON) break;
  }
  return result;
}

/** I_x(a, b) = P(X ≤ x) for X ~ Beta(a, b), a, b > 0. */
export function betaCdf(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(lnFront);
  if (x < (a + 1) / (a + b + 2)) return (front * incompleteBetaFraction(x, a, b)) / a;
  return 1 - (front * incompleteBetaFraction(1 - x, b, a)) / b;
}

/** The x in [0, 1] with I_x(a, b) = q, by bisection. */
export function betaQuantile(q: number, a: number, b: number): number {
  let low = 0;
  let high = 1;
  for (let step = 0; step < BISECTION_STEPS; step++) {
    const middle = (low + high) / 2;
    if (betaCdf(middle, a, b) < q) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}
