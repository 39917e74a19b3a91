/**
 * The standard normal distribution: log density, CDF and quantile, accurate to about 1e-7
 * relative (enough for probabilities that are reported to 4 decimals). The CDF uses the
 * complementary error function's Chebyshev fit from Numerical Recipes (3rd ed., §6.2.2, fractional
 * error below 1.2e-7); the quantile is Acklam's rational approximation refined by one Halley step.
 */
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** log of the normal density at x. */
export function normalLogPdf(x: number, mean = 0, sd = 1): number {
  const z = (x - mean) / sd;
  return -0.5 * z * z - Math.log(sd) - LOG_SQRT_2PI;
}

/** erfc(x) for any real x. */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t *
                          (-1.13520398 +
                            t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const value = t * Math.exp(poly);
  return x >= 0 ? value : 2 - value;
}

/** P(Z ≤ x) for a normal with the given mean and sd. */
export function normalCdf(x: number, mean = 0, sd = 1): number {
  return 0.5 * erfc(-(x - mean) / (sd * Math.SQRT2));
}

/** log P(Z ≤ z) for the standard normal, finite far into the lower tail. */
export function logNormalCdf(z: number): number {
  if (z > -5) return Math.log(normalCdf(z));
  // Mills-ratio asymptotic series: Φ(z) ≈ φ(z)/|z| · (1 − 1/z² + 3/z⁴).
  const z2 = z * z;
  return normalLogPdf(z) - Math.log(-z) + Math.log(1 - 1 / z2 + 3 / (z2 * z2));
}

const A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
  2.506628277459239,
];
const B = [
  -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

/** The z with P(Z ≤ z) = p, for 0 < p < 1. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`assertion failed: normalQuantile(${p})`);
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) /
      ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) /
      (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) /
      ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  }
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}
