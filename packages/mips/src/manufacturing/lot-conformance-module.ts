/**
 * `mip-mfg/lot-conformance@1.0.0` as a MIP module: a lot meets a characteristic with a process
 * capability Cpk ≥ target, judged from the measurement series, the gauges' calibration
 * certificates, the machine's cycle counters and an optional audit re-measurement.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { EvidenceRole, MipModule, VectorCase } from '../mechanism/mip-module.js';
import { seededRandom } from '../probability/random.js';
import { MFG_CHEATING_MODELS } from './lot-checks.js';
import {
  MFG_LOT_CONFORMANCE_MIP,
  MFG_LOT_PREDICATE,
  MfgLotClaimSchema,
} from './lot-claim-schema.js';
import {
  MFG_AUDIT_MEDIA_TYPE,
  MFG_CERTIFICATES_MEDIA_TYPE,
  MFG_COUNTERS_MEDIA_TYPE,
  MFG_SERIES_MEDIA_TYPE,
} from './lot-evidence-schema.js';
import { generateLotCase, generateLotCases } from './lot-generator.js';
import { MFG_LOT_PRIOR, verifyLotConformance } from './lot-verify.js';

export const MFG_LOT_EVIDENCE_ROLES: readonly EvidenceRole[] = [
  {
    role: 'measurement-series',
    mediaType: MFG_SERIES_MEDIA_TYPE,
    capture: 'each sampled part measured once, with its machine cycle, gauge, subgroup and time',
    calibration: 'required',
    required: true,
  },
  {
    role: 'calibration-certificates',
    mediaType: MFG_CERTIFICATES_MEDIA_TYPE,
    capture:
      'ISO/IEC 17025 calibration certificate of each gauge: validity, U (k = 2), repeatability',
    calibration: 'none',
    required: true,
  },
  {
    role: 'machine-counters',
    mediaType: MFG_COUNTERS_MEDIA_TYPE,
    capture: 'the machine controller cycle counter read at lot start and end (MTConnect PartCount)',
    calibration: 'none',
    required: true,
  },
  {
    role: 'audit-remeasurement',
    mediaType: MFG_AUDIT_MEDIA_TYPE,
    capture: 'an auditor re-measures sampled parts of the series on its own calibrated gauge',
    calibration: 'required',
    required: false,
  },
];

/** Hand-picked vector cases: label and the seed that draws a clear instance of it. */
const VECTOR_SEEDS: readonly { name: string; label: string; seed: number; description: string }[] =
  [
    {
      name: 'honest-lot',
      label: 'honest',
      seed: 11,
      description: 'an in-control X̄-R lot meeting its target',
    },
    {
      name: 'honest-individuals-small',
      label: 'honest',
      seed: 48,
      description: 'edge: an individuals chart of 30 values, the smallest honest sample',
    },
    {
      name: 'fabricated-measurements',
      label: 'fabricated-measurements',
      seed: 20,
      description: 'values invented around nominal, caught by the audit',
    },
    {
      name: 'out-of-calibration-gauge',
      label: 'out-of-calibration-gauge',
      seed: 13,
      description: 'a gauge past its certificate or below TUR 4:1',
    },
    {
      name: 'inflated-cpk',
      label: 'inflated-cpk',
      seed: 14,
      description: 'a claimed Cpk above the one its data gives',
    },
    {
      name: 'cherry-picked-subset',
      label: 'cherry-picked-subset',
      seed: 30,
      description: 'the worst subgroups dropped, leaving gaps in the sampling plan',
    },
  ];

const claimShape = TypeCompiler.Compile(MfgLotClaimSchema);

export const mfgLotConformanceModule: MipModule = {
  id: MFG_LOT_CONFORMANCE_MIP,
  title: 'Lot conformance: a lot meets a characteristic with Cpk at least the target',
  standards: [
    'ISO 22514-2:2017 (process capability, in-control requirement)',
    'Western Electric Statistical Quality Control Handbook (1956), rules 1-4',
    'ASTM E2587 (control-chart factors d2)',
    'Bissell (1990), How reliable is your capability index?, Applied Statistics 39(3)',
    'ANSI/NCSL Z540.3-2006 (test-uncertainty ratio 4:1)',
    'ISO 14253-1 (decision rules with measurement uncertainty)',
    'ISO/IEC 17043 (En number for re-measurement agreement)',
  ],
  claimSchema: MfgLotClaimSchema,
  predicates: [MFG_LOT_PREDICATE],
  evidence: MFG_LOT_EVIDENCE_ROLES,
  prior: MFG_LOT_PRIOR,
  cheatingModels: MFG_CHEATING_MODELS,
  checkClaim(claim) {
    if (claimShape.Check(claim)) return undefined;
    const first = claimShape.Errors(claim).First();
    return `${first?.path || '/'} ${first?.message ?? 'does not match the lot-conformance claim'}`;
  },
  verify: verifyLotConformance,
  generate: (random, count) => generateLotCases(random, count, MFG_LOT_PRIOR.p),
  vectors(): VectorCase[] {
    return VECTOR_SEEDS.map((vector) => ({
      name: vector.name,
      description: vector.description,
      case: generateLotCase(seededRandom(vector.seed), vector.label),
    }));
  },
};
