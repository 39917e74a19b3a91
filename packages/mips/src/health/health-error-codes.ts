/** Error codes of the health MIPs: snake_case, named after the broken rule, never reused. */
export const HEALTH_ERROR_CODES = {} as const;
