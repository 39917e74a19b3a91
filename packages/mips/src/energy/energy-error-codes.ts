/** Error codes of the energy MIPs: snake_case, named after the broken rule, never reused. */
export const ENERGY_ERROR_CODES = {
  energy_window_invalid: 'the claim window ends at or before its start',
  energy_window_too_long: 'the claim window is longer than one hour',
  energy_scale_factor_out_of_range:
    'a SunSpec scale factor lies outside −10..10, so the register value has no defined Wh',
  energy_claim_inconsistent:
    'the claimed Wh is not the difference of the claimed register readings times their scale factors',
  energy_evidence_invalid: 'an energy evidence piece does not match its JSON schema',
  energy_claim_contradicts_evidence:
    'the claimed accumulator readings are not among the register evidence reads, or the model/point differ',
} as const;
