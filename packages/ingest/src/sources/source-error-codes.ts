/**
 * The codes the protocol reading sources add of their own. A source otherwise answers with its
 * adapter's code as it is (opcua_certificate_untrusted, sparkplug_sequence_gap, ...), so the
 * gateway's gateway_source_failed message names the protocol's own refusal.
 */
import { type CodedError, failWith } from '@mycel/kernel';
import { SOURCE_COMBINED_MAX } from '../limits/sources.js';

export const SOURCE_ERROR_CODES = {
  source_options_invalid: `a source names no metric, one metric for two roles, or combines 0 or more than ${SOURCE_COMBINED_MAX} sources`,
  source_readings_missing:
    'the stream did not deliver every configured metric for the read time within the wait',
  source_closed: 'the source was closed before or while it was read',
} as const;

export type SourceErrorCode = keyof typeof SOURCE_ERROR_CODES;

export function sourceFail(
  code: SourceErrorCode,
  message: string,
): { readonly ok: false; readonly error: CodedError<SourceErrorCode> } {
  return failWith(code, message);
}
