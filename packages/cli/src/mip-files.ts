/**
 * Files the `mycel mip` commands read: a signed policy pack (or the built-in devnet pack that
 * accepts every MIP this build ships), and raw evidence supplied by path, keyed by its digest.
 * The MIPs load on first use, not when `mycel` starts.
 */
import { buildPolicyPack, digestOf, type PolicyPack, type Proof } from '@mycel/kernel';
import { readInputFile } from './files.js';
import { ResultFailure } from './output.js';
import { readSignedPolicyPack } from './policy-pack-file.js';

/** The pack used without --pack: every shipped MIP accepted and settleable at the default p_min. */
export async function devnetMipPack(): Promise<PolicyPack> {
  const { mipsLimits, REALITY_MIPS } = await import('@mycel/mips');
  return buildPolicyPack({
    federation: 'devnet',
    version: 1,
    issuedAt: '2026-11-28T00:00:00Z',
    mips: REALITY_MIPS.map((module) => ({
      mip: module.id,
      settleable: true,
      pMin: mipsLimits.DEFAULT_P_MIN,
    })),
    trustAnchors: [],
  });
}

/** The signed pack in `path`, or the devnet pack when there is none. */
export async function readPolicyPack(path: string | undefined, nowMs: number): Promise<PolicyPack> {
  if (path === undefined) return await devnetMipPack();
  return readSignedPolicyPack(path, nowMs);
}

/**
 * The evidence files by digest. A file whose digest the proof does not name was changed, or
 * belongs to another proof: that is `evidence_digest_mismatch`, naming the file.
 */
export function readEvidenceFiles(paths: readonly string[], proof: Proof): Map<string, Uint8Array> {
  const named = new Set(proof.evidence.map((entry) => entry.digest));
  const supplied = new Map<string, Uint8Array>();
  for (const path of paths) {
    const bytes = readInputFile(path);
    const digest = digestOf(bytes);
    if (!named.has(digest)) {
      throw new ResultFailure({
        code: 'evidence_digest_mismatch',
        message: `${path} hashes to ${digest}, which the proof does not name: changed, or another proof's`,
      });
    }
    supplied.set(digest, bytes);
  }
  return supplied;
}
