/**
 * The five production-node profiles this package ships, loaded from their data files
 * (packages/mips/profiles/<id>.json) and checked against the schema and the shipped MIPs when
 * this module loads: a data file that drifts from the modules is a build bug, and fails at once.
 */
import microclinic from '../../profiles/microclinic.json' with { type: 'json' };
import microfactory from '../../profiles/microfactory.json' with { type: 'json' };
import microfarm from '../../profiles/microfarm.json' with { type: 'json' };
import microgrid from '../../profiles/microgrid.json' with { type: 'json' };
import microschool from '../../profiles/microschool.json' with { type: 'json' };
import { checkProfile } from './profile-check.js';
import { type ProfileResult, profileFail } from './profile-error-codes.js';
import { PROFILE_IDS, type ProductionProfile, type ProfileId } from './profile-schema.js';

const DATA_FILES: Readonly<Record<ProfileId, unknown>> = {
  microgrid,
  microfactory,
  microfarm,
  microschool,
  microclinic,
};

function loaded(id: ProfileId): ProductionProfile {
  const checked = checkProfile(DATA_FILES[id]);
  if (!checked.ok) {
    throw new Error(
      `assertion failed: profiles/${id}.json: ${checked.error.code} at ${checked.error.path}: ${checked.error.message}`,
    );
  }
  if (checked.value.id !== id) {
    throw new Error(`assertion failed: profiles/${id}.json has id ${checked.value.id}`);
  }
  return checked.value;
}

/** Every shipped profile, in PROFILE_IDS order. */
export const PRODUCTION_PROFILES: readonly ProductionProfile[] = PROFILE_IDS.map(loaded);

/** The shipped profile `id`, or profile_unknown naming the ones there are. */
export function loadProfile(id: string): ProfileResult<ProductionProfile> {
  const profile = PRODUCTION_PROFILES.find((candidate) => candidate.id === id);
  if (profile === undefined) {
    return profileFail(
      'profile_unknown',
      `no production-node profile ${JSON.stringify(id)}; known: ${PROFILE_IDS.join(', ')}`,
    );
  }
  return { ok: true, value: profile };
}
