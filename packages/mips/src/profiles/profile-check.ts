/**
 * Checking a profile document: its schema, and then that everything it names exists in this
 * build — each MIP id in REALITY_MIPS, each evidence role with exactly the media type the MIP
 * module gives it, every role the module requires, and each interface in PROFILE_INTERFACES.
 * The shipped data files go through this when they load, so a profile cannot drift from the
 * modules it names.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { MipModule } from '../mechanism/mip-module.js';
import { REALITY_MIPS } from '../reality-mips.js';
import { type ProfileResult, profileFail } from './profile-error-codes.js';
import { PROFILE_INTERFACES } from './profile-interfaces.js';
import { type ProductionProfile, ProductionProfileSchema } from './profile-schema.js';

const profileShape = TypeCompiler.Compile(ProductionProfileSchema);

function checkMipEntries(
  profile: ProductionProfile,
  modules: readonly MipModule[],
): ProfileResult<ProductionProfile> {
  const seen = new Set<string>();
  for (const [index, entry] of profile.mips.entries()) {
    const path = `/mips/${index}`;
    if (seen.has(entry.mip)) return profileFail('profile_invalid', `${entry.mip} twice`, path);
    seen.add(entry.mip);
    const module = modules.find((candidate) => candidate.id === entry.mip);
    if (module === undefined) {
      return profileFail('profile_invalid', `no shipped MIP is ${entry.mip}`, `${path}/mip`);
    }
    const roles = new Set<string>();
    for (const [roleIndex, evidence] of entry.evidence.entries()) {
      const rolePath = `${path}/evidence/${roleIndex}`;
      const role = module.evidence.find((candidate) => candidate.role === evidence.role);
      if (role === undefined) {
        return profileFail(
          'profile_invalid',
          `${module.id} has no ${evidence.role} role`,
          rolePath,
        );
      }
      if (role.mediaType !== evidence.mediaType) {
        return profileFail(
          'profile_invalid',
          `${module.id} carries ${evidence.role} as ${role.mediaType}, not ${evidence.mediaType}`,
          `${rolePath}/mediaType`,
        );
      }
      if (roles.has(role.role)) {
        return profileFail('profile_invalid', `${role.role} twice`, rolePath);
      }
      roles.add(role.role);
    }
    for (const role of module.evidence) {
      if (role.required && !roles.has(role.role)) {
        return profileFail(
          'profile_invalid',
          `${module.id} requires ${role.role} evidence; the profile must require it too`,
          `${path}/evidence`,
        );
      }
    }
  }
  return { ok: true, value: profile };
}

/** The profile in `value`, checked against the schema and against `modules` (default: this build's). */
export function checkProfile(
  value: unknown,
  modules: readonly MipModule[] = REALITY_MIPS,
): ProfileResult<ProductionProfile> {
  if (!profileShape.Check(value)) {
    const first = [...profileShape.Errors(value)][0];
    return profileFail(
      'profile_invalid',
      first?.message ?? 'does not match the profile schema',
      first?.path || '/',
    );
  }
  const profile = value as ProductionProfile;
  for (const [index, name] of profile.interfaces.entries()) {
    if (!Object.hasOwn(PROFILE_INTERFACES, name)) {
      return profileFail('profile_invalid', `unknown interface ${name}`, `/interfaces/${index}`);
    }
  }
  return checkMipEntries(profile, modules);
}
