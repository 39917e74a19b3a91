/**
 * Every bound the kernel enforces, in one place. Units are the last word of each name.
 * Changing a value here changes the protocol: update docs/spec and the vectors with it.
 */

// Parsing (attacker-controlled input).
/** Largest proof envelope accepted, in bytes of its JSON text. Over HTTP this is a 413. */
export const PROOF_BYTES_MAX = 64 * 1024;
/** Largest identity document, rotation statement or revocation list, in bytes. */
export const DOCUMENT_BYTES_MAX = 256 * 1024;
/** Deepest nesting of JSON arrays and objects. */
export const JSON_DEPTH_MAX = 32;
/** Longest JSON string, in UTF-16 code units. */
export const JSON_STRING_CHARS_MAX = 16 * 1024;

// Proof envelope.
export const SIGNATURES_PER_PROOF_MAX = 16;
export const EVIDENCE_PER_PROOF_MAX = 64;
export const VERIFICATIONS_PER_PROOF_MAX = 64;
export const PARENTS_PER_PROOF_MAX = 64;
export const CHECKS_PER_VERIFICATION_MAX = 64;
/** Longest identifier-like string field (subject, predicate, unit, vault, session, ...). */
export const FIELD_CHARS_MAX = 512;
export const MIP_ID_CHARS_MAX = 128;
export const DID_CHARS_MAX = 256;
/** How far in the future `issuedAt` may be relative to the verifier's `now`. */
export const CLOCK_SKEW_MS_MAX = 5 * 60 * 1000;

// Identity.
export const ROTATIONS_PER_IDENTITY_MAX = 1024;
export const REVOCATION_ENTRIES_MAX = 10_000;
/** Verifier-side cache of imported public keys (imports cost far more than a lookup). */
export const KEY_CACHE_ENTRIES_MAX = 10_000;

// Transparency log.
/** Largest tree size (and so largest leaf index + 1): sizes and indices stay exact JS integers. */
export const LOG_SIZE_MAX = Number.MAX_SAFE_INTEGER;
/**
 * Longest inclusion or consistency proof accepted, in hashes. A tree of LOG_SIZE_MAX leaves is
 * 53 levels high, so no honest proof is longer than 54 (RFC 9162 §2.1.4: one extra hash when the
 * old root is not itself a subtree); anything longer is rejected before hashing.
 */
export const MERKLE_PROOF_HASHES_MAX = 64;
/**
 * Largest signed note (checkpoint text plus signature lines), in bytes of UTF-8. Leaves room for
 * the 16 signatures c2sp.org/signed-note requires verifiers to accept even when they are
 * ML-DSA-44 cosignatures (about 3.3 kB each in base64).
 */
export const CHECKPOINT_NOTE_BYTES_MAX = 64 * 1024;
/** Most signature lines on one note (c2sp.org/signed-note: 16 at least; Go's note package: 100). */
export const CHECKPOINT_SIGNATURES_MAX = 100;
/** Longest verifier key text "<name>+<key id>+<key>" parseVerifierKey accepts, in UTF-16 units. */
export const NOTE_VERIFIER_KEY_CHARS_MAX = 1024;

// Value (K7) and federations (K8).
/** Basis points in a whole: split shares are whole basis points and sum to exactly this. */
export const BPS_TOTAL = 10_000;
/** Most parties one split (a receipt's, a policy pack's defaults, a pro-rata payout) divides among. */
export const SPLIT_PARTIES_MAX = 64;
/** Most proofs one receipt mints against. */
export const PROOFS_PER_RECEIPT_MAX = 256;
/** Longest amount in minor units, in decimal digits: 38 digits stay below 2^128 (a u128 ledger). */
export const AMOUNT_MINOR_DIGITS_MAX = 38;
export const MIPS_PER_POLICY_PACK_MAX = 1024;
export const TRUST_ANCHORS_PER_POLICY_PACK_MAX = 256;
export const RULES_PER_POLICY_PACK_MAX = 256;
// --- canopy coordinators in the policy pack (issue 6, H3) ---
/**
 * Most coordinators one policy pack names: a federation's canopy is a few coordinators per
 * region, and every receiver of a canopy summary scans this list, so it stays small.
 */
export const COORDINATORS_PER_POLICY_PACK_MAX = 256;
/** Longest coordinator URL a pack names (a URL, not a document). */
export const COORDINATOR_URL_CHARS_MAX = 2048;
/** Longest CEL rule expression or treaty data rule, in UTF-16 code units. */
export const RULE_EXPRESSION_CHARS_MAX = 4096;
export const MIPS_PER_TREATY_MAX = 1024;
export const DATA_RULES_PER_TREATY_MAX = 64;
export const JURISDICTIONS_PER_TREATY_MAX = 256;

// Settlement (NodeCo ownership, share transfers, settlement transfers).
/**
 * Longest share count, in decimal digits: a NodeCo's shares in all stay below 10^18, so every
 * holding, however transfers gather it, fits in one share transfer.
 */
export const NODECO_SHARES_DIGITS_MAX = 18;
/** Longest payout address (UPI id, IBAN, bank account reference), in UTF-16 code units. */
export const PAYOUT_ADDRESS_CHARS_MAX = 256;
/** Most share transfers one chain (the life of one NodeCo record) may hold. */
export const SHARE_TRANSFERS_PER_NODECO_MAX = 10_000;

// Evidence vaults (K3; docs/spec/evidence-vault.md).
/** Shortest retention a policy pack may set for raw evidence: one day. */
export const EVIDENCE_RETENTION_DAYS_MIN = 1;
/**
 * Longest retention a policy pack may set: ten years, the longest record-keeping period common
 * in metering and medical-device rules; anything longer is an archive, not a vault.
 */
export const EVIDENCE_RETENTION_DAYS_MAX = 3650;
/** Longest time one evidence challenge may stay open (and so keep its disclosures allowed). */
export const EVIDENCE_CHALLENGE_TTL_MS_MAX = 30 * 24 * 60 * 60 * 1000;
/** Most evidence digests one challenge names. */
export const EVIDENCE_CHALLENGE_DIGESTS_MAX = 64;
/** Most verifiers one challenge assigns. */
export const EVIDENCE_CHALLENGE_VERIFIERS_MAX = 16;
/** Longest free-text reason a challenge carries. */
export const EVIDENCE_CHALLENGE_REASON_CHARS_MAX = 1024;
// --- hardware-rooted device identity (issue 7) ---
/**
 * Most certificates in a device chain: leaf, up to two manufacturer intermediates and the root.
 * TPM endorsement and secure-element chains are two to four certificates deep.
 */
export const DEVICE_CHAIN_CERTIFICATES_MAX = 5;
/** Largest device chain in PEM bytes: five P-256 certificates of ~1 KB with headroom for extensions. */
export const DEVICE_CHAIN_PEM_BYTES_MAX = 32_768;
// --- policy decisions: CEL rules, combination rule, audit bands (issue 8; docs/spec/policy-packs.md) ---
/** Most compiled policy packs one PolicyCache holds; a verifier serves a few federations' versions. */
export const POLICY_CACHE_ENTRIES_MAX = 64;
/**
 * Most CEL syntax-tree nodes one rule may parse into. A k-of-n rule with a filter is ~20 nodes;
 * 512 leaves room for real policy while keeping one evaluation in microseconds.
 */
export const POLICY_RULE_AST_NODES_MAX = 512;
/** Deepest nesting of calls, selections and brackets in one rule. */
export const POLICY_RULE_DEPTH_MAX = 32;
/** Most verifiers a combination rule may ask for (k of k-of-n). */
export const POLICY_VERIFIERS_K_MAX = 16;
/** Most verification results one decision input carries (n of k-of-n). */
export const POLICY_VERIFICATIONS_MAX = 64;
/** Most reputation bands, and most stake bands, in a pack's audit section. */
export const POLICY_AUDIT_BANDS_MAX = 16;
/**
 * Longest stake in minor units a decision or an audit band names, in decimal digits: 18 digits
 * stay below 2^63, so a stake is one CEL int.
 */
export const POLICY_STAKE_MINOR_DIGITS_MAX = 18;
/** Longest unit string in a decision input (e.g. `kWh`). */
export const POLICY_UNIT_CHARS_MAX = 32;

// Capability adverts and reputation (capability/), coordination contracts (contract/): each
// folder keeps its bounds next to its code; they are re-exported here so every kernel bound can
// be found in one place.
export * from './capability/capability-limits.js';
export * from './contract/contract-limits.js';
