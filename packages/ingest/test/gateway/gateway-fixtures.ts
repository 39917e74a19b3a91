/**
 * What the gateway tests share: device and verifier keys, a federation pack with an evidence
 * section and p_min 0.9 for MIP-ENR, a PV system at Chennai, and a fresh SQLite evidence vault
 * in a temp folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildPolicyPack,
  ed25519SignerFromSeed,
  type PolicyPack,
  withSignature,
} from '@mycel/kernel';
import { ENERGY_GENERATION_MIP } from '@mycel/mips';
import { type EvidenceVault, openEvidenceVault } from '@mycel/store';
import { type PvSystem, pvSystemAt } from '../../src/index.js';

export const DEVICE = ed25519SignerFromSeed(new Uint8Array(32).fill(81));
export const CHEAT_DEVICE = ed25519SignerFromSeed(new Uint8Array(32).fill(82));
export const VERIFIER = ed25519SignerFromSeed(new Uint8Array(32).fill(83));
const FEDERATION_KEY = ed25519SignerFromSeed(new Uint8Array(32).fill(84));

export const CHENNAI: PvSystem = pvSystemAt('Chennai', 13.08, 80.27, 10_000);
export const DATE = '2026-03-21';

export const PACK: PolicyPack = withSignature(
  buildPolicyPack({
    federation: 'devnet',
    version: 1,
    issuedAt: '2026-01-01T00:00:00Z',
    mips: [{ mip: ENERGY_GENERATION_MIP, settleable: true, pMin: 0.9 }],
    trustAnchors: [{ did: VERIFIER.key.did, roles: ['verifier'] }],
    evidence: {
      retentionDays: 30,
      onRequestTo: 'challenge-verifiers',
      challengeTtlMsMax: 86_400_000,
    },
  }),
  'policy-pack',
  FEDERATION_KEY,
);

export async function tempVault(): Promise<{
  vault: EvidenceVault;
  path: string;
  done(): Promise<void>;
}> {
  const folder = mkdtempSync(join(tmpdir(), 'ingest-gateway-'));
  const path = join(folder, 'evidence.db');
  const vault = await openEvidenceVault({ name: 'vault:devnet/microgrid', sqlitePath: path });
  return {
    vault,
    path,
    async done() {
      await vault.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
