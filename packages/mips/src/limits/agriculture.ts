/** Bounds of the agriculture MIPs (agriculture/). */
export {};
