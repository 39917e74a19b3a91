/** The health MIPs' public surface, re-exported by the package index. */
export {};
