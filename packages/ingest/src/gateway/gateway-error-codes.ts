/**
 * Every error code the gateway returns while it turns readings into signed MIP-ENR proofs. Codes
 * are protocol: snake_case, named after the broken rule, never changing meaning. A gateway error
 * means no proof was made and nothing was stored for that interval.
 */
import { type CodedError, failWith, type Outcome } from '@mycel/kernel';

export const GATEWAY_ERROR_CODES = {
  gateway_interval_invalid:
    'the interval is empty, longer than the MIP-ENR hour, shorter than a read cadence, or not on its grid',
  gateway_interval_empty:
    'the accumulator did not move in the interval: there is no energy to claim',
  gateway_device_mismatch: "a reading is attributed to another device than the signer's key",
  gateway_reading_invalid: 'a reading has no usable time, value or register form',
  gateway_too_many_readings: 'more readings fall in the interval than one evidence piece may carry',
  gateway_edge_read_missing:
    'no accumulator reading lies close enough to the start or end of the interval',
  gateway_readings_incomplete: 'an accumulator reading has no power reading taken with it',
  gateway_scale_factor_invalid: 'a reading carries a scale factor outside -10..10',
  gateway_accumulator_rollback:
    'an accumulator reading is lower than an earlier one in the interval',
  gateway_energy_implausible:
    "the interval's energy exceeds the inverter's rating × duration: a fault (wrong scale factor), not production",
  gateway_source_failed:
    'the reading source (Modbus, OPC UA, Sparkplug) failed; its code is in the message',
  gateway_vault_failed: 'the evidence vault refused to store a piece of evidence',
  gateway_proof_invalid: 'the signed proof did not pass the integrity plane (a bug or a bad key)',
  gateway_assessment_failed:
    'the MIP verifier could not assess the proof; its code is in the message',
} as const;

export type GatewayErrorCode = keyof typeof GATEWAY_ERROR_CODES;
export type GatewayError = CodedError<GatewayErrorCode>;
export type GatewayResult<T> = Outcome<T, GatewayErrorCode>;

export function gatewayFail(
  code: GatewayErrorCode,
  message: string,
  path?: string,
): { readonly ok: false; readonly error: GatewayError } {
  return failWith(code, message, path);
}
