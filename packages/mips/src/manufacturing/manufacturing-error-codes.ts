/** Error codes of the manufacturing MIPs: snake_case, named after the broken rule, never reused. */
export const MANUFACTURING_ERROR_CODES = {
  manufacturing_limits_invalid:
    'the characteristic does not satisfy LSL < nominal < USL, or the Cpk target is not positive',
  manufacturing_window_invalid:
    'the production window ends before it starts or is longer than MFG_WINDOW_MS_MAX',
  manufacturing_unit_mismatch:
    'the measurement series names another characteristic or unit than the claim',
  manufacturing_series_invalid:
    'the measurement series is not the role\u2019s JSON, not in time order, outside the window, or its subgroups do not have the claimed size',
  manufacturing_certificates_invalid:
    'the calibration certificates are not the role\u2019s JSON or a certificate ends before it starts',
  manufacturing_counters_invalid:
    'the machine counters are not the role\u2019s JSON, run backwards, or belong to another machine than the claim',
  manufacturing_audit_invalid:
    'the audit re-measurement is not the role\u2019s JSON or names a measurement the series does not hold',
  manufacturing_sample_too_small: 'the series holds fewer than MFG_SAMPLE_SIZE_MIN measurements',
  manufacturing_variation_zero:
    'the series has no within-subgroup variation, so its Cpk is undefined',
  manufacturing_process_out_of_control:
    'the control chart of the series signals under a Western Electric rule, so the process has no defined capability (ISO 22514-2)',
} as const;
