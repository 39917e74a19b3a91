/**
 * Where a proof's MIP stands under a federation's policy pack (K6, K8): the pack pins exact MIP
 * versions. A version the pack does not list is refused; a listed MIP this verifier has no module
 * for is integrity-checked only and never settled; a listed MIP with a module is verified on the
 * reality plane and accepted when its conservative p reaches the pack's p_min.
 */
import type { MipCatalog, PolicyPack } from '@mycel/kernel';
import { DEFAULT_P_MIN } from '../limits.js';
import { type MipsResult, mipsFail } from '../mips-error-codes.js';
import type { MipModule } from './mip-module.js';

export type MipStandingInPack =
  | {
      readonly kind: 'reality';
      readonly module: MipModule;
      readonly settleable: boolean;
      readonly pMin: number;
    }
  | { readonly kind: 'integrity-only'; readonly settleable: false };

export function mipStanding(
  pack: PolicyPack,
  mip: string,
  modules: ReadonlyMap<string, MipModule>,
): MipsResult<MipStandingInPack> {
  const entry = pack.mips.find((candidate) => candidate.mip === mip);
  if (entry === undefined) {
    const type = mip.slice(0, mip.indexOf('@') + 1);
    const others = pack.mips.filter((candidate) => candidate.mip.startsWith(type));
    const accepted =
      others.length === 0 ? 'no version of it' : others.map((other) => other.mip).join(', ');
    return mipsFail(
      'mip_version_not_accepted',
      `federation ${pack.federation} (pack v${pack.version}) does not accept ${mip}; it accepts ${accepted}`,
      '/mip',
    );
  }
  const module = modules.get(mip);
  if (module === undefined)
    return { ok: true, value: { kind: 'integrity-only', settleable: false } };
  return {
    ok: true,
    value: {
      kind: 'reality',
      module,
      settleable: entry.settleable,
      pMin: entry.pMin ?? DEFAULT_P_MIN,
    },
  };
}

/** The modules by id, and the kernel catalog entry of each (claim schema checks for K6). */
export function modulesById(modules: readonly MipModule[]): ReadonlyMap<string, MipModule> {
  const byId = new Map<string, MipModule>();
  for (const module of modules) {
    if (byId.has(module.id)) throw new Error(`assertion failed: ${module.id} twice`);
    byId.set(module.id, module);
  }
  return byId;
}

/** The kernel's MIP catalog for these modules: each id's claim check (K6 integrity plane). */
export function mipCatalog(modules: ReadonlyMap<string, MipModule>): MipCatalog {
  return new Map([...modules].map(([id, module]) => [id, (claim) => module.checkClaim(claim)]));
}
