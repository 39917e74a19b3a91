/** Bounds of the learning MIPs (learning/). */
export {};
