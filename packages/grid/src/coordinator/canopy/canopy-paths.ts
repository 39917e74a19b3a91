/** HTTP paths and headers of the canopy between coordinators (docs/spec/mmp-canopy.md). */
export const CANOPY_PATHS = {
  /** GET: what this coordinator knows of its canopy. */
  canopy: '/v1/canopy',
  /** POST: a peer's signed summary (202 when taken). */
  summaries: '/v1/canopy/summaries',
  /** POST: a neighbour's signed forward of a session it could not place (201 when placed). */
  place: '/v1/canopy/place',
} as const;

/**
 * On an open-session answer that a canopy neighbour placed: `<coordinator did> <url>` of the
 * coordinator that issued the ticket (resume the session there).
 */
export const PLACED_BY_HEADER = 'x-opengrid-placed-by';
