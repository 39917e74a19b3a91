/**
 * Latency classes and their round-trip budgets (ARCHITECTURE §5.2). Placement refuses a node whose
 * predicted RTT to the client is over the class budget; `batch` has none.
 */
export const LATENCY_CLASSES = ['robot', 'voice', 'interactive', 'batch'] as const;
export type LatencyClass = (typeof LATENCY_CLASSES)[number];

export const LATENCY_BUDGET_MS: Readonly<Record<LatencyClass, number>> = {
  robot: 50,
  voice: 200,
  interactive: 1000,
  batch: Number.POSITIVE_INFINITY,
};

export function isLatencyClass(value: unknown): value is LatencyClass {
  return typeof value === 'string' && (LATENCY_CLASSES as readonly string[]).includes(value);
}

/** Free session slots per class, as a node reports them in heartbeats. */
export type ClassCapacity = Readonly<Record<LatencyClass, number>>;
