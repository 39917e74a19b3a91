/** Error codes of the learning MIPs: snake_case, named after the broken rule, never reused. */
export const LEARNING_ERROR_CODES = {} as const;
