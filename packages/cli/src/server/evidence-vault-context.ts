/**
 * Opening the log service's evidence vault (`mycel log serve --policy-pack <file>`): the
 * federation's policy pack, checked and signed, and the vault beside the log's database — the
 * SQLite file evidence.db in the log file's folder, or the same PostgreSQL database (its tables
 * are named evidence_*). Proofs name the vault by the log's origin.
 */
import { dirname, join } from 'node:path';
import type { PolicyPack } from '@mycel/kernel';
import { EVIDENCE_VAULT_SQLITE_FILE, type EvidenceVault, openEvidenceVault } from '@mycel/store';
import { CliError } from '../cli-error.js';
import { readSignedPolicyPack } from '../policy-pack-file.js';

export interface EvidenceVaultLocation {
  /** sqlite:<path> or postgres://... : where the log's own store is. */
  readonly store: string;
  /** The name proofs carry in evidence[].vault. */
  readonly name: string;
}

/** The pack in `path`, signed, with an evidence section (the vault's rules), or argument_invalid. */
export function readPolicyPack(path: string, nowMs: number): PolicyPack {
  const pack = readSignedPolicyPack(path, nowMs);
  if (pack.evidence === undefined) {
    throw new CliError('argument_invalid', `${path}: the pack has no evidence section`);
  }
  return pack;
}

export function openServiceVault(location: EvidenceVaultLocation): Promise<EvidenceVault> {
  if (location.store.startsWith('sqlite:')) {
    const logFile = location.store.slice('sqlite:'.length);
    const sqlitePath = join(dirname(logFile), EVIDENCE_VAULT_SQLITE_FILE);
    return openEvidenceVault({ name: location.name, sqlitePath });
  }
  return openEvidenceVault({ name: location.name, postgresUrl: location.store });
}
