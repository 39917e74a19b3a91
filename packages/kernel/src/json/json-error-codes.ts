/** Errors from reading JSON text (strict-json.ts) and producing canonical bytes. */
export const JSON_ERROR_CODES = {
  json_malformed: 'the input is not valid JSON text (RFC 8259)',
  json_duplicate_key: 'an object has the same member name twice',
  json_too_deep: 'arrays and objects are nested deeper than JSON_DEPTH_MAX',
  json_string_too_long: 'a string is longer than JSON_STRING_CHARS_MAX',
  json_invalid_unicode:
    'the text holds invalid UTF-8 or a lone surrogate (RFC 8785 requires I-JSON)',
  json_number_out_of_range: 'a number does not fit an IEEE 754 double (RFC 8785 §3.2.2.3)',
} as const;
