/** @mycel/store public surface. */

// --- coordination contracts (issue 8, coordinate; docs/spec/contracts.md) ---
export type {
  AppendedContractEvent,
  ContractStore,
  ContractStoreErrorCode,
  ContractStoreResult,
  ContractSummary,
  StoredContractEvent,
} from './contracts/contract-store.js';
export type { ContractStoreOwnCode } from './contracts/contract-store-error-codes.js';
export { CONTRACT_STORE_ERROR_CODES } from './contracts/contract-store-error-codes.js';
export * as contractStoreLimits from './contracts/contract-store-limits.js';
export type { ContractStoreOptions } from './contracts/open-contract-store.js';
export { CONTRACT_SQLITE_FILE, openContractStore } from './contracts/open-contract-store.js';
export type { PostgresContractStoreOptions } from './contracts/postgres-contract-store.js';
export {
  openPostgresContractStore,
  PostgresContractStore,
} from './contracts/postgres-contract-store.js';
export type { SqliteContractStoreOptions } from './contracts/sqlite-contract-store.js';
export {
  openSqliteContractStore,
  SqliteContractStore,
} from './contracts/sqlite-contract-store.js';
export type {
  LedgerAccount,
  LedgerBatchKind,
  LedgerStore,
  MintItem,
  MintOutcome,
  PayoutInstruction,
  PayoutPlan,
  PayoutWindow,
  PostedTransfer,
  ReadPage,
  ReceiptFilter,
  StoredReceipt,
  StoredReceiptStatus,
} from './ledger/ledger-store.js';
export type { LedgerStoreOptions } from './ledger/open-ledger-store.js';
export { LEDGER_SQLITE_FILE, openLedgerStore } from './ledger/open-ledger-store.js';
export * as storeLimits from './limits.js';
export type {
  AppendOutcome,
  AppendRequest,
  LogHead,
  LogStore,
  NewEntry,
  StoredEntry,
} from './log-store.js';
export { NODECO_ERROR_CODES } from './nodeco/nodeco-error-codes.js';
export * as nodecoLimits from './nodeco/nodeco-limits.js';
export type {
  AppendShareTransfer,
  AppendShareTransferOutcome,
  NodeCoDocuments,
  NodeCoStore,
  NodeCoTransferDocument,
  SaveNodeCoRecord,
  SaveNodeCoRecordOutcome,
} from './nodeco/nodeco-store.js';
export type { NodeCoStoreOptions } from './nodeco/open-nodeco-store.js';
export { openNodeCoStore } from './nodeco/open-nodeco-store.js';
export { openLogStore } from './open-log-store.js';
export type { SessionStoreOptions } from './open-session-store.js';
export { openSessionStore } from './open-session-store.js';
export type { PostgresLedgerStoreOptions } from './postgres/postgres-ledger-store.js';
export { openPostgresLedgerStore, PostgresLedgerStore } from './postgres/postgres-ledger-store.js';
export type { PostgresLogStoreOptions } from './postgres/postgres-log-store.js';
export { openPostgresLogStore, PostgresLogStore } from './postgres/postgres-log-store.js';
export type { PostgresNodeCoStoreOptions } from './postgres/postgres-nodeco-store.js';
export { openPostgresNodeCoStore, PostgresNodeCoStore } from './postgres/postgres-nodeco-store.js';
export type { PostgresSessionStoreOptions } from './postgres/postgres-session-store.js';
export {
  openPostgresSessionStore,
  PostgresSessionStore,
} from './postgres/postgres-session-store.js';
export type { ThrowawayDatabase } from './postgres/throwaway-database.js';
export {
  createThrowawayDatabase,
  POSTGRES_ADMIN_URL_DEFAULT,
  postgresUnavailable,
} from './postgres/throwaway-database.js';
export type {
  AppendedProof,
  LogErrorCode,
  LoggedProof,
  LogResult,
  ProofLogOptions,
} from './proof-log.js';
export { ProofLog } from './proof-log.js';
// --- capability registry (issue 8, discovery; docs/spec/registry.md) ---
export type {
  CapabilityRegistry,
  PublishOutcome,
  RecordOutcome,
  RegistryHit,
  RegistryNear,
  RegistryOutcome,
  RegistryQuery,
} from './registry/capability-registry.js';
export type { CapabilityRegistryOptions } from './registry/open-capability-registry.js';
export {
  CAPABILITY_REGISTRY_SQLITE_FILE,
  openCapabilityRegistry,
} from './registry/open-capability-registry.js';
export { haversineKm } from './registry/registry-distance.js';
export { RegistryError } from './registry/registry-error.js';
export type { RegistryErrorCode } from './registry/registry-error-codes.js';
export { REGISTRY_ERROR_CODES } from './registry/registry-error-codes.js';
export * as registryLimits from './registry/registry-limits.js';
export type {
  SaveCheckpointOutcome,
  SessionCheckpoint,
  SessionCheckpointBody,
  SessionRow,
  SessionStore,
} from './session-store.js';
export type { SqliteLedgerStoreOptions } from './sqlite/sqlite-ledger-store.js';
export { openSqliteLedgerStore, SqliteLedgerStore } from './sqlite/sqlite-ledger-store.js';
export type { SqliteLogStoreOptions } from './sqlite/sqlite-log-store.js';
export { openSqliteLogStore, SqliteLogStore } from './sqlite/sqlite-log-store.js';
export type { SqliteNodeCoStoreOptions } from './sqlite/sqlite-nodeco-store.js';
export { openSqliteNodeCoStore, SqliteNodeCoStore } from './sqlite/sqlite-nodeco-store.js';
export type { SqliteSessionStoreOptions } from './sqlite/sqlite-session-store.js';
export { openSqliteSessionStore, SqliteSessionStore } from './sqlite/sqlite-session-store.js';
export type { StoreErrorCode } from './store-error.js';
export { STORE_ERROR_CODES, StoreError } from './store-error.js';
// --- evidence vaults (issue 7, item 5; docs/spec/evidence-vault.md) ---
export type { DiscloseInput, DisclosureOutcome } from './vault/evidence-vault.js';
export { EvidenceVault } from './vault/evidence-vault.js';
export type {
  Disclosure,
  DisclosureLogEntry,
  EvidenceDescription,
  OpenedChallenge,
  PutEvidence,
  PutOutcome,
} from './vault/evidence-vault-types.js';
export type { EvidenceVaultOptions } from './vault/open-evidence-vault.js';
export { EVIDENCE_VAULT_SQLITE_FILE, openEvidenceVault } from './vault/open-evidence-vault.js';
export type { VaultErrorCode } from './vault/vault-error-codes.js';
export { VAULT_ERROR_CODES } from './vault/vault-error-codes.js';
export * as vaultLimits from './vault/vault-limits.js';
