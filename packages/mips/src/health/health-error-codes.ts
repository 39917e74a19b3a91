/** Error codes of the health MIPs: snake_case, named after the broken rule, never reused. */
export const HEALTH_ERROR_CODES = {
  health_evidence_invalid:
    'the RR-series or device evidence does not match its JSON schema (types, counts, order)',
  health_series_inconsistent:
    'the RR intervals are not the differences of the beat times, or a beat time is off the device sampling grid',
  health_device_mismatch: 'the claim names another device class than its device evidence',
  health_sampling_rate_low:
    'the device samples below the rate its class needs for beat timing (ECG 250 Hz, PPG 25 Hz)',
  health_window_invalid:
    'the claimed window or the span of the beats is not the 5-minute short-term recording (Task Force 1996)',
  health_artefacts_excessive:
    'more intervals are artefacts or ectopic beats than the gate allows: RMSSD and SDNN are undefined',
} as const;
