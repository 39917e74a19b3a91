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
// --- capability adverts and reputation (issue 8, discovery; docs/spec/registry.md) ---
export type { CapabilityAdvertFields } from './capability/capability-advert.js';
export {
  buildCapabilityAdvert,
  CAPABILITY_KIND,
  checkCapabilityAdvert,
  checkCapabilityCurrent,
  checkCapabilitySigned,
} from './capability/capability-advert.js';
export { CAPABILITY_ERROR_CODES } from './capability/capability-error-codes.js';
export * as capabilityLimits from './capability/capability-limits.js';
export type {
  CapabilityAdvert,
  CapabilityCapacity,
  CapabilityLocality,
  CapabilityPrice,
} from './capability/capability-schema.js';
export {
  CAPABILITY_CURRENCY_PATTERN,
  CAPABILITY_LABEL_PATTERN,
  CAPABILITY_NAME_PATTERN,
  CAPABILITY_PRICE_MINOR_PATTERN,
  CAPABILITY_UNIT_PATTERN,
  CapabilityAdvertSchema,
} from './capability/capability-schema.js';
export type { TrackRecord } from './capability/reputation.js';
export {
  checkTrackRecord,
  EMPTY_TRACK_RECORD,
  reputation,
  reputationPosterior,
} from './capability/reputation.js';
export type { ContractErrorCode } from './contract/contract-error-codes.js';
export { CONTRACT_ERROR_CODES } from './contract/contract-error-codes.js';
// --- coordination contracts (issue 8, coordinate; docs/spec/contracts.md) ---
export type { ContractEventFields } from './contract/contract-event.js';
export {
  buildContractEvent,
  CONTRACT_EVENT_KIND,
  checkContractEvent,
  contractEventSigners,
  contractIdOf,
  signContractEvent,
} from './contract/contract-event.js';
export type {
  AcceptEvent,
  CancelEvent,
  ChainedContractEvent,
  ContractEvent,
  ContractEventType,
  CounterEvent,
  DisputeEvent,
  EvidenceEvent,
  ProposeEvent,
  RejectEvent,
  ResolveEvent,
  SettleEvent,
  StartEvent,
  VerificationEvent,
} from './contract/contract-event-schema.js';
export {
  CONTRACT_EVENT_SCHEMAS,
  CONTRACT_EVENT_TYPES,
  ContractEventSchema,
} from './contract/contract-event-schema.js';
export * as contractLimits from './contract/contract-limits.js';
export { amountFor, formatQuantity, quantityUnits } from './contract/contract-quantity.js';
export type { ReplayOptions } from './contract/contract-replay.js';
export { replayContract } from './contract/contract-replay.js';
export type {
  ContractEffect,
  ContractState,
  ContractStatus,
  EvidenceState,
  EvidenceStatus,
  MilestoneState,
  MilestoneStatus,
  MintVcrEffect,
  ProofState,
  ProofStatus,
  ProofVerdict,
  ReverseVcrEffect,
} from './contract/contract-state.js';
export { CONTRACT_STATUSES } from './contract/contract-state.js';
export {
  buyerOf,
  checkContractTerms,
  contractTermsId,
  milestoneIds,
  partyRole,
} from './contract/contract-terms.js';
export type {
  ContractMilestone,
  ContractParty,
  ContractRole,
  ContractTerms,
} from './contract/contract-terms-schema.js';
export {
  CONTRACT_ROLES,
  ContractTermsSchema,
  QUANTITY_PATTERN,
} from './contract/contract-terms-schema.js';
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
// --- policy pack sections for decisions (issue 8; docs/spec/policy-packs.md) ---
export type {
  PolicyAcceptance,
  PolicyAudit,
  PolicyCoordinator,
  PolicyEvidence,
  PolicyMip,
  PolicyPack,
  PolicyRule,
  TrustAnchorRole,
} from './invariants/k8-policy-pack-schema.js';
export {
  COLONY_ID_PATTERN,
  PolicyPackSchema,
  TRUST_ANCHOR_ROLES,
} from './invariants/k8-policy-pack-schema.js';
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
// --- policy decisions: CEL rules, combination rule, audit sampling (issue 8; docs/spec/policy-packs.md) ---
export type { AuditSubject } from './policy/policy-audit.js';
export { auditDraw, bandAuditRate, shouldAudit } from './policy/policy-audit.js';
export { compilePolicy, PolicyCache } from './policy/policy-cache.js';
export type { CompiledPolicy, CompiledRule } from './policy/policy-compile.js';
export { compilePolicyUncached, compileRule, policyRuleFailures } from './policy/policy-compile.js';
export type { PolicyDecision, PolicyRuleValue } from './policy/policy-decide.js';
export { decidePolicy, POLICY_REASONS } from './policy/policy-decide.js';
export type { RuleResultType } from './policy/policy-environment.js';
export { POLICY_VARIABLES, VALUE_RULES, VERIFICATION_FIELDS } from './policy/policy-environment.js';
export { POLICY_ERROR_CODES } from './policy/policy-error-codes.js';
export {
  EXAMPLE_ENERGY_MIP,
  EXAMPLE_POLICY_RULES,
  examplePolicyInput,
  examplePolicyPackFields,
} from './policy/policy-example.js';
export type { PolicyInput } from './policy/policy-input-schema.js';
export { PolicyInputSchema, VERIFICATION_VERDICTS } from './policy/policy-input-schema.js';
export { checkSignedPolicyPack } from './policy/policy-signed-pack.js';
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
