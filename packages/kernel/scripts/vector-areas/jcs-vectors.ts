/**
 * jcs/: RFC 8785 examples. Expected values are the RFC's published text and bytes
 * (rfc8785-data.ts); the only values written here are the kernel's error codes for input the
 * RFC says must be rejected.
 */
import { toHex, utf8 } from '../../src/index.js';
import {
  RFC8785_NUMBER_SAMPLES,
  RFC8785_SAMPLE_CANONICAL,
  RFC8785_SAMPLE_INPUT,
  RFC8785_SAMPLE_UTF8_HEX,
  RFC8785_SORTING_CANONICAL,
  RFC8785_SORTING_INPUT,
  RFC8785_SORTING_VALUE_ORDER,
} from './rfc8785-data.js';
import type { Vector } from './vector-file.js';

export function jcsVectors(): Map<string, Vector> {
  // The canonical text of §3.2.3 and the bytes of §3.2.4 were typed in separately; they must agree.
  if (toHex(utf8(RFC8785_SAMPLE_CANONICAL)) !== RFC8785_SAMPLE_UTF8_HEX) {
    throw new Error(
      'rfc8785-data.ts: the §3.2.3 text and the §3.2.4 bytes disagree (typing error)',
    );
  }
  const vectors = new Map<string, Vector>();
  vectors.set('rfc8785-sample-object', {
    description:
      'RFC 8785 §3.2.2 sample object ("numbers", "string", "literals") parsed with parseStrictJson ' +
      'and serialised with canonicalJson: expected text from §3.2.3 (display line wrap removed), ' +
      'expected UTF-8 bytes from §3.2.4.',
    input: { json: RFC8785_SAMPLE_INPUT },
    expected: { canonical: RFC8785_SAMPLE_CANONICAL, utf8Hex: RFC8785_SAMPLE_UTF8_HEX },
  });
  vectors.set('rfc8785-property-sorting', {
    description:
      'RFC 8785 §3.2.3 property-sorting test data (euro sign, carriage return, Hebrew letter, ' +
      'digit, emoji, U+0080, o-umlaut): names sort by UTF-16 code units, so the emoji (surrogates ' +
      'D83D DE00) precedes U+FB33. valueOrder is the RFC\'s "expected argument order"; canonical ' +
      'was written by hand from that order and the §3.2.2.2 string rules.',
    input: { json: RFC8785_SORTING_INPUT },
    expected: { canonical: RFC8785_SORTING_CANONICAL, valueOrder: RFC8785_SORTING_VALUE_ORDER },
  });
  for (const sample of RFC8785_NUMBER_SAMPLES) {
    const comment = sample.comment === '' ? '' : ` (${sample.comment})`;
    vectors.set(`rfc8785-number-${sample.ieee754}`, {
      description:
        sample.json === undefined
          ? `RFC 8785 Appendix B, IEEE 754 ${sample.ieee754}${comment}: not permitted in JSON ` +
            '(§3.2.2.3 Note), so canonicalJson must refuse it.'
          : `RFC 8785 Appendix B, IEEE 754 ${sample.ieee754}${comment}: the double built from ` +
            'these bits serialises to the published JSON text (ECMAScript Number::toString).',
      input: { ieee754: sample.ieee754 },
      expected: sample.json === undefined ? { rejected: true } : { json: sample.json },
    });
  }
  for (const [name, vector] of rejectedInputVectors()) vectors.set(name, vector);
  return vectors;
}

/** Input RFC 8785 says a compliant implementation must refuse, with the kernel's error code. */
function rejectedInputVectors(): [string, Vector][] {
  return [
    [
      'reject-lone-surrogate',
      {
        description:
          'RFC 8785 §3.2.2.2 Note: a lone surrogate (the RFC\'s example U+DEAD) "MUST cause a ' +
          'compliant JCS implementation to terminate with an appropriate error".',
        input: { json: '{"name":"\\udead"}' },
        expected: { error: 'json_invalid_unicode' },
      },
    ],
    [
      'reject-duplicate-property',
      {
        description:
          'RFC 8785 §3.1: JSON data must be I-JSON (RFC 7493 §2.3: object member names unique), ' +
          'so a repeated property name is refused rather than resolved to one of its values.',
        input: { json: '{"a":1,"b":2,"a":3}' },
        expected: { error: 'json_duplicate_key' },
      },
    ],
    [
      'reject-number-overflow',
      {
        description:
          'RFC 8785 §3.2.2.3 and Appendix D: numbers must be IEEE 754 doubles; the Appendix D ' +
          'sample "giantNumber": 1.4e+9999 does not fit one and is refused, not turned into Infinity.',
        input: { json: '{"giantNumber": 1.4e+9999}' },
        expected: { error: 'json_number_out_of_range' },
      },
    ],
  ];
}
