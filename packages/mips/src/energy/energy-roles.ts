/** The evidence roles of `mip-enr/generation-interval@1.0.0` and their media types. */
import type { EvidenceRole } from '../mechanism/mip-module.js';

export const ENERGY_MEDIA_TYPES = {
  register: 'application/vnd.mycel.energy.register+json',
  meter: 'application/vnd.mycel.energy.meter+json',
  irradiance: 'application/vnd.mycel.energy.irradiance+json',
} as const;

export const ENERGY_EVIDENCE_ROLES: readonly EvidenceRole[] = [
  {
    role: 'register',
    mediaType: ENERGY_MEDIA_TYPES.register,
    capture:
      'inverter lifetime energy accumulator and AC power read over Modbus TCP every 5 min (SunSpec model 103 WH/WH_SF, W/W_SF)',
    calibration: 'recommended',
    required: true,
  },
  {
    role: 'meter',
    mediaType: ENERGY_MEDIA_TYPES.meter,
    capture:
      'revenue meter exported energy at the window edges (SunSpec model 203 TotWhExp/TotWh_SF)',
    calibration: 'required',
    required: false,
  },
  {
    role: 'irradiance',
    mediaType: ENERGY_MEDIA_TYPES.irradiance,
    capture: 'on-site plane-of-array pyranometer, 5-min means in W/m² (ISO 9060)',
    calibration: 'required',
    required: false,
  },
];
