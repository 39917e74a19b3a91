/**
 * The labels of a calibration set: round(count × honestShare) honest cases first, then the
 * cheating models in turn, so every model gets an equal share of the rest. Every MIP's generator
 * mixes its cases this way, at its prior, so the mix the benchmark scores is the mix the prior
 * describes.
 */
export function caseLabels(
  count: number,
  honestShare: number,
  models: readonly string[],
): string[] {
  if (models.length === 0) throw new Error('assertion failed: no cheating models to mix');
  const honest = Math.round(count * honestShare);
  return Array.from({ length: count }, (_, index) =>
    index < honest ? 'honest' : models[(index - honest) % models.length]!,
  );
}
