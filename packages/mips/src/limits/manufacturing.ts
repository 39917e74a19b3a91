/** Bounds of the manufacturing MIPs (manufacturing/). */
export {};
