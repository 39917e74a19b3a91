/**
 * The MipModule of `mip-enr/generation-interval@1.0.0`: the claim schema, evidence roles,
 * verifier, case generator and hand-picked vectors, assembled as one plain value.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { GeneratedCase, MipModule, VectorCase } from '../mechanism/mip-module.js';
import { seededRandom } from '../probability/random.js';
import { ENERGY_CHEAT_MODELS } from './energy-cheat-shares.js';
import {
  ENERGY_GENERATION_MIP,
  ENERGY_PREDICATE,
  EnergyClaimSchema,
} from './energy-claim-schema.js';
import { generateCase, generateEnergyCases } from './energy-generator.js';
import { ENERGY_EVIDENCE_ROLES } from './energy-roles.js';
import { ENERGY_PRIOR, verifyGeneration } from './energy-verify.js';

const claimShape = TypeCompiler.Compile(EnergyClaimSchema);

function checkClaim(claim: unknown): string | undefined {
  if (claimShape.Check(claim)) return undefined;
  const first = [...claimShape.Errors(claim)][0];
  return `${first?.path ?? '/'}: ${first?.message ?? 'does not match the claim schema'}`;
}

/** Seeds whose first case of each label was picked by eye as a clear instance. */
const VECTOR_SEEDS: readonly { name: string; label: string; seed: number; description: string }[] =
  [
    {
      name: 'honest',
      label: 'honest',
      seed: 100,
      description: 'an honest PV interval with its evidence',
    },
    {
      name: 'inflated',
      label: 'inflated',
      seed: 102,
      description: 'accumulator and power samples inflated',
    },
    {
      name: 'unit-error',
      label: 'unit-error',
      seed: 103,
      description: 'register scale factor off by decades',
    },
    {
      name: 'rollback',
      label: 'rollback',
      seed: 104,
      description: 'accumulator rewound before the window',
    },
    {
      name: 'replayed',
      label: 'replayed',
      seed: 100,
      description: 'another interval’s evidence replayed',
    },
    {
      name: 'fabricated',
      label: 'fabricated',
      seed: 105,
      description: 'readings made up, not the weather',
    },
  ];

function vectors(): VectorCase[] {
  return VECTOR_SEEDS.map((entry) => {
    const generated: GeneratedCase = generateCase(
      seededRandom(entry.seed),
      entry.label,
      entry.seed,
    );
    return { name: `energy-${entry.name}`, description: entry.description, case: generated };
  });
}

export const ENERGY_GENERATION_MODULE: MipModule = {
  id: ENERGY_GENERATION_MIP,
  title: 'Energy exported by a PV device in an interval of at most one hour',
  standards: [
    'SunSpec Information Model: model 103 (inverter WH, WH_SF), model 203 (meter TotWhExp)',
    'EnergyTag Granular Certificate Scheme Standard v2 (hourly certificates, device attributes)',
    'IEC 61724-1:2021 (PV system performance monitoring)',
    'ISO 9060:2018 (pyranometer classes)',
    'Ineichen & Perez 2002, Solar Energy 73(3) (clear-sky irradiance)',
    'Spencer 1971 / NOAA solar position',
  ],
  claimSchema: EnergyClaimSchema,
  predicates: [ENERGY_PREDICATE],
  evidence: ENERGY_EVIDENCE_ROLES,
  prior: ENERGY_PRIOR,
  cheatingModels: ENERGY_CHEAT_MODELS,
  checkClaim,
  verify: verifyGeneration,
  generate: generateEnergyCases,
  vectors,
};
