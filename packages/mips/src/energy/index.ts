/** The energy MIPs' public surface, re-exported by the package index. */
export {};
