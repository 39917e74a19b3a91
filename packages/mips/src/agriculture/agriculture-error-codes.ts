/** Error codes of the agriculture MIPs: snake_case, named after the broken rule, never reused. */
export const AGRICULTURE_ERROR_CODES = {} as const;
