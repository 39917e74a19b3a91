/**
 * How the generator's cheating models look to each soft check: the share of cheats a check
 * targets and the share it cannot tell from honest producers. A check's cheating density is the
 * mixture of these, so a check that sees nothing unusual raises the odds only by what it can
 * rule out. Shares follow the generator's equal split over the five models (energy-cheats.ts).
 */
export const ENERGY_CHEAT_MODELS = [
  'inflated',
  'replayed',
  'unit-error',
  'rollback',
  'fabricated',
] as const;
export type EnergyCheatModel = (typeof ENERGY_CHEAT_MODELS)[number];

export const ENERGY_CHEAT_SHARES = {
  /** Inflated and fabricated move the ratio; rollback and most replays do not. */
  irradianceRatio: { inflated: 0.4, fabricated: 0.4, unseen: 0.2 },
  /** Only inflation moves the inverter/meter ratio (fabricators fabricate both). */
  meterAgreement: { inflated: 0.5, unseen: 0.5 },
  /** Unit errors move the power integral; everyone else keeps it consistent. */
  powerIntegral: { scaled: 0.2, unseen: 0.8 },
  /** Only fabricated readings scatter the per-step ratio to irradiance. */
  stepShape: { fabricated: 0.4, unseen: 0.6 },
  /** Share of fabricated evidence with a frozen accumulator, and honest loggers' stall rate. */
  frozenCheat: 0.1,
  frozenHonest: 0.005,
} as const;
