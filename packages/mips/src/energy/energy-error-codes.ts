/** Error codes of the energy MIPs: snake_case, named after the broken rule, never reused. */
export const ENERGY_ERROR_CODES = {} as const;
