/**
 * Every error code MMP Core can return. Codes are protocol: snake_case, named after the broken
 * rule, and they never change meaning. Expected failures are MeshResult values (the kernel's
 * Outcome with mesh codes: `ok` from the kernel, `meshFail` here); exceptions are for bugs.
 */
import { type CodedError, failWith, type Outcome } from '@mycel/kernel';

export const MESH_ERROR_CODES = {
  coordinate_sample_invalid:
    'an RTT sample is not a finite number in (0, RTT_SAMPLE_MS_MAX], or the remote coordinate is not a well-formed coordinate',
  coordinate_dimensions_mismatch: 'two coordinates have Euclidean parts of different dimensions',
  coordinate_fit_invalid:
    'a fit was asked for with no samples, too many samples, or a pass count or dimension count out of range',
  latency_matrix_malformed:
    'a line of the RTT matrix or the cities file is not in the expected form (the message names the line)',
  latency_matrix_not_square:
    'the RTT matrix does not have as many columns in every row as it has rows',
  latency_matrix_city_count_mismatch:
    'the cities file and the RTT matrix list different numbers of cities',
  latency_matrix_too_large: 'the RTT matrix or the cities file exceeds LATENCY_MATRIX_* limits',
} as const;

export type MeshErrorCode = keyof typeof MESH_ERROR_CODES;
export type MeshError = CodedError<MeshErrorCode>;
export type MeshResult<T> = Outcome<T, MeshErrorCode>;

export function meshFail(
  code: MeshErrorCode,
  message: string,
): { readonly ok: false; readonly error: MeshError } {
  return failWith(code, message);
}
