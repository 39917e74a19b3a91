/** ed25519/: RFC 8032 §7.1 test vectors, expected values exactly as published (rfc8032-data.ts). */
import { RFC8032_TESTS } from './rfc8032-data.js';
import type { Vector } from './vector-file.js';

/** "TEST SHA(abc)" → "sha-abc", "TEST 1024" → "1024". */
export function rfc8032CaseName(testName: string): string {
  return testName
    .replace(/^TEST /, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function ed25519Vectors(): Map<string, Vector> {
  const vectors = new Map<string, Vector>();
  for (const test of RFC8032_TESTS) {
    const messageBytes = test.message.length / 2;
    vectors.set(`rfc8032-test-${rfc8032CaseName(test.name)}`, {
      description:
        `RFC 8032 §7.1 ${test.name} (Ed25519, message of ${messageBytes} bytes): the seed must ` +
        'give the published public key and, signing the message, the published signature ' +
        '(Ed25519 is deterministic); the signature must verify against the public key and fail ' +
        'once a single bit is flipped.',
      input: { secretKey: test.secretKey, message: test.message },
      expected: { publicKey: test.publicKey, signature: test.signature },
    });
  }
  return vectors;
}
