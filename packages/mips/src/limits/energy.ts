/** Bounds of the energy MIPs (energy/). */
export {};
