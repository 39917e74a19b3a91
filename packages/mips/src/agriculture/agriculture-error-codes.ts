/** Error codes of the agriculture MIPs: snake_case, named after the broken rule, never reused. */
export const AGRICULTURE_ERROR_CODES = {
  agriculture_evidence_invalid: "an agriculture evidence document does not match its role's schema",
  agriculture_unit_unsupported:
    'a sensor report is not a gs1:Temperature reading in CEL, so the range cannot be judged',
  agriculture_window_too_long: 'the claim window is longer than the MIP allows',
  agriculture_window_mismatch:
    'the claim window is not the span from the first shipping to the last receiving EPCIS event',
  agriculture_shipment_mismatch: 'an EPCIS event does not name the claimed shipment',
  agriculture_logger_calibration_expired:
    "the temperature logger's calibration ended before the shipment window did",
  agriculture_readings_missing: 'the EPCIS events carry no temperature readings at all',
} as const;
