/**
 * What a verifier knows about MIPs: for each MIP id it accepts, a check of the claim against the
 * MIP's claim schema. MIP packages supply the checks; the kernel only calls them (K6). A proof
 * whose MIP is not in the catalog passes the integrity plane but is marked not settleable.
 */
/** Returns undefined when the claim matches, or a short reason naming the first mismatch. */
export type MipClaimCheck = (claim: unknown) => string | undefined;

export type MipCatalog = ReadonlyMap<string, MipClaimCheck>;

export const EMPTY_MIP_CATALOG: MipCatalog = new Map();
