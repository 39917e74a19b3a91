/** The learning MIPs' public surface, re-exported by the package index. */
export {};
