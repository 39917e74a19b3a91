/**
 * What the producer federation's run leaves on disk for people to look at with the `mycel`
 * commands (README, "The closed loop in five minutes"): the signed policy pack and the
 * federation's did, the community microgrid's signed proofs and advert, next to the registry,
 * contract store, evidence vault and ledger files. The folder belongs to the devnet and starts
 * empty on every run.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CapabilityAdvert, PolicyPack, Proof } from '@mycel/kernel';
import {
  CAPABILITY_REGISTRY_SQLITE_FILE,
  CONTRACT_SQLITE_FILE,
  EVIDENCE_VAULT_SQLITE_FILE,
  LEDGER_SQLITE_FILE,
} from '@mycel/store';

export interface ProducerFiles {
  readonly folder: string;
  readonly registry: string;
  readonly contracts: string;
  readonly vault: string;
  readonly ledger: string;
  /** The transparency log of every proof the gateways signed (SQLite). */
  readonly log: string;
  readonly pack: string;
  readonly proofs: string;
  readonly advert: string;
  /** The federation's did, the key `mycel policy check --federation-key` wants. */
  readonly federation: string;
}

export function producerFiles(folder: string): ProducerFiles {
  return {
    folder,
    registry: join(folder, CAPABILITY_REGISTRY_SQLITE_FILE),
    contracts: join(folder, CONTRACT_SQLITE_FILE),
    vault: join(folder, EVIDENCE_VAULT_SQLITE_FILE),
    ledger: join(folder, LEDGER_SQLITE_FILE),
    log: join(folder, 'log.db'),
    pack: join(folder, 'policy-pack.json'),
    proofs: join(folder, 'proofs'),
    advert: join(folder, 'advert.json'),
    federation: join(folder, 'federation.did'),
  };
}

/** A fresh folder: the last run's registry would otherwise answer this run's search too. */
export function clearProducerFolder(files: ProducerFiles): void {
  rmSync(files.folder, { recursive: true, force: true });
  mkdirSync(files.proofs, { recursive: true });
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

export function writeProducerFiles(
  files: ProducerFiles,
  written: {
    readonly pack: PolicyPack;
    readonly proofs: readonly Proof[];
    readonly advert: CapabilityAdvert;
    readonly federation: string;
  },
): void {
  writeFileSync(files.federation, `${written.federation}\n`);
  writeJson(files.pack, written.pack);
  writeJson(files.advert, written.advert);
  for (const [index, proof] of written.proofs.entries()) {
    writeJson(join(files.proofs, `${String(index + 1).padStart(2, '0')}.json`), proof);
  }
}
