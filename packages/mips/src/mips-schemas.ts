/**
 * The JSON Schemas this package publishes (`npm run spec` writes them to docs/spec/schemas/):
 * the MIP registry document, the production-node profile, and the claim schema of every MIP it ships, named
 * `claim-mip-<domain>-<type>-v<major>` (a minor or patch version keeps its major's claim), so
 * another implementation can check claims without reading TypeScript. Each gets the $id and
 * title its published name implies.
 */
import { SCHEMA_BASE_URI } from '@mycel/kernel';
import type { TSchema } from '@sinclair/typebox';
import { MipRegistrySchema } from './mechanism/mip-registry.js';
import { ProductionProfileSchema } from './profiles/profile-schema.js';
import { REALITY_MIPS } from './reality-mips.js';
import { UsageClaimSchema } from './session/usage-claim-schema.js';
import { SESSION_USAGE_MIP } from './session/usage-proof.js';

function published(name: string, title: string, schema: TSchema): [string, TSchema] {
  return [name, { ...schema, $id: `${SCHEMA_BASE_URI}${name}.json`, title }];
}

function claimEntry(mip: string, schema: TSchema): [string, TSchema] {
  const [name, version] = mip.split('@') as [string, string];
  const major = version.split('.')[0];
  return published(`claim-${name.replace('/', '-')}-v${major}`, `Claim of ${mip}`, schema);
}

export const MIPS_SCHEMAS: Readonly<Record<string, TSchema>> = Object.fromEntries([
  published('mip-registry-v1', 'Mycel MIP registry v1', MipRegistrySchema),
  ['production-profile-v1', ProductionProfileSchema],
  claimEntry(SESSION_USAGE_MIP, UsageClaimSchema),
  ...REALITY_MIPS.map((module) => claimEntry(module.id, module.claimSchema)),
]);
