/** Which HTTP status each error code gets from the log service. The body always carries the code. */
const STATUS_BY_CODE: Record<string, number> = {
  proof_oversize: 413,
  store_pushback: 503,
  store_unavailable: 503,
  log_empty: 404,
  entry_not_found: 404,
  route_not_found: 404,
  argument_invalid: 400,
  json_malformed: 400,
  json_duplicate_key: 400,
  json_too_deep: 400,
  json_string_too_long: 400,
  json_invalid_unicode: 400,
  json_number_out_of_range: 400,
  log_size_invalid: 400,
  log_index_out_of_range: 400,
};

/** Everything else a caller sent was well-formed but broke a protocol rule: 422. */
export function httpStatusFor(code: string): number {
  return STATUS_BY_CODE[code] ?? 422;
}
