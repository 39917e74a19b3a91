/**
 * Answer-time models on the log scale. A human's log answer time for an item is the item's norm
 * (log median, sd) plus the learner's own speed offset, shared by all their answers (van der
 * Linden's 2006 log-normal response-time model, with the offset as the speed parameter). A script
 * answers at its own pace whatever the item, with little jitter. The shared offset is integrated
 * out in closed form, so each model gives the exact joint density of all the answer times.
 */

/** One observed log time and the mean and sd of its own noise around the shared offset. */
export interface LearningLogTime {
  readonly logTime: number;
  readonly mean: number;
  readonly sd: number;
}

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * ln p(x_1..n) for x_i = mean_i + m + e_i, e_i ~ N(0, sd_i²), m ~ N(offsetMean, offsetSd²):
 * a Gaussian random intercept, integrated out. With y_i = x_i − mean_i − offsetMean,
 * A = Σ 1/sd_i² + 1/offsetSd² and B = Σ y_i/sd_i², the density is
 * Π N(y_i; 0, sd_i²) · exp(B²/2A) / √(offsetSd² A).
 */
export function learningRandomOffsetLogDensity(
  times: readonly LearningLogTime[],
  offsetMean: number,
  offsetSd: number,
): number {
  let precision = 1 / offsetSd ** 2;
  let weighted = 0;
  let sum = 0;
  for (const time of times) {
    const y = time.logTime - time.mean - offsetMean;
    const inverse = 1 / time.sd ** 2;
    precision += inverse;
    weighted += y * inverse;
    sum += -0.5 * (LOG_2PI + 2 * Math.log(time.sd) + y * y * inverse);
  }
  return sum + (0.5 * weighted * weighted) / precision - 0.5 * Math.log(offsetSd ** 2 * precision);
}

export interface LearningTimeSummary {
  readonly medianMs: number;
  /** Mean of log(time / item median): negative is faster than the norm. */
  readonly meanLogRatio: number;
  /** Sd of log time around the item norms: a script's is small and item-blind. */
  readonly sdLogRatio: number;
  /** Answers faster than the 0.1 % quantile of an honest learner's time for the item. */
  readonly belowHumanFloor: number;
}

/** z of the 0.1 % quantile of the standard normal. */
const FLOOR_Z = -3.09;

/**
 * What the check reports about the answer times: `times` are the human model's (log time, item
 * log mean, item log sd); `speedSd` is the sd of a learner's own speed offset.
 */
export function learningTimeSummary(
  durationsMs: readonly number[],
  times: readonly LearningLogTime[],
  speedSd: number,
): LearningTimeSummary {
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const ratios = times.map((time) => time.logTime - time.mean);
  const mean = ratios.reduce((a, b) => a + b, 0) / Math.max(1, ratios.length);
  const variance = ratios.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, ratios.length - 1);
  const belowHumanFloor = times.filter(
    (time) => time.logTime < time.mean + FLOOR_Z * Math.hypot(time.sd, speedSd),
  ).length;
  return {
    medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
    meanLogRatio: mean,
    sdLogRatio: Math.sqrt(variance),
    belowHumanFloor,
  };
}
