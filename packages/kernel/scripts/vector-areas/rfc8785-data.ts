/**
 * Published data from RFC 8785 (JSON Canonicalization Scheme, June 2020), typed in by hand from
 * the RFC text. These are the RFC's bytes, not values computed by this code base: a vector built
 * from our own output would prove nothing.
 */

/** RFC 8785 §3.2.2: the sample object, exactly as printed (its line break inside "numbers" kept). */
export const RFC8785_SAMPLE_INPUT = [
  '{',
  '  "numbers": [333333333.33333329, 1E30, 4.50,',
  '              2e-3, 0.000000000000000000000000001],',
  '  "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",',
  '  "literals": [null, true, false]',
  '}',
].join('\n');

/**
 * RFC 8785 §3.2.3: the canonical form of the §3.2.2 sample (printed there with a line wrap "for
 * display purposes only", removed here). The first character of the string value is U+20AC.
 */
export const RFC8785_SAMPLE_CANONICAL =
  '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
  '"string":"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}';

/** RFC 8785 §3.2.4: the UTF-8 bytes of the canonical sample, in hexadecimal. */
export const RFC8785_SAMPLE_UTF8_HEX = [
  '7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72',
  '75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a',
  '5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31',
  '65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37',
  '5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30',
  '30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d',
]
  .join(' ')
  .replaceAll(' ', '');

/** RFC 8785 §3.2.3: the property-sorting test data, exactly as printed. */
export const RFC8785_SORTING_INPUT = [
  '{',
  '  "\\u20ac": "Euro Sign",',
  '  "\\r": "Carriage Return",',
  '  "\\ufb33": "Hebrew Letter Dalet With Dagesh",',
  '  "1": "One",',
  '  "\\ud83d\\ude00": "Emoji: Grinning Face",',
  '  "\\u0080": "Control",',
  '  "\\u00f6": "Latin Small Letter O With Diaeresis"',
  '}',
].join('\n');

/** RFC 8785 §3.2.3: "Expected argument order after sorting property strings". */
export const RFC8785_SORTING_VALUE_ORDER = [
  'Carriage Return',
  'One',
  'Control',
  'Latin Small Letter O With Diaeresis',
  'Euro Sign',
  'Emoji: Grinning Face',
  'Hebrew Letter Dalet With Dagesh',
];

/**
 * The canonical text of the sorting data. The RFC publishes only the order above; this text was
 * written by hand from that order and the §3.2.2.2 string rules (U+000D is `\r`; U+0080 and every
 * other character outside U+0000..U+001F is written as is), not produced by the kernel.
 */
export const RFC8785_SORTING_CANONICAL =
  '{"\\r":"Carriage Return","1":"One","\u0080":"Control",' +
  '"\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign",' +
  '"\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}';

export interface NumberSample {
  /** IEEE 754 double, big-endian bit pattern in hexadecimal (the table's "IEEE 754" column). */
  readonly ieee754: string;
  /** The "JSON Representation" column; undefined where the RFC leaves it empty (must be rejected). */
  readonly json: string | undefined;
  /** The "Comment" column, footnote markers left out. */
  readonly comment: string;
}

/** RFC 8785 Appendix B, Table 1: "ECMAScript-Compatible JSON Number Serialization Samples". */
export const RFC8785_NUMBER_SAMPLES: readonly NumberSample[] = [
  { ieee754: '0000000000000000', json: '0', comment: 'Zero' },
  { ieee754: '8000000000000000', json: '0', comment: 'Minus zero' },
  { ieee754: '0000000000000001', json: '5e-324', comment: 'Min pos number' },
  { ieee754: '8000000000000001', json: '-5e-324', comment: 'Min neg number' },
  { ieee754: '7fefffffffffffff', json: '1.7976931348623157e+308', comment: 'Max pos number' },
  { ieee754: 'ffefffffffffffff', json: '-1.7976931348623157e+308', comment: 'Max neg number' },
  { ieee754: '4340000000000000', json: '9007199254740992', comment: 'Max pos int' },
  { ieee754: 'c340000000000000', json: '-9007199254740992', comment: 'Max neg int' },
  { ieee754: '4430000000000000', json: '295147905179352830000', comment: '~2**68' },
  { ieee754: '7fffffffffffffff', json: undefined, comment: 'NaN' },
  { ieee754: '7ff0000000000000', json: undefined, comment: 'Infinity' },
  { ieee754: '44b52d02c7e14af5', json: '9.999999999999997e+22', comment: '' },
  { ieee754: '44b52d02c7e14af6', json: '1e+23', comment: '' },
  { ieee754: '44b52d02c7e14af7', json: '1.0000000000000001e+23', comment: '' },
  { ieee754: '444b1ae4d6e2ef4e', json: '999999999999999700000', comment: '' },
  { ieee754: '444b1ae4d6e2ef4f', json: '999999999999999900000', comment: '' },
  { ieee754: '444b1ae4d6e2ef50', json: '1e+21', comment: '' },
  { ieee754: '3eb0c6f7a0b5ed8c', json: '9.999999999999997e-7', comment: '' },
  { ieee754: '3eb0c6f7a0b5ed8d', json: '0.000001', comment: '' },
  { ieee754: '41b3de4355555553', json: '333333333.3333332', comment: '' },
  { ieee754: '41b3de4355555554', json: '333333333.33333325', comment: '' },
  { ieee754: '41b3de4355555555', json: '333333333.3333333', comment: '' },
  { ieee754: '41b3de4355555556', json: '333333333.3333334', comment: '' },
  { ieee754: '41b3de4355555557', json: '333333333.33333343', comment: '' },
  { ieee754: 'becbf647612f3696', json: '-0.0000033333333333333333', comment: '' },
  { ieee754: '43143ff3c1cb0959', json: '1424953923781206.2', comment: 'Round to even' },
];
