/** Bounds of the health MIPs (health/). */
export {};
