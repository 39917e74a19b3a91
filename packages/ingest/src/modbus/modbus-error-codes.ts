/**
 * Every error code the Modbus TCP / SunSpec adapter returns: the decoder (pure), the reader
 * (a Modbus client) and the simulated device. Codes are protocol: snake_case, named after the
 * broken rule, never changing meaning. Expected failures are ModbusResult values.
 */
import { type CodedError, failWith, type Outcome } from '@mycel/kernel';

export const MODBUS_ERROR_CODES = {
  sunspec_marker_missing: "holding registers 40000-40001 are not 'SunS': not a SunSpec device",
  sunspec_model_unknown: 'a model the reader needs is absent, or a model ID it cannot decode',
  sunspec_model_length_invalid: "a model's L is not the length its definition gives",
  sunspec_end_missing: 'the model walk ran past its bound without finding the end model 0xFFFF',
  sunspec_scale_factor_invalid:
    'a scale factor is outside -10..10, or not implemented (0x8000) where the value needs it',
  sunspec_value_not_implemented:
    'a point the reading needs holds its not-implemented value (0x8000, 0xFFFF or acc32 0)',
  sunspec_accumulator_rollback: 'an energy accumulator read lower than the read before it',
  sunspec_words_invalid:
    'register words are missing, not 16-bit integers, or too few for the model',
  modbus_connect_failed: 'the TCP connection to the Modbus server could not be opened',
  modbus_connection_lost:
    'the Modbus server went away or stopped answering in the middle of a read',
  modbus_exception: 'the Modbus server answered with an exception response',
  modbus_options_invalid: 'the reader or simulator was given options outside their bounds',
  modbus_bind_failed: 'the simulated device could not listen on a loopback port',
} as const;

export type ModbusErrorCode = keyof typeof MODBUS_ERROR_CODES;
export type ModbusError = CodedError<ModbusErrorCode>;
export type ModbusResult<T> = Outcome<T, ModbusErrorCode>;

export function modbusFail(
  code: ModbusErrorCode,
  message: string,
  path?: string,
): { readonly ok: false; readonly error: ModbusError } {
  return failWith(code, message, path);
}
