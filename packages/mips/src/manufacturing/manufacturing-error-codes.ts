/** Error codes of the manufacturing MIPs: snake_case, named after the broken rule, never reused. */
export const MANUFACTURING_ERROR_CODES = {} as const;
