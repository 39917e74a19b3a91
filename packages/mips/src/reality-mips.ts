/**
 * The MIPs with a reality verifier that this package ships: the five domains' first proof types.
 * The calibration benchmark, the vectors, the CLI and the registry list them from here.
 */
import { coldChainCustodyMip, coverCropPracticeMip } from './agriculture/index.js';
import { ENERGY_GENERATION_MODULE } from './energy/index.js';
import { HEALTH_HRV_MODULE } from './health/index.js';
import { LEARNING_MASTERY_MODULE } from './learning/index.js';
import { mfgLotConformanceModule } from './manufacturing/index.js';
import type { MipModule } from './mechanism/mip-module.js';

export const REALITY_MIPS: readonly MipModule[] = [
  ENERGY_GENERATION_MODULE,
  mfgLotConformanceModule,
  coldChainCustodyMip,
  coverCropPracticeMip,
  LEARNING_MASTERY_MODULE,
  HEALTH_HRV_MODULE,
];
