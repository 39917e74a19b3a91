/**
 * The MIPs with a reality verifier that this package ships: the five first proof types. The
 * calibration benchmark, the vectors and the registry list them from here.
 */
import type { MipModule } from './mechanism/mip-module.js';

export const REALITY_MIPS: readonly MipModule[] = [];
