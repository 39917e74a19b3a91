/**
 * `mip-hlt/hrv-short-term@1.0.0` as a MipModule: a pseudonymous subject's 5-minute resting RMSSD
 * and SDNN, recomputed by the verifier from the RR series that stays in the subject's vault.
 */
import { HEALTH_PRIOR_P } from '../limits.js';
import type { MipModule, VectorCase } from '../mechanism/mip-module.js';
import { seededRandom } from '../probability/random.js';
import {
  cheatCase,
  generateHealthHrvCases,
  HEALTH_HRV_CHEATING_MODELS,
  honestCase,
} from './hrv-cases.js';
import {
  checkHealthHrvClaim,
  HEALTH_HRV_MIP,
  HEALTH_HRV_PREDICATE,
  HealthHrvClaimSchema,
} from './hrv-claim-schema.js';
import { HEALTH_HRV_EVIDENCE } from './hrv-evidence.js';
import { HEALTH_HRV_PRIOR, verifyHealthHrv } from './hrv-verify.js';

export const HEALTH_HRV_STANDARDS = [
  'Task Force of the ESC and NASPE, Heart rate variability: standards of measurement, Circulation 1996;93:1043-1065',
  'Malik et al., selection of optimal processing techniques (20 % rule), Eur Heart J 1989;10:1060-1074',
  'Schäfer & Vagedes, pulse rate variability as an estimate of HRV, Int J Cardiol 2013;166:15-29',
  'RFC 2104 HMAC (keyed subject pseudonyms)',
] as const;

/** Hand-picked cases: their seeds were chosen so each shows its model plainly. */
function healthHrvVectors(): VectorCase[] {
  return [
    {
      name: 'honest-ecg',
      description: 'an honest ECG recording: every check agrees',
      case: honestCase(seededRandom(1)),
    },
    {
      name: 'altered-values',
      description: 'RMSSD / SDNN moved away from the series: the recomputation differs',
      case: cheatCase('altered-values', seededRandom(2)),
    },
    {
      name: 'synthetic-series',
      description: 'a fabricated RR series: its structure is not sinus rhythm',
      case: cheatCase('synthetic-series', seededRandom(1)),
    },
    {
      name: 'artefacts-hidden',
      description:
        'artefacts left in the series and claimed clean: the artefact count and values differ',
      case: cheatCase('artefacts-hidden', seededRandom(4)),
    },
    {
      name: 'ppg-as-ecg',
      description: 'a PPG capture relabelled as ECG',
      case: cheatCase('ppg-as-ecg', seededRandom(2)),
    },
    {
      name: 'replayed-other-length',
      description: 'an older recording of another length replayed: refused, health_window_invalid',
      case: cheatCase('replayed-series', seededRandom(5)),
    },
  ];
}

export const HEALTH_HRV_MODULE: MipModule = {
  id: HEALTH_HRV_MIP,
  title: 'Short-term heart rate variability (5-minute resting RMSSD and SDNN)',
  standards: HEALTH_HRV_STANDARDS,
  claimSchema: HealthHrvClaimSchema,
  predicates: [HEALTH_HRV_PREDICATE],
  evidence: HEALTH_HRV_EVIDENCE,
  prior: HEALTH_HRV_PRIOR,
  cheatingModels: HEALTH_HRV_CHEATING_MODELS,
  checkClaim: checkHealthHrvClaim,
  verify: verifyHealthHrv,
  generate: (random, count) => generateHealthHrvCases(random, count, HEALTH_PRIOR_P),
  vectors: healthHrvVectors,
};
