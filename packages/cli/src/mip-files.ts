/**
 * Files the `mycel mip` commands read: a policy pack (or the built-in devnet pack that accepts
 * every MIP this build ships), and raw evidence supplied by path, keyed by its digest.
 */
import {
  buildPolicyPack,
  checkPolicyPack,
  digestOf,
  type PolicyPack,
  parseJsonBytes,
} from '@mycel/kernel';
import { mipsLimits, REALITY_MIPS } from '@mycel/mips';
import { readInputFile } from './files.js';
import { unwrap } from './output.js';

/** The pack used without --pack: every shipped MIP accepted and settleable at the default p_min. */
export function devnetMipPack(): PolicyPack {
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

export function readPolicyPack(path: string | undefined): PolicyPack {
  if (path === undefined) return devnetMipPack();
  return unwrap(checkPolicyPack(unwrap(parseJsonBytes(readInputFile(path)))));
}

export function readEvidenceFiles(paths: readonly string[]): Map<string, Uint8Array> {
  const supplied = new Map<string, Uint8Array>();
  for (const path of paths) {
    const bytes = readInputFile(path);
    supplied.set(digestOf(bytes), bytes);
  }
  return supplied;
}
