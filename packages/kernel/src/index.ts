/**
 * @mycel/kernel public surface. Everything a caller may use is named here; package.json
 * `exports` blocks deep imports, so files inside src/ can move without breaking anyone.
 */

// Bytes, time, JSON.
export {
  bytesEqual,
  concatBytes,
  decodeUtf8,
  fromBase64,
  fromBase64Url,
  fromHex,
  toBase64,
  toBase64Url,
  toHex,
  utf8,
} from './bytes.js';
// Keys, identifiers, signatures.
export {
  CONTENT_ID_PATTERN,
  CONTENT_ID_PREFIX,
  contentId,
  digestOf,
  digestOfText,
  sha256,
} from './crypto/content-id.js';
export type { DidKey, KeyReference, KeyType } from './crypto/did-key.js';
export {
  didKeyFromPublicKey,
  formatKid,
  parseDidKey,
  parseKeyFingerprint,
  parseKid,
} from './crypto/did-key.js';
export { importPublicKey } from './crypto/public-key.js';
export type { SignatureAlg, SignatureEntry, SignedKind } from './crypto/signature.js';
export {
  SIGNATURE_ALGS,
  signingInput,
  verifyEd25519,
  verifyWithKeyObject,
} from './crypto/signature.js';
export type { JsonObject } from './crypto/signed-object.js';
export { bodyOf, idOf, sealObject, withSignature } from './crypto/signed-object.js';
export type { Signer } from './crypto/signer.js';
export {
  ed25519Pkcs8FromSeed,
  ed25519SignerFromSeed,
  signatureEntry,
  signerFromPkcs8,
} from './crypto/signer.js';
export type { ErrorCode } from './error-codes.js';
export { ERROR_CODES, isErrorCode } from './error-codes.js';
// Hardware-rooted device identity: manufacturer certificate chains (issue 7).
export {
  checkChainRoot,
  checkDeviceAt,
  documentChain,
  namesCertificateChain,
} from './identity/device-attestation.js';
export type {
  DeviceCertificate,
  DeviceCertificateChain,
} from './identity/device-certificate-chain.js';
export { checkDeviceCertificateChain } from './identity/device-certificate-chain.js';
export type { ParsedChain } from './identity/device-certificate-parse.js';
export {
  certificateTimeMs,
  p256DidKey,
  parseCertificateChain,
} from './identity/device-certificate-parse.js';
export type { IdentityDocumentFields } from './identity/identity-document.js';
export { buildIdentityDocument, checkAttestationRoot } from './identity/identity-document.js';
export type {
  AttestationLevel,
  IdentityDocument,
  KeyRotation,
  RevocationList,
} from './identity/identity-schemas.js';
// Identities.
export { ATTESTATION_LEVELS, REVOCATION_REASONS } from './identity/identity-schemas.js';
export type { KeyRotationFields } from './identity/key-rotation.js';
export { buildKeyRotation } from './identity/key-rotation.js';
export type { RevocationListFields } from './identity/revocation-list.js';
export { buildRevocationList } from './identity/revocation-list.js';
export type { AnchorRole, KeySpan, TrustAnchor } from './identity/trust-store.js';
export { TrustStore } from './identity/trust-store.js';
// Invariants (docs/spec/invariants.md).
export { checkAttributableIdentity } from './invariants/k1-attributable-identity.js';
export type { CanonicalForm } from './invariants/k2-deterministic-integrity.js';
export { canonicalForm, checkContentId } from './invariants/k2-deterministic-integrity.js';
// --- evidence vaults (issue 7, item 5; docs/spec/evidence-vault.md) ---
export type {
  DisclosureRequestFields,
  EvidenceChallengeFields,
} from './invariants/k3-evidence-challenge.js';
export {
  buildDisclosureRequest,
  buildEvidenceChallenge,
  checkDisclosureRequest,
  checkEvidenceChallenge,
} from './invariants/k3-evidence-challenge.js';
export type {
  DisclosureRequest,
  EvidenceChallenge,
} from './invariants/k3-evidence-challenge-schema.js';
export { checkEvidenceLocality } from './invariants/k3-evidence-locality.js';
export { checkExplicitUncertainty } from './invariants/k4-explicit-uncertainty.js';
export { checkAppendOnly, checkLogged } from './invariants/k5-append-only.js';
export type { MipStanding } from './invariants/k6-typed-neutrality.js';
export { checkTypedNeutrality } from './invariants/k6-typed-neutrality.js';
export type { NetBalances, Transfer } from './invariants/k7-conservation.js';
export {
  checkBalanced,
  checkMintedAgainstProofs,
  checkMintedOnce,
  checkSplitsExact,
} from './invariants/k7-conservation.js';
export type { ReceiptFields } from './invariants/k7-receipt.js';
export { buildReceipt, checkReceipt, receiptId } from './invariants/k7-receipt.js';
export type {
  Amount,
  Receipt,
  ReceiptSplit,
  ReceiptStatus,
  SplitRole,
} from './invariants/k7-receipt-schema.js';
export {
  AMOUNT_MINOR_PATTERN,
  CURRENCY_PATTERN,
  RECEIPT_STATUSES,
  SPLIT_ROLES,
} from './invariants/k7-receipt-schema.js';
export type { Holding, SplitPart } from './invariants/k7-split-amount.js';
export { splitAmount, splitProRata } from './invariants/k7-split-amount.js';
export type { SplitShare } from './invariants/k7-split-shares.js';
export type {
  AcceptanceQuery,
  Crossing,
  FederationIdentities,
} from './invariants/k8-federation-sovereignty.js';
export {
  checkPolicyAccepts,
  checkPolicyPackSigned,
  checkPolicySettles,
  checkTreatyAllows,
  checkTreatySigned,
} from './invariants/k8-federation-sovereignty.js';
export type { PolicyPackFields } from './invariants/k8-policy-pack.js';
export { buildPolicyPack, checkPolicyPack } from './invariants/k8-policy-pack.js';
// --- canopy coordinators in the policy pack (issue 6, H3) ---
export type {
  PolicyCoordinator,
  PolicyEvidence,
  PolicyMip,
  PolicyPack,
  TrustAnchorRole,
} from './invariants/k8-policy-pack-schema.js';
export { COLONY_ID_PATTERN, TRUST_ANCHOR_ROLES } from './invariants/k8-policy-pack-schema.js';
export type { TreatyFields } from './invariants/k8-treaty.js';
export { buildTreaty, checkTreaty } from './invariants/k8-treaty.js';
export type { Treaty, TreatyKind } from './invariants/k8-treaty-schema.js';
export { TREATY_KINDS } from './invariants/k8-treaty-schema.js';
export { canonicalBytes, canonicalJson } from './json/canonical-json.js';
export { parseJsonBytes } from './json/parse-json-bytes.js';
export type { JsonValue } from './json/strict-json.js';
export { parseStrictJson } from './json/strict-json.js';
export * as limits from './limits.js';
export type { Checkpoint, OpenedCheckpoint } from './log/checkpoint.js';
export { formatCheckpointText, openCheckpoint, parseCheckpointText } from './log/checkpoint.js';
export type { AppendResult } from './log/compact-range.js';
export { appendLeaves, frontierIds, rootFromFrontier } from './log/compact-range.js';
export type { Hash, NodeId } from './log/merkle-hash.js';
// Transparency log.
export { EMPTY_ROOT, hashChildren, hashLeaf, nodeKey } from './log/merkle-hash.js';
export { verifyConsistency, verifyInclusion } from './log/merkle-verify.js';
export { naiveConsistencyProof, naiveInclusionProof, naiveRoot } from './log/naive-merkle.js';
export type { LeafRange } from './log/proof-plan.js';
export {
  consistencyProofRanges,
  hashRange,
  inclusionProofRanges,
  planConsistencyProof,
  planInclusionProof,
  proofNodeIds,
  rangeNodeIds,
} from './log/proof-plan.js';
export type { NoteVerifierKey } from './log/signed-note.js';
export {
  formatVerifierKey,
  noteKeyId,
  openNote,
  parseVerifierKey,
  signNote,
} from './log/signed-note.js';
export type { MipCatalog, MipClaimCheck } from './mip/mip-catalog.js';
export { EMPTY_MIP_CATALOG } from './mip/mip-catalog.js';
export type { MipId } from './mip/mip-id.js';
export { parseMipId } from './mip/mip-id.js';
export type { ProofFields } from './proof/build-proof.js';
export { buildProof, PROOF_UNSIGNED_FIELDS, proofId, signProof } from './proof/build-proof.js';
export type { Claim, Evidence, Proof, ProofBody } from './proof/proof-schema.js';
// Proofs.
export { PROOF_VERSION } from './proof/proof-schema.js';
export type { ProofVerifierOptions, VerifiedProof } from './proof/proof-verifier.js';
export { ProofVerifier } from './proof/proof-verifier.js';
export type { VerificationFields } from './proof/verification-check.js';
export { attachVerification, buildVerification } from './proof/verification-check.js';
export type { Verification } from './proof/verification-schema.js';
export type { CodedError, KernelError, Outcome, Result, Success } from './result.js';
// Results and codes.
export { assert, fail, failWith, ok } from './result.js';
export { SCHEMA_BASE_URI } from './schema/common-schemas.js';
export { PROTOCOL_SCHEMAS } from './schema/protocol-schemas.js';
// Settlement: accounts, NodeCo ownership, share transfers, settlement transfers.
export type { AccountName } from './settlement/accounts.js';
export {
  accountOf,
  currencyOfAccount,
  parseAccount,
  partyOfAccount,
  RAIL_PARTY,
} from './settlement/accounts.js';
export type { NodeFeeSplits } from './settlement/node-fee-splits.js';
export { nodeFeeSplits, SOLE_OWNER_POLICY } from './settlement/node-fee-splits.js';
export type { NodeCoFields } from './settlement/nodeco.js';
export { buildNodeCo, checkNodeCo } from './settlement/nodeco.js';
export type {
  NodeCo,
  NodeCoOwner,
  NodeCoPolicy,
  PayoutRail,
  PayTo,
} from './settlement/nodeco-schema.js';
export {
  DEFAULT_NODECO_POLICY,
  NodeCoSchema,
  PAYOUT_RAILS,
} from './settlement/nodeco-schema.js';
export { checkShareTransfers, nodeCoHoldings, ownershipAt } from './settlement/ownership.js';
export { settlementTransfers } from './settlement/settlement-transfers.js';
export type { ShareTransferFields } from './settlement/share-transfer.js';
export {
  applyShareTransfer,
  buildShareTransfer,
  checkShareTransfer,
} from './settlement/share-transfer.js';
export type { ShareTransfer } from './settlement/share-transfer-schema.js';
export { ShareTransferSchema } from './settlement/share-transfer-schema.js';
export { formatTimestamp, parseTimestamp } from './time.js';
